#pragma once
// Host-side im2col of a convolution, as Bit Fusion's published simulator
// treats a network's first layer: the host expands the input into the
// (P·Q) x (C·R·S) matrix of every window and the accelerator runs a matrix
// product on it. As a layer, that is a 1x1, stride-1 convolution over a
// P x Q x (C·R·S) input: the same MACs, weights and output, a larger input
// read from DRAM (each pixel once per window that covers it). A 3-channel
// first layer otherwise fills 3 of an array's reduction lanes.
#include "network.hpp"

namespace hcm {

// `conv` lowered; an ungrouped convolution (throws InputError otherwise).
Layer im2colLowered(const Layer& conv);

// Lowers the network's first convolution (the first conv layer, which must be
// ungrouped); throws InputError naming `option` when there is none.
void im2colFirstLayer(Network& net, const std::string& option);

}  // namespace hcm
