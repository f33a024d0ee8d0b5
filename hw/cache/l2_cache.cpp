#include "l2_cache.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "hw/common/payload_data.hpp"
#include "hw/common/scoped_extension.hpp"

namespace hcm {

using sc_core::sc_time;

L2Cache::L2Cache(sc_core::sc_module_name name, const L2CacheParams& params, sc_time clockPeriod)
    : sc_module(name), socket("socket"), to_memory("to_memory"), tags_(params), clock_(clockPeriod),
      free_(sc_core::SC_ZERO_TIME) {
    socket.register_b_transport(this, &L2Cache::b_transport);
    gp_.set_data_ptr(dummyPayloadData());
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_dmi_allowed(false);
}

sc_time L2Cache::toMemory(tlm::tlm_command command, const std::vector<DmaSegment>& segs, const sc_time& at) {
    uint64_t bytes = 0;
    for (const DmaSegment& s : segs) bytes += s.bytes;
    GatherList list;
    list.segments = segs.data();
    list.count = segs.size();
    ScopedExtension<GatherList> attach(gp_, &list);
    gp_.set_command(command);
    gp_.set_address(segs.front().address);
    gp_.set_data_length(static_cast<unsigned>(bytes));
    gp_.set_streaming_width(static_cast<unsigned>(bytes));
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time d = at > now ? at - now : sc_core::SC_ZERO_TIME;
    to_memory->b_transport(gp_, d);
    if (gp_.is_response_error())
        throw std::logic_error(std::string(name()) + ": memory rejected a " +
                               (command == tlm::TLM_READ_COMMAND ? "fill" : "write-back"));
    return now + d;
}

void L2Cache::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    const tlm::tlm_command cmd = gp.get_command();
    if (cmd == tlm::TLM_IGNORE_COMMAND || gp.get_data_length() == 0) {
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const bool isWrite = cmd == tlm::TLM_WRITE_COMMAND;
    fetch_.clear();
    writeback_.clear();
    SectorAccess a;
    auto lookup = [&](uint64_t address, uint64_t bytes) {
        const SectorAccess s = isWrite ? tags_.write(address, bytes, writeback_)
                                       : tags_.read(address, bytes, fetch_, writeback_);
        a.requests += s.requests, a.sectors += s.sectors, a.hits += s.hits, a.misses += s.misses;
        a.writeback_sectors += s.writeback_sectors;
    };
    GatherList* gather = nullptr;
    gp.get_extension(gather);
    if (gather && gather->segments) {
        for (size_t i = 0; i < gather->count; ++i) lookup(gather->segments[i].address, gather->segments[i].bytes);
    } else {
        lookup(gp.get_address(), gp.get_data_length());
    }

    const sc_time now = sc_core::sc_time_stamp();
    const sc_time start = std::max(now + delay, free_);
    const double perCycle = params().bytes_per_cycle;
    const int64_t serve =
        perCycle > 0 ? int64_t(std::ceil(double(a.sectors * params().sector_bytes) / perCycle - 1e-9)) : 0;
    free_ = start + clock_ * double(serve);
    sc_time done = start + clock_ * double(params().hit_latency_cycles + serve);
    // Fills after the tag lookup; write-backs after the fills (reads first).
    if (!fetch_.empty()) done = std::max(done, toMemory(tlm::TLM_READ_COMMAND, fetch_, start + clock_ * double(params().hit_latency_cycles)));
    if (!writeback_.empty()) toMemory(tlm::TLM_WRITE_COMMAND, writeback_, start);
    delay = done - now;

    stats_.transactions += 1;
    stats_.requests += a.requests;
    stats_.sectors += a.sectors;
    stats_.busy_cycles += serve;
    stats_.writeback_sectors += a.writeback_sectors;
    if (isWrite) {
        stats_.write_sectors += a.sectors;
        stats_.write_hits += a.hits;
    } else {
        stats_.read_sectors += a.sectors;
        stats_.read_hits += a.hits;
        stats_.fill_sectors += a.misses;
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

EngineCounters l2Counters(const L2Stats& s) {
    return {{"l2_requests", double(s.requests)},
            {"l2_sectors", double(s.sectors)},
            {"l2_read_sectors", double(s.read_sectors)},
            {"l2_read_hit_sectors", double(s.read_hits)},
            {"l2_write_sectors", double(s.write_sectors)},
            {"l2_fill_sectors", double(s.fill_sectors)},
            {"l2_writeback_sectors", double(s.writeback_sectors)},
            {"l2_hit_rate", 0.0},
            {"l2_sectors_per_request", 0.0}};
}

void appendL2Counters(EngineCounters& out, const L2Stats& stats) {
    for (auto& c : l2Counters(stats)) out.push_back(std::move(c));
}

void deriveL2Ratios(EngineCounters& layer) {
    auto find = [&](const char* name) -> double* {
        for (auto& [n, v] : layer)
            if (n == name) return &v;
        return nullptr;
    };
    double *reads = find("l2_read_sectors"), *hits = find("l2_read_hit_sectors"), *rate = find("l2_hit_rate");
    double *sectors = find("l2_sectors"), *requests = find("l2_requests"), *spr = find("l2_sectors_per_request");
    if (reads && hits && rate) *rate = *reads > 0 ? *hits / *reads : 0.0;
    if (sectors && requests && spr) *spr = *requests > 0 ? *sectors / *requests : 0.0;
}

}  // namespace hcm
