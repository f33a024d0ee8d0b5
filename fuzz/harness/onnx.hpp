#pragma once
// ONNX / QONNX model bytes (a serialized ModelProto), then the estimate.
#include "common.hpp"
#include "workloads/onnx/onnx_import.hpp"

namespace hcm::fuzz {

inline Outcome onnxModel(const std::string& input) {
    return guarded([&] {
        std::vector<std::string> warnings;
        Network net = parseOnnxNetwork(input, "fuzz.onnx", &warnings);
        estimateLoadedNetwork(net);
    });
}

}  // namespace hcm::fuzz
