#pragma once
// The base of every compute engine (systolic, bit-serial, Bit Fusion, RRAM,
// GPU-like SM): the same sockets and the same three commands, so the layer
// controller, tiler and DMA are shared and a new engine only implements its
// own fold space and timing.
//
// Ports:  `cmd` (target): ComputeCommand extensions from the layer controller.
//         `ifmap`, `weight`, `ofmap` (initiators): operand reads and output
//         writes to the on-chip buffers, as TLM transactions.
// Stats:  EngineStats (common) plus engine-specific counters, each a name with
//         its unit (e.g. "bitserial_passes", "brick_utilization").
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compute_command.hpp"

namespace hcm {

struct EngineStats {
    int64_t busy_cycles = 0;           // cycles of all commands
    int64_t array_cycles = 0;          // cycles the engine itself needed
    int64_t buffer_stall_cycles = 0;   // busy - array: waiting on buffer bandwidth
    int64_t commands = 0;              // ComputeCommands received
    int64_t vector_cycles = 0;         // memory-only operations (pool, add)
};

// Named counters an engine adds to the per-layer results (summed over the
// layer by the platform). Names carry their unit.
using EngineCounters = std::vector<std::pair<std::string, double>>;

// What one command costs the engine, computed without simulating: its own
// cycles and the bytes it moves through each buffer port (all starting with
// the command). A command lasts the longest of the array, the ports (each
// buffer's latency + bytes / port width) and `bound_cycles` (a limit of the
// engine's own network: the GPU's L2 bandwidth, the RRAM chip's routers).
// The engine's run is exactly this plus the buffer transactions, so the
// estimators that use it see the engine's own timing.
struct TileCost {
    int64_t array_cycles = 0;
    int64_t bound_cycles = 0;
    // Work the engine finishes in the background after the command (RRAM
    // crossbar rows being written after their weights arrived): the next
    // compute command waits for it.
    int64_t settle_cycles = 0;
    // The background work runs on units (RRAM: crossbars), each unit one job
    // after the other. This command's first unit is the previous command's
    // last one (a crossbar two chunks of weights fill writes one after the
    // other); its work is all on that one unit.
    bool settle_after_previous = false;
    bool settle_within_one_unit = false;
    int64_t ifmap_read_bytes = 0, weight_read_bytes = 0;
    int64_t ofmap_read_bytes = 0, ofmap_write_bytes = 0;
    // The engine's own energy for the command (its "engine_energy_pj"
    // counter): bit-serial lanes, BitBricks, SIMT lanes, crossbars and their
    // converters, NoC and eDRAM. Engines that leave compute energy to the
    // platform's per-MAC figure say 0.
    double energy_pj = 0;
};

class ComputeEngine : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<ComputeEngine> cmd;
    tlm_utils::simple_initiator_socket<ComputeEngine> ifmap, weight, ofmap;

    // How the engine lays a problem over its rows, columns and time
    // (without configuring it; the planner uses this too).
    virtual FoldSpace foldSpace(const GemmProblem& problem) const = 0;
    // The fold spaces of a whole network's conv/fc layers, as the engine lays
    // them out when it knows the network (an engine that shares resources
    // between layers, e.g. RRAM crossbars replicated across layers, overrides
    // this; by default each layer on its own).
    virtual bool layoutDependsOnNetwork() const { return false; }
    // The cost of one Run command (a tile) of `problem`, laid out as `space`
    // (the engine's fold space for it), without simulating (for estimators); `previous`, the Run before it in the same layer, for
    // engines whose cost depends on it (a fold that goes on). Other state the
    // engine keeps between commands (RRAM crossbar writes in flight) is not
    // included.
    virtual TileCost tileCost(const GemmProblem& problem, const FoldSpace& space, const ComputeCommand& run,
                              const ComputeCommand* previous = nullptr) const = 0;
    // The cost of one Vector command (pooling, element-wise operations).
    TileCost vectorCost(const ComputeCommand& c) const;
    virtual std::vector<FoldSpace> foldSpacesInNetwork(const std::vector<GemmProblem>& program) const {
        std::vector<FoldSpace> out;
        out.reserve(program.size());
        for (const auto& p : program) out.push_back(foldSpace(p));
        return out;
    }
    const EngineStats& stats() const { return stats_; }
    // Engine-specific counters accumulated so far (same names every call).
    virtual EngineCounters counters() const { return {}; }
    sc_core::sc_time clock() const { return clock_; }
    // Lanes that run memory-only operations (pooling, adds), one op each a cycle.
    virtual int64_t vectorLanes() const = 0;
    // Whether the engine has floating-point datapaths (fp16 / fp32 layers).
    virtual bool floatingPoint() const { return false; }
    // Throws DesignError when the engine cannot compute the problem's number
    // format (a floating-point layer on an integer engine).
    void requireNumberFormat(const GemmProblem& problem) const;

protected:
    ComputeEngine(sc_core::sc_module_name name, sc_core::sc_time clockPeriod);

    // Fill c.space (configure), or c.cycles / c.array_cycles (run, vector).
    virtual void configure(ComputeCommand& c) = 0;
    virtual void run(ComputeCommand& c, const sc_core::sc_time& start) = 0;
    // Default: `vector_lanes()` lanes, one element operation per lane per cycle.
    virtual void vector(ComputeCommand& c, const sc_core::sc_time& start);

    // Issues the buffer transactions of `cost` at `start` and sets the
    // command's cycles (the longest of array, bound and ports) and array cycles.
    void finishCommand(ComputeCommand& c, const TileCost& cost, const sc_core::sc_time& start);

    // Moves `bytes` over `port` at `start`; returns when the buffer is done.
    // A span below `bytes` re-reads the same range (TLM streaming width).
    sc_core::sc_time access(tlm_utils::simple_initiator_socket<ComputeEngine>& port, tlm::tlm_command command,
                            uint64_t address, uint64_t span, int64_t bytes, const sc_core::sc_time& start);
    int64_t cyclesBetween(const sc_core::sc_time& from, const sc_core::sc_time& to) const;

    EngineStats stats_;

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);

    sc_core::sc_time clock_;
    tlm::tlm_generic_payload gp_;
};

// Bytes of `elements` values of `bits` each, densely packed.
inline int64_t packedBytes(int64_t elements, int bits) { return (elements * bits + 7) / 8; }

}  // namespace hcm
