#pragma once
// The interconnect between the DMA engines and DRAM as a TLM-2.0 component.
//
// Params: InterconnectParams (channel width, latency, pJ/bit).
// Ports:  `targets` (multi-passthrough target): one binding per initiator
//         (DMA load engine, DMA store engine, ...); `to_memory`: the DRAM.
// Timing: each direction is a channel that moves width_bits per cycle and
//         serves transactions first-come-first-served in simulated time: a
//         transfer begins when it arrives and the channel is free, holds the
//         channel for ceil(bits / width) cycles, and completes when both the
//         channel transfer and the memory behind it are done, plus latency.
//         A narrow interconnect therefore caps bandwidth below the DRAM's.
// Stats:  per direction bytes, busy and waiting cycles; per port bytes.
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <vector>

#include "interconnect_params.hpp"

namespace hcm {

struct InterconnectStats {
    int64_t transactions = 0;
    int64_t read_bytes = 0, write_bytes = 0;
    int64_t read_busy_cycles = 0, write_busy_cycles = 0;
    int64_t read_wait_cycles = 0, write_wait_cycles = 0;  // queued behind earlier transfers
    std::vector<int64_t> port_bytes;                        // by binding order of `targets`
    double energy_pj = 0;
};

class Interconnect : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<Interconnect> targets;
    tlm_utils::simple_initiator_socket<Interconnect> to_memory;

    Interconnect(sc_core::sc_module_name name, const InterconnectParams& params, sc_core::sc_time clockPeriod);

    const InterconnectStats& stats() const { return stats_; }
    const InterconnectParams& params() const { return params_; }

private:
    void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    InterconnectParams params_;
    sc_core::sc_time clock_;
    sc_core::sc_time readFree_, writeFree_;  // when each channel is next free
    InterconnectStats stats_;
};

}  // namespace hcm
