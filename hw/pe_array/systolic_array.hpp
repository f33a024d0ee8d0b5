#pragma once
// The bit-parallel systolic PE array as a TLM-2.0 component.
//
// Params: SystolicArrayParams (rows x cols, dataflow ws|os|is, native operand
//         width, sub-word packing).
// Ports:  `cmd` (target): ComputeCommand extensions from the layer controller.
//         `ifmap`, `weight`, `ofmap` (initiators): operand reads and output /
//         partial-sum traffic to the on-chip buffers, as TLM transactions.
// Timing: SystolicTimer (SCALE-Sim folds, fill and drain; an interrupted fold
//         pays its overhead again). A unit lasts max(array cycles, the time
//         each buffer needs to deliver its operands), so an under-provisioned
//         buffer stalls the array. Memory-only operations run on `cols` vector
//         lanes, one element operation per lane per cycle.
// Stats:  SystolicArrayStats (busy, array and buffer-stall cycles, units).
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <optional>

#include "hw/common/compute_command.hpp"
#include "systolic_model.hpp"

namespace hcm {

struct SystolicArrayStats {
    int64_t busy_cycles = 0;           // cycles of all commands
    int64_t array_cycles = 0;          // cycles the array needed
    int64_t buffer_stall_cycles = 0;   // busy - array: waiting on buffer bandwidth
    int64_t units = 0;
    int64_t segments = 0;              // fold segments started (overheads charged)
    int64_t vector_cycles = 0;
    int64_t commands = 0;              // ComputeCommands received
};

class SystolicArray : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<SystolicArray> cmd;
    tlm_utils::simple_initiator_socket<SystolicArray> ifmap, weight, ofmap;

    SystolicArray(sc_core::sc_module_name name, const SystolicArrayParams& params, sc_core::sc_time clockPeriod);

    const SystolicArrayParams& params() const { return params_; }
    const SystolicArrayStats& stats() const { return stats_; }
    // The fold space of a problem without configuring the array (for planning).
    FoldSpace foldSpace(const GemmProblem& problem) const;

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void configure(ComputeCommand& c);
    void run(ComputeCommand& c, const sc_core::sc_time& start);
    void vector(ComputeCommand& c, const sc_core::sc_time& start);
    // Moves `bytes` over `port` at `start`; returns when the buffer is done.
    sc_core::sc_time access(tlm_utils::simple_initiator_socket<SystolicArray>& port, tlm::tlm_command command,
                            uint64_t address, uint64_t span, int64_t bytes, const sc_core::sc_time& start);

    SystolicArrayParams params_;
    sc_core::sc_time clock_;
    std::optional<SystolicTimer> timer_;
    GemmProblem problem_;
    SystolicArrayStats stats_;
    tlm::tlm_generic_payload gp_;
};

}  // namespace hcm
