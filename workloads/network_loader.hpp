#pragma once
// Resolves what the user passed to --net: a zoo name ("resnet50"), a native
// YAML file, a SCALE-Sim topology CSV or an ONNX model; then applies batch and
// precision.
#include <optional>
#include <string>
#include <vector>

#include "network.hpp"
#include "quant_policy.hpp"

namespace hcm {

struct NetworkRequest {
    NetworkRequest() = default;
    NetworkRequest(std::string s) : spec(std::move(s)) {}  // NOLINT: implicit on purpose ({"resnet18"})

    std::string spec;                       // zoo name or path
    std::optional<int64_t> batch;           // --batch
    bool im2colFirstLayer = false;          // --im2col-first-layer (see im2col.hpp)
    PrecisionOverride cli;                  // --wbits/--abits/--obits
    std::string quantPolicyFile;            // --quant (empty: none)
};

// Directory of the model zoo: $HCMSIM_ZOO_DIR, else the source tree's workloads/zoo.
std::string zooDirectory();
std::vector<std::string> zooNames();

// The file a network spec reads: the path itself, or a zoo network's YAML;
// empty for a generated network (random_cnn:..., cifar_resnet:...), whose
// spec is its whole input.
std::string networkSourceFile(const std::string& spec);

// Loads the network's shapes only (no precision resolution). Importer warnings
// (ONNX data movement) are appended to `warnings` when given.
Network loadNetworkShapes(const std::string& spec, std::vector<std::string>* warnings = nullptr);

// Loads, applies batch and precision, validates. Warnings go to `warnings`.
Network loadNetwork(const NetworkRequest& request, std::vector<std::string>* warnings = nullptr);

}  // namespace hcm
