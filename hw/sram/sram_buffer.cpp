#include "sram_buffer.hpp"

#include <algorithm>

namespace hcm {

using sc_core::sc_time;

SramBuffer::SramBuffer(sc_core::sc_module_name name, const SramParams& params, sc_time clockPeriod)
    : sc_module(name), socket("socket"), params_(params), clock_(clockPeriod) {
    socket.register_b_transport(this, &SramBuffer::b_transport);
}

void SramBuffer::setProbe(TimelineProbe* probe) {
    probe_ = probe;
    if (probe_) occupancySignal_ = probe_->declareSignal(std::string(name()) + ".occupancy_bytes", 64);
}

void SramBuffer::b_transport(int /*port*/, tlm::tlm_generic_payload& gp, sc_time& delay) {
    const uint64_t begin = gp.get_address();
    const uint64_t len = gp.get_data_length();
    // A streaming width below the length means the same range is accessed
    // repeatedly (an engine re-reading a resident tile); bounds apply to it.
    const uint64_t sw = gp.get_streaming_width();
    const uint64_t end = begin + ((sw > 0 && sw < len) ? sw : len);
    if (end > uint64_t(params_.capacity_bytes) || end < begin) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    if (gp.get_command() == tlm::TLM_IGNORE_COMMAND) {
        release(begin, end);
        reportOccupancy(sc_core::sc_time_stamp() + delay);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const int64_t bits = int64_t(len) * 8;
    // width_bits 0 models an ideal buffer (--ideal-memory): no transfer time.
    const int64_t words = params_.width_bits <= 0 ? 0 : (bits + params_.bitsPerCycle() - 1) / params_.bitsPerCycle();
    const bool isRead = gp.is_read();
    const int64_t latency = isRead ? params_.read_latency_cycles : params_.write_latency_cycles;
    stats_.busy_cycles += words;
    if (isRead) {
        stats_.read_bytes += int64_t(len);
        stats_.read_transactions += 1;
        stats_.read_accesses += words;
        stats_.read_energy_pj += double(bits) * params_.read_energy_pj_per_bit;
    } else {
        stats_.write_bytes += int64_t(len);
        stats_.write_transactions += 1;
        stats_.write_accesses += words;
        stats_.write_energy_pj += double(bits) * params_.write_energy_pj_per_bit;
        markValid(begin, end);
    }
    delay += clock_ * double(latency + words);
    if (!isRead) reportOccupancy(sc_core::sc_time_stamp() + delay);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void SramBuffer::markValid(uint64_t begin, uint64_t end) {
    if (begin >= end) return;
    // Merge with every range that overlaps or touches [begin, end).
    auto it = valid_.upper_bound(begin);
    if (it != valid_.begin()) {
        auto prev = std::prev(it);
        if (prev->second >= begin) it = prev;
    }
    while (it != valid_.end() && it->first <= end) {
        begin = std::min(begin, it->first);
        end = std::max(end, it->second);
        stats_.occupancy_bytes -= int64_t(it->second - it->first);
        it = valid_.erase(it);
    }
    valid_.emplace(begin, end);
    stats_.occupancy_bytes += int64_t(end - begin);
    stats_.peak_occupancy_bytes = std::max(stats_.peak_occupancy_bytes, stats_.occupancy_bytes);
}

void SramBuffer::release(uint64_t begin, uint64_t end) {
    auto it = valid_.upper_bound(begin);
    if (it != valid_.begin()) --it;
    while (it != valid_.end() && it->first < end) {
        const uint64_t b = it->first, e = it->second;
        if (e <= begin) {
            ++it;
            continue;
        }
        stats_.occupancy_bytes -= int64_t(e - b);
        it = valid_.erase(it);
        if (b < begin) {
            valid_.emplace(b, begin);
            stats_.occupancy_bytes += int64_t(begin - b);
        }
        if (e > end) {
            valid_.emplace(end, e);
            stats_.occupancy_bytes += int64_t(e - end);
        }
    }
}

void SramBuffer::reportOccupancy(const sc_time& at) {
    if (probe_) probe_->sample(occupancySignal_, at.value(), uint64_t(stats_.occupancy_bytes));
}

}  // namespace hcm
