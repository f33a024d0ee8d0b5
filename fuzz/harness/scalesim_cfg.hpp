#pragma once
// SCALE-Sim v2 hardware config (.cfg): translated to the platform YAML, read
// as a platform, estimated on a small network and costed.
#include "common.hpp"
#include "sim/config/scalesim_config.hpp"
#include "sim/metric/platform_cost.hpp"

namespace hcm::fuzz {

inline Outcome scaleSimCfg(const std::string& input) {
    return guarded([&] {
        const PlatformConfig p = parsePlatformConfig(scaleSimConfigTextToYaml(input, "fuzz.cfg"), "fuzz.cfg");
        const NetworkEstimate est = estimateNetwork(p, [] {
            Network net = tinyNetwork();
            resolvePrecision(net, {});
            return net;
        }());
        jsonText(estimateJson(est, p));
        platformCost(p);
    });
}

}  // namespace hcm::fuzz
