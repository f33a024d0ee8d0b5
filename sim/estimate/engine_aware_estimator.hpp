#pragma once
// The engine-aware estimator: the middle tier between the HCM roofline and
// the simulation. It needs no fitting. For each layer it replays the layer
// controller's own schedule — the same tile plan, the same steps and their
// DRAM gather lists, the same double-buffered scheduler
// (hw/controller/tile_scheduler.hpp) — timing each compute with the engine's
// own tile cost (ComputeEngine::tileCost) and each transfer with a
// characterization of the memory path (MemoryTiming) instead of simulating
// the TLM modules. Layers follow one another as in the simulation.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "analytic_executor.hpp"
#include "hw/common/buffer_role.hpp"
#include "hw/controller/gemm_step_source.hpp"
#include "memory_timing.hpp"
#include "sim/config/platform_config.hpp"
#include "sim/metric/engine_oracle.hpp"
#include "workloads/network.hpp"

namespace hcm {


struct ReplayedLayer {
    std::string name;
    std::string tiling;
    int64_t cycles = 0;               // the layer's time, platform cycles
    int64_t compute_cycles = 0;       // the engine's array cycles
    int64_t stall_cycles = 0;         // cycles - compute cycles
    int64_t steps = 0;                // tiles the controller runs
    int64_t dram_read_bytes = 0;      // whole bursts, as the DRAM moves them
    int64_t dram_write_bytes = 0;
    // By bufferIndex(BufferRole): ifmap, weight, ofmap buffers (one shared buffer: its traffic split by role).
    int64_t buffer_read_bytes[kBufferRoles] = {0, 0, 0};
    int64_t buffer_write_bytes[kBufferRoles] = {0, 0, 0};
    // Energy by component, as the simulation's run report splits it.
    double compute_energy_pj = 0, buffer_energy_pj = 0, interconnect_energy_pj = 0, dram_energy_pj = 0,
           leakage_energy_pj = 0;
    double energyPj() const {
        return compute_energy_pj + buffer_energy_pj + interconnect_energy_pj + dram_energy_pj + leakage_energy_pj;
    }
    // Adds another layer's figures (network totals).
    void add(const ReplayedLayer& o);
};

struct ReplayedNetwork {
    std::vector<ReplayedLayer> layers;
    ReplayedLayer totals;
};

class EngineAwareEstimator {
public:
    // `timing`: the memory path's characterization (must outlive the estimator).
    EngineAwareEstimator(const PlatformConfig& platform, const MemoryTiming& timing);
    ~EngineAwareEstimator();

    // The layers (all when empty) of the network, one after another from an idle platform.
    ReplayedNetwork run(const Network& net, const std::vector<size_t>& layers = {});

    EngineOracle& oracle() { return *oracle_; }

private:
    // A layer replayed before after the very same layers: the same shape,
    // precision, engine layout and tensor addresses, chained through every
    // layer before it, so it starts from the same state of the memory path
    // (open rows, queued work) at the same time and takes the same time again.
    // The state after it is kept, for the first layer that is not a repeat.
    // (A key without the history reused a layer's time where its weights
    // met another bank's open row: up to 30% off on small layers.)
    struct Memo {
        ReplayedLayer layer;
        uint64_t duration_ps = 0;
        std::shared_ptr<const MemoryPath> memory_after;
        AnalyticExecutor::Timelines timelines_after;
    };
    // `chain`: the key of the layer before (empty for the first).
    std::string memoKey(const Layer& layer, const LayerTensors& tensors, const std::string& chain) const;
    void accountEnergy(ReplayedLayer& r, const Layer& L, const AnalyticExecutor& exec, const MemoryPath& memory,
                       double durationPs) const;

    PlatformConfig platform_;
    static constexpr size_t kMaxMemoEntries = 20000;
    std::map<std::string, Memo> memo_;
    const MemoryTiming& timing_;
    std::unique_ptr<EngineOracle> oracle_;
};

}  // namespace hcm
