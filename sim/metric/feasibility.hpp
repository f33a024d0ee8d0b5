#pragma once
// Whether a platform can run a network at all, decided without simulating by
// the same code the layer controller runs: the engine's layout of each layer
// (EngineOracle) and the tile planner. `estimate`, `sweep` and `search` ask it
// first, so a design point that `run` would reject is reported as infeasible
// with the same message, never as a number.
#include <optional>
#include <string>

#include "engine_oracle.hpp"
#include "sim/config/platform_config.hpp"
#include "workloads/network.hpp"

namespace hcm {

struct Infeasibility {
    size_t layer = 0;       // index of the first layer the design cannot run
    std::string message;    // the InputError text `run` would print
};

// The first layer the design cannot run, if any. `oracle` must be bound to
// the network (EngineOracle::bindNetwork) when its layout depends on it.
std::optional<Infeasibility> findInfeasibleLayer(const PlatformConfig& platform, const Network& net,
                                                 const EngineOracle& oracle);

// Throws the InputError `run` would throw for the first such layer.
void requireFeasible(const PlatformConfig& platform, const Network& net, const EngineOracle& oracle);
void requireFeasible(const PlatformConfig& platform, const Network& net);

}  // namespace hcm
