#pragma once
// The on-chip network of an RRAM accelerator as a TLM-2.0 component: a
// concentrated mesh (ISAAC: one router per 4 tiles) between the chip's I/O
// (where the global buffers sit, attached to router 0 at a corner) and the
// tiles.
//
// Ports:  `in` (target): TileWork transactions from the chip (address = tile).
//         `to_tile[i]` (initiators): one per tile.
// Timing: a transfer reaches the tile's router after hops x router latency
//         (hops = Manhattan distance on the router grid + 1); the router's
//         port to the tile moves width_bits per cycle, first come first
//         served. The tile computes while its inputs stream in; its partial
//         sums go back the same way on the port's return direction. Links
//         between routers are assumed not to saturate.
// Stats:  bits in and out, bit-hops, energy (pJ per bit per hop: the
//         router's power over all its ports at full throughput), waiting on
//         busy ports.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <vector>

namespace hcm {

struct RramNocParams {
    int64_t tiles = 1;
    int64_t tiles_per_router = 4;
    int64_t width_bits = 32;        // per link per cycle
    int64_t hop_latency_cycles = 2;
    double pj_per_bit_hop = 0;
};

struct RramNocStats {
    int64_t transactions = 0;
    int64_t in_bits = 0, out_bits = 0;
    int64_t bit_hops = 0;
    uint64_t wait_ps = 0;           // transfers queued behind earlier ones on a router link
    double energy_pj = 0;
};

class RramNoc : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<RramNoc> in;
    std::vector<std::unique_ptr<tlm_utils::simple_initiator_socket<RramNoc>>> to_tile;

    RramNoc(sc_core::sc_module_name name, const RramNocParams& params, sc_core::sc_time clockPeriod);

    int hops(int64_t tile) const;
    const RramNocStats& stats() const { return stats_; }
    const RramNocParams& params() const { return params_; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    RramNocParams params_;
    sc_core::sc_time clock_;
    int64_t gridCols_ = 1;
    std::vector<sc_core::sc_time> inFree_, outFree_;  // per tile: its router port, each direction
    RramNocStats stats_;
};

}  // namespace hcm
