#pragma once
// Chaining of a native network: every layer must read tensors some earlier
// layer wrote, shape for shape, so a typo in a hand-written network (a wrong
// channel count, a forgotten stride) is an input error instead of a silently
// different workload. docs/formats.md states the rules; in short:
//
//   * a layer reads the previous layer's output, unless it names its
//     producers with `from:` (several conv/fc/pool producers are concatenated
//     along channels; `@input` is a network input, whose shape is free);
//   * the first layer reads a network input;
//   * a tensor [C, H, W] at batch N is read by an fc as N rows of C·H·W
//     features (flattened) or as N·H·W rows of C features (per pixel,
//     channels-last); an fc's output, m rows of `out` features, is read back
//     as [C, H, W] when m = N and out = C·H·W, or m = N·H·W and out = C;
//   * add and eltwise: `from:` lists every full-size operand (eltwise may
//     name its broadcast operand last); without it only the previous layer is
//     checked. An eltwise with a broadcast operand whose `from:` names only
//     the full-size ones takes the previous layer as that operand.
//
// Native YAML files and the programmatic families are checked; SCALE-Sim
// topologies and ONNX imports are not (their layers are independent or their
// graph is checked by the importer).
#include <vector>

#include "network.hpp"

namespace hcm {

// The name `from:` uses for a network input.
inline constexpr const char* kNetworkInputName = "@input";

// Where a layer's `in` and `from` keys are, for error messages; a default
// (empty) location falls back to the layer's own.
struct LayerKeyLocations {
    SourceLocation in;
    SourceLocation from;
};

// Throws InputError naming the layer, the location of its `in` (or `from`)
// key and both shapes. `where` is empty or has one entry per layer.
void checkNetworkChain(const Network& net, const std::vector<LayerKeyLocations>& where = {});

}  // namespace hcm
