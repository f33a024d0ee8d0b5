#pragma once
// Native network YAML, loaded as --net file.yaml is: shapes, precision,
// validation, then the estimate on the default platform.
#include "common.hpp"
#include "workloads/network_yaml.hpp"

namespace hcm::fuzz {

inline Outcome networkYaml(const std::string& input) {
    return guarded([&] {
        Network net = parseNetworkYaml(input, "fuzz.yaml");
        estimateLoadedNetwork(net);
    });
}

}  // namespace hcm::fuzz
