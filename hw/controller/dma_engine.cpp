#include "dma_engine.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "hw/common/gather_list.hpp"
#include "hw/common/payload_data.hpp"
#include "hw/common/time_units.hpp"
#include "hw/common/scoped_extension.hpp"

namespace hcm {

using sc_core::sc_time;

namespace {
// A gather transaction stays well inside the 32-bit payload length.
constexpr uint64_t kMaxGatherBytes = uint64_t(1) << 28;
}  // namespace

const char* toString(Operand op) {
    switch (op) {
        case Operand::Ifmap: return "ifmap";
        case Operand::Weight: return "weight";
        case Operand::Ofmap: return "ofmap";
        case Operand::Residual: return "residual";
        case Operand::Psum: return "psum";
    }
    return "?";
}

DmaEngine::DmaEngine(sc_core::sc_module_name name)
    : sc_module(name), cmd("cmd"), load_mem("load_mem"), store_mem("store_mem"), loadFree_(sc_core::SC_ZERO_TIME),
      storeFree_(sc_core::SC_ZERO_TIME) {
    const std::pair<BufferRole, const char*> sockets[] = {
        {BufferRole::Ifmap, "to_ifmap"}, {BufferRole::Weight, "to_weight"}, {BufferRole::Ofmap, "to_ofmap"}};
    for (const auto& s : sockets)
        to_buffer[size_t(bufferIndex(s.first))] =
            std::make_unique<tlm_utils::simple_initiator_socket<DmaEngine>>(s.second);
    gp_.set_data_ptr(dummyPayloadData());
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_dmi_allowed(false);
    cmd.register_b_transport(this, &DmaEngine::b_transport);
}

void DmaEngine::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    DmaCommand* c = nullptr;
    gp.get_extension(c);
    if (!c || (c->op != DmaCommand::Op::Release && !c->segments)) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    const sc_time now = sc_core::sc_time_stamp();
    const sc_time at = now + delay;
    sc_time end = at;
    stats_.commands += 1;
    switch (c->op) {
        case DmaCommand::Op::Load:
            c->started = std::max(at, loadFree_);
            end = load(c->what, c->buffer, *c->segments, c->buffer_base, at);
            break;
        case DmaCommand::Op::Store:
            c->started = std::max(at, storeFree_);
            end = store(c->what, c->buffer, *c->segments, c->buffer_base, at);
            break;
        case DmaCommand::Op::Release:
            c->started = at;
            release(c->buffer, c->buffer_base, c->release_bytes, at);
            break;
    }
    delay = end - now;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void DmaEngine::setProbe(TimelineProbe* probe) {
    probe_ = probe;
    if (probe_) {
        loadTrack_ = probe_->declareTrack(std::string(name()) + ".load");
        storeTrack_ = probe_->declareTrack(std::string(name()) + ".store");
    }
}

sc_time DmaEngine::transport(tlm_utils::simple_initiator_socket<DmaEngine>& port, tlm::tlm_command cmd,
                             uint64_t address, uint64_t bytes, const sc_time& at) {
    gp_.set_command(cmd);
    gp_.set_address(address);
    gp_.set_data_length(static_cast<unsigned>(bytes));
    gp_.set_streaming_width(static_cast<unsigned>(bytes));
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time delay = at > now ? at - now : sc_core::SC_ZERO_TIME;
    port->b_transport(gp_, delay);
    if (gp_.is_response_error())
        throw std::logic_error(std::string(name()) + ": " + gp_.get_response_string() + " at address " +
                               std::to_string(address) + " (" + std::to_string(bytes) + " bytes)");
    return now + delay;
}

// A transfer goes to DRAM as scatter-gather transactions (one per tile, split
// only beyond kMaxGatherBytes) so the DRAM controller queues the bursts of
// all its segments together.
template <class Fn>
static void forEachGather(const SegmentList& segs, Fn&& fn) {
    const auto& v = segs.segments();
    size_t first = 0;
    uint64_t bytes = 0;
    for (size_t i = 0; i < v.size(); ++i) {
        if (i > first && bytes + v[i].bytes > kMaxGatherBytes) {
            fn(&v[first], i - first, bytes);
            first = i;
            bytes = 0;
        }
        bytes += v[i].bytes;
    }
    if (first < v.size()) fn(&v[first], v.size() - first, bytes);
}

sc_time DmaEngine::gather(tlm_utils::simple_initiator_socket<DmaEngine>& port, tlm::tlm_command cmd,
                          const DmaSegment* segs, size_t count, uint64_t bytes, const sc_time& at) {
    GatherList list;
    list.segments = segs;
    list.count = count;
    ScopedExtension<GatherList> attach(gp_, &list);
    return transport(port, cmd, segs[0].address, bytes, at);
}

sc_time DmaEngine::load(Operand what, int buffer, const SegmentList& segs, uint64_t bufferBase,
                        const sc_time& earliest) {
    const sc_time start = std::max(earliest, loadFree_);
    sc_time end = start;
    uint64_t offset = bufferBase;
    forEachGather(segs, [&](const DmaSegment* first, size_t count, uint64_t bytes) {
        const sc_time arrived = gather(load_mem, tlm::TLM_READ_COMMAND, first, count, bytes, start);
        end = std::max(end, transport(*to_buffer[size_t(buffer)], tlm::TLM_WRITE_COMMAND, offset, bytes, arrived));
        offset += bytes;
    });
    loadFree_ = end;
    const int i = int(what);
    stats_.bytes[size_t(i)] += int64_t(segs.totalBytes());
    stats_.transfers[size_t(i)] += 1;
    stats_.segments[size_t(i)] += int64_t(segs.segments().size());
    stats_.load_busy_ps += int64_t(toPs(end - start));
    if (probe_) probe_->slice(loadTrack_, toPs(start), toPs(end), label_ + toString(what));
    return end;
}

sc_time DmaEngine::store(Operand what, int buffer, const SegmentList& segs, uint64_t bufferBase,
                         const sc_time& earliest) {
    const sc_time start = std::max(earliest, storeFree_);
    const sc_time read = transport(*to_buffer[size_t(buffer)], tlm::TLM_READ_COMMAND, bufferBase, segs.totalBytes(), start);
    sc_time end = read;
    forEachGather(segs, [&](const DmaSegment* first, size_t count, uint64_t bytes) {
        end = std::max(end, gather(store_mem, tlm::TLM_WRITE_COMMAND, first, count, bytes, read));
    });
    storeFree_ = end;
    const int i = int(what);
    stats_.bytes[size_t(i)] += int64_t(segs.totalBytes());
    stats_.transfers[size_t(i)] += 1;
    stats_.segments[size_t(i)] += int64_t(segs.segments().size());
    stats_.store_busy_ps += int64_t(toPs(end - start));
    if (probe_) probe_->slice(storeTrack_, toPs(start), toPs(end), label_ + toString(what));
    return end;
}

void DmaEngine::release(int buffer, uint64_t base, uint64_t bytes, const sc_time& at) {
    if (bytes == 0) return;
    gp_.set_command(tlm::TLM_IGNORE_COMMAND);
    gp_.set_address(base);
    gp_.set_data_length(static_cast<unsigned>(bytes));
    gp_.set_streaming_width(static_cast<unsigned>(bytes));
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time delay = at > now ? at - now : sc_core::SC_ZERO_TIME;
    (*to_buffer[size_t(buffer)])->b_transport(gp_, delay);
}

}  // namespace hcm
