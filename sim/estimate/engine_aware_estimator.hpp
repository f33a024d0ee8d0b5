#pragma once
// The engine-aware estimator: the middle tier between the HCM roofline and
// the simulation. It needs no fitting. For each layer it replays the layer
// controller's own schedule — the same tile plan, the same steps and their
// DRAM gather lists, the same double-buffered scheduler
// (hw/controller/tile_scheduler.hpp) — timing each compute with the engine's
// own tile cost (ComputeEngine::tileCost) and each transfer with a
// characterization of the memory path (MemoryTiming) instead of simulating
// the TLM modules. Layers follow one another as in the simulation.
#include <memory>
#include <string>
#include <vector>

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
    int64_t dram_read_bytes = 0;      // whole bursts, as the DRAM moves them
    int64_t dram_write_bytes = 0;
    int64_t buffer_read_bytes[3] = {0, 0, 0};   // ifmap, weight, ofmap buffers (one buffer: all in [0..2] summed)
    int64_t buffer_write_bytes[3] = {0, 0, 0};
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

    const EngineOracle& oracle() const { return *oracle_; }

private:
    PlatformConfig platform_;
    const MemoryTiming& timing_;
    std::unique_ptr<EngineOracle> oracle_;
};

}  // namespace hcm
