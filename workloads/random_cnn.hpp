#pragma once
// Seeded random CNNs with the layer statistics of real ones, for studies that
// need many plausible workloads rather than a handful of famous ones:
//
//   --net random_cnn:seed=7                  (optionally depth=, input=, width=)
//
// A stem conv (stride 2 and perhaps a max pool on large inputs), stages that
// halve the resolution and grow the channels (multiples of 8, at most 2048
// before `width`), blocks drawn from basic residual 3x3, bottleneck
// 1x1-3x3-1x1 (sometimes grouped), inverted residual (depthwise 3x3/5x5/7x7,
// optional squeeze-excitation scale), plain 5x5/7x7 convs, channels-last MLP
// blocks (fc layers over every pixel: m = H·W) and pooling transitions;
// residual adds name their operands with `from:`; a global average pool and
// a classifier fc end it. Every network chains (workloads/network_chain.hpp).
//
//   seed   any integer in [0, 2^63): the same seed gives the same network on
//          every platform (std::mt19937_64, whose output the standard fixes,
//          mapped to integers and reals here, not by std::*_distribution,
//          whose output differs between standard libraries)
//   input  image size, default drawn from 32..256 in steps of 32
//   depth  blocks after the stem (default drawn so that the whole network
//          has 10 to 80 layers)
//   width  channel multiplier (default 1), channels rounded to multiples of 8
#include <cstdint>
#include <optional>
#include <string>

#include "network.hpp"

namespace hcm {

struct RandomCnnOptions {
    uint64_t seed = 0;
    std::optional<int> depth;    // blocks after the stem
    std::optional<int> input;    // image height and width
    double width = 1.0;
    std::string spec;            // the --net text, for layer locations
};

// Layer count limits of a default-depth network.
constexpr int kRandomCnnMinLayers = 10;
constexpr int kRandomCnnMaxLayers = 80;

Network makeRandomCnn(const RandomCnnOptions& options);

}  // namespace hcm
