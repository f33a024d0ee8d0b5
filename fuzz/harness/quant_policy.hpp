#pragma once
// Quantization policy YAML, applied (as --quant is) to a small network whose
// layer names exercise globs, @first and @last; then the estimate.
#include "common.hpp"

namespace hcm::fuzz {

inline Outcome quantPolicy(const std::string& input) {
    return guarded([&] {
        PrecisionRequest request;
        request.policy = parseQuantPolicy(input, "fuzz.yaml");
        Network net = tinyNetwork();
        estimateLoadedNetwork(net, request);
    });
}

}  // namespace hcm::fuzz
