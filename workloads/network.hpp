#pragma once
// A network is an ordered list of layers plus its default precision.
#include <cstdint>
#include <string>
#include <vector>

#include "layer.hpp"

namespace hcm {

// Most layers a network may have (the deepest published CNNs have ~1,000);
// a larger one is refused before it takes the machine's memory.
constexpr size_t kMaxNetworkLayers = 50000;

struct Network {
    std::string name;
    std::string source;               // file it came from (or zoo:<name>)
    int64_t batch = 1;
    PrecisionOverride default_precision;  // from the network file
    std::vector<Layer> layers;

    int64_t totalMacs() const;
    int64_t totalWeights() const;
    int64_t totalParams() const;
    int64_t computeLayerCount() const;   // conv + fc
};

}  // namespace hcm
