#pragma once
// One tile of an RRAM accelerator as a TLM-2.0 target: its eDRAM buffer (an
// SramBuffer sub-module bound to the tile's `edram_port`) and its IMAs.
//
// Ports:  `in` (target): TileWork from the NoC (address = tile index).
//         `edram_port` (initiator): the tile's eDRAM (bound inside).
// Timing: the inputs arriving over the NoC are written into the eDRAM, the
//         IMAs read every crossbar's input rows out of it over the
//         eDRAM-to-IMA bus, and the crossbars compute vectors x steps read
//         cycles, all in parallel (crossbars are independent). Reads and the
//         computation overlap (ISAAC's pipeline), so the tile takes the
//         longest of the three.
// Stats:  commands, busy time, crossbar reads; the eDRAM's own SramStats.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <memory>

#include "hw/sram/sram_buffer.hpp"
#include "tile_work.hpp"

namespace hcm {

struct RramTileStats {
    int64_t commands = 0;
    uint64_t busy_ps = 0;         // sum of command durations
    int64_t crossbar_reads = 0;   // crossbars x vectors x steps
    int64_t ima_input_bits = 0;   // over the eDRAM-to-IMA bus
};

class RramTile : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<RramTile> in;
    tlm_utils::simple_initiator_socket<RramTile> edram_port;

    RramTile(sc_core::sc_module_name name, const SramParams& edram, sc_core::sc_time clockPeriod);

    const RramTileStats& stats() const { return stats_; }
    const SramBuffer& edram() const { return *edram_; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    sc_core::sc_time edramAccess(tlm::tlm_command command, int64_t bits, const sc_core::sc_time& at);

    std::unique_ptr<SramBuffer> edram_;
    RramTileStats stats_;
    tlm::tlm_generic_payload gp_;
};

}  // namespace hcm
