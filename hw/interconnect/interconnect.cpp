#include "interconnect.hpp"

#include <algorithm>

namespace hcm {

using sc_core::sc_time;

Interconnect::Interconnect(sc_core::sc_module_name name, const InterconnectParams& params, sc_time clockPeriod)
    : sc_module(name), targets("targets"), to_memory("to_memory"), params_(params), clock_(clockPeriod),
      readFree_(sc_core::SC_ZERO_TIME), writeFree_(sc_core::SC_ZERO_TIME) {
    targets.register_b_transport(this, &Interconnect::b_transport);
}

void Interconnect::b_transport(int port, tlm::tlm_generic_payload& gp, sc_time& delay) {
    const sc_time now = sc_core::sc_time_stamp();
    const sc_time arrival = now + delay;
    const bool isRead = gp.is_read();
    sc_time& channelFree = isRead ? readFree_ : writeFree_;
    const int64_t bits = int64_t(gp.get_data_length()) * 8;
    // width_bits 0 models an ideal link (--ideal-memory).
    const int64_t transferCycles = params_.width_bits <= 0 ? 0 : (bits + params_.width_bits - 1) / params_.width_bits;

    const sc_time begin = std::max(arrival, channelFree);
    const sc_time transferEnd = begin + clock_ * double(transferCycles);
    channelFree = transferEnd;
    const int64_t waitCycles = int64_t((begin - arrival) / clock_);

    // The memory sees the request once the channel takes it.
    sc_time memDelay = begin - now;
    to_memory->b_transport(gp, memDelay);
    if (gp.is_response_error()) return;
    const sc_time done = std::max(now + memDelay, transferEnd) + clock_ * double(params_.latency_cycles);
    delay = done - now;

    stats_.transactions += 1;
    if (stats_.port_bytes.size() <= size_t(port)) stats_.port_bytes.resize(size_t(port) + 1, 0);
    stats_.port_bytes[size_t(port)] += int64_t(gp.get_data_length());
    stats_.energy_pj += double(bits) * params_.energy_pj_per_bit;
    if (isRead) {
        stats_.read_bytes += int64_t(gp.get_data_length());
        stats_.read_busy_cycles += transferCycles;
        stats_.read_wait_cycles += waitCycles;
    } else {
        stats_.write_bytes += int64_t(gp.get_data_length());
        stats_.write_busy_cycles += transferCycles;
        stats_.write_wait_cycles += waitCycles;
    }
}

}  // namespace hcm
