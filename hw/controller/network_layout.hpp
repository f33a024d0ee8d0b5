#pragma once
// Where a network's tensors live in DRAM while it runs. Shared by the layer
// controller and the engine-aware estimator, so both move the same addresses.
#include <cstdint>
#include <vector>

#include "gemm_step_source.hpp"
#include "workloads/network.hpp"

namespace hcm {

// DRAM memory map: all weights first, then two activation regions used in
// turn (layer i reads one and writes the other) and regions for the second
// inputs of element-wise layers, their broadcast operands and spilled partial
// sums. Each region is as large as the largest tensor it ever holds. Throws
// InputError (naming the network's file) when DRAM is too small.
std::vector<LayerTensors> layoutNetworkTensors(const Network& net, uint64_t capacityBytes);

}  // namespace hcm
