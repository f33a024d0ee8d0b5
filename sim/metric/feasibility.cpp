#include "feasibility.hpp"

#include "hw/controller/layer_controller.hpp"
#include "hw/controller/vector_step_source.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

// Plans one layer as the controller would; throws the InputError `run` would.
void planLayer(const Layer& L, const EngineOracle& oracle) {
    try {
        if (L.hasWeights())
            oracle.plan(L);
        else
            planVectorTiles(L, oracle.controller().budget);
    } catch (const DesignError& e) {
        throwLayerDesignError(L, e);
    }
}

}  // namespace

std::optional<Infeasibility> findInfeasibleLayer(const PlatformConfig&, const Network& net,
                                                 const EngineOracle& oracle) {
    for (size_t i = 0; i < net.layers.size(); ++i) {
        try {
            planLayer(net.layers[i], oracle);
        } catch (const InputError& e) {
            return Infeasibility{i, e.what()};
        }
    }
    return std::nullopt;
}

void requireFeasible(const PlatformConfig&, const Network& net, const EngineOracle& oracle) {
    for (const Layer& L : net.layers) planLayer(L, oracle);
}

void requireFeasible(const PlatformConfig& platform, const Network& net) {
    EngineOracle oracle(platform);
    // A layer the engine cannot place at all fails its own check below.
    try {
        oracle.bindNetwork(net);
    } catch (const DesignError&) {
    }
    requireFeasible(platform, net, oracle);
}

}  // namespace hcm
