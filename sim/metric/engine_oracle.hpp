#pragma once
// Answers "how does this platform's engine lay out this layer" without
// simulating: one engine instance (a TLM module that is never run) is asked
// for the FoldSpace of each layer, so every engine kind — including ones
// added later — serves the calibrated estimator with its own compute model.
#include <map>
#include <memory>
#include <tuple>
#include <vector>

#include "hw/common/compute_engine.hpp"
#include "hw/controller/layer_controller.hpp"
#include "hw/controller/tile_plan.hpp"
#include "sim/config/platform_config.hpp"
#include "workloads/layer.hpp"
#include "workloads/network.hpp"

namespace hcm {

class EngineOracle {
public:
    explicit EngineOracle(const PlatformConfig& platform);
    ~EngineOracle();

    // Lays out a whole network the way the engine does when it runs it (some
    // engines share resources between layers); later questions about its
    // layers (by name) use that layout. Without it, each layer on its own.
    void bindNetwork(const Network& net);

    // The fold space of one group of a conv/fc layer.
    FoldSpace foldSpace(const Layer& layer) const;
    // The engine's stall-free cycles for the whole layer (all groups); 0 for
    // memory-only layers.
    int64_t idealCycles(const Layer& layer) const;
    int64_t vectorLanes() const { return engine_->vectorLanes(); }
    // The layer controller's tiling of one group of a conv/fc layer (memoised).
    TilePlan plan(const Layer& layer) const;
    // The engine's compute cycles for one group under that tiling, summed
    // tile by tile from the engine's own tile timing when it provides one
    // (ComputeEngine::tileCycles), else the planner's fold arithmetic.
    double plannedComputeCycles(const Layer& layer) const;
    const ControllerParams& controller() const { return controller_; }
    // The engine instance (never simulated) whose tile costs estimators use.
    const ComputeEngine& engine() const { return *engine_; }

private:
    std::unique_ptr<ComputeEngine> engine_;
    ControllerParams controller_;
    std::map<std::string, FoldSpace> bound_;  // by layer name, from bindNetwork
    // A layer's shape, precision and fold space: what its plan depends on.
    using PlanKey = std::vector<int64_t>;
    static PlanKey planKey(const Layer& layer, const FoldSpace& space);
    mutable std::map<PlanKey, TilePlan> plans_;
    mutable std::map<PlanKey, double> planned_;
    mutable std::map<std::tuple<int64_t, int64_t, int64_t, int, int, int, bool, int64_t, int64_t, bool>, FoldSpace> cache_;
};

// The GEMM one group of a conv/fc layer is (as the layer controller builds it).
GemmProblem gemmProblemOf(const Layer& layer);

}  // namespace hcm
