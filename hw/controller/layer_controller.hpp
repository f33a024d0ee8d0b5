#pragma once
// The layer controller: runs a network layer by layer on the platform.
//
// For each layer it asks the compute engine for its fold space (Configure),
// plans a tiling that fits the buffers (tile_plan.hpp), and executes the tile
// loop: DMA descriptors load operand tiles into one half of each buffer while
// the engine computes on the other half (double buffering), finished output
// tiles are stored. Operations are issued in simulated-time order: among the
// next load, compute and store whose dependencies are met, the earliest goes
// first, so the DRAM sees requests in the order hardware would issue them.
//
// Ports:  `engine` (initiator): ComputeCommand to the compute engine.
//         `dma` (initiator): DmaCommand descriptors to the DMA engine.
// Params: ControllerParams (clock, buffer budgets and placement, planner's
//         memory model, quantum for temporal decoupling).
// Stats:  LayerRunStats per layer (compute vs stall time by cause, plan).
#include <csignal>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <exception>
#include <functional>
#include <vector>

#include "dma_command.hpp"
#include "gemm_step_source.hpp"
#include "network_layout.hpp"
#include "hw/common/timeline_probe.hpp"
#include "layer_run_stats.hpp"
#include "tile_plan.hpp"
#include "tile_scheduler.hpp"
#include "workloads/network.hpp"

namespace hcm {

struct ControllerParams {
    sc_core::sc_time clock = sc_core::sc_time(1, sc_core::SC_NS);
    BufferBudget budget;               // bytes per half the planner may fill
    bool shared_buffer = false;
    bool double_buffer = true;
    // Separate buffers: bytes of one half of the ifmap, weight and ofmap buffers.
    int64_t ifmap_half = 0, weight_half = 0, ofmap_half = 0;
    PlannerMemory memory;
    uint64_t dram_capacity_bytes = uint64_t(1) << 33;
    sc_core::sc_time quantum = sc_core::sc_time(10, sc_core::SC_US);
};

// Where a layer's tiles go in the buffers: the halves of separate buffers, or
// (shared buffer) regions of one or two halves per operand, sized by the
// plan's tiles (`in`, `wt`, `out` bytes).
BufferPlacement bufferPlacement(const ControllerParams& params, int64_t in, int64_t wt, int64_t out);

// The InputError for a layer the design cannot run ("layer 'x': cannot be
// tiled: ..."), the same from `run` and from the feasibility check.
[[noreturn]] void throwLayerDesignError(const Layer& layer, const DesignError& e);

class LayerController : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<LayerController> engine;
    tlm_utils::simple_initiator_socket<LayerController> dma;

    // Called at the start and end of every layer (the platform snapshots stats).
    std::function<void(size_t layer, const sc_core::sc_time& at)> onLayerStart;
    std::function<void(const LayerRunStats& stats)> onLayerEnd;

    SC_HAS_PROCESS(LayerController);
    LayerController(sc_core::sc_module_name name, const ControllerParams& params, const Network& net,
                    std::vector<size_t> layersToRun);

    void setProbe(TimelineProbe* probe);
    // The GEMM one group of a conv/fc layer is, as sent to the engine.
    static GemmProblem gemmProblemOf(const Layer& layer);
    const std::vector<LayerRunStats>& results() const { return results_; }
    bool finished() const { return finished_; }
    // The exception that ended the run early, if any (rethrown by the platform).
    std::exception_ptr error() const { return error_; }
    // Polled between layers: a set flag stops the run after the current layer.
    void setStopFlag(const volatile std::sig_atomic_t* flag) { stopRequested_ = flag; }
    const LayerTensors& tensorsOf(size_t layer) const { return tensors_[layer]; }

private:
    void thread();
    void layoutDram();
    LayerRunStats runLayer(size_t index, const sc_core::sc_time& start);
    sc_core::sc_time schedule(StepSource& steps, const sc_core::sc_time& start, LayerRunStats& stats,
                              const BufferPlacement& place);
    struct TlmExecutor;  // the scheduler's operations as TLM transactions
    friend struct TlmExecutor;

    // TLM helpers.
    FoldSpace configureEngine(const GemmProblem& problem, int64_t programIndex);
    sc_core::sc_time compute(ComputeCommand& cmd, const sc_core::sc_time& at);
    sc_core::sc_time dmaTransfer(DmaCommand& cmd, const sc_core::sc_time& at);
    void syncTo(const sc_core::sc_time& t);

    ControllerParams params_;
    const Network& net_;
    std::vector<size_t> layers_;
    std::vector<LayerTensors> tensors_;
    std::vector<GemmProblem> program_;    // conv/fc layers of the network, in order
    std::vector<int64_t> programIndex_;   // per layer: its entry in program_ (-1: none)
    std::vector<LayerRunStats> results_;
    bool finished_ = false;
    std::exception_ptr error_;
    // Never notified: the thread ends by waiting on it (see thread()).
    sc_core::sc_event parked_;
    const volatile std::sig_atomic_t* stopRequested_ = nullptr;
    tlm::tlm_generic_payload gp_;
    TimelineProbe* probe_ = nullptr;
    int layerSignal_ = -1, layerTrack_ = -1, computeTrack_ = -1;
    std::string currentLayer_;
};

}  // namespace hcm
