#pragma once
// An analytical L2 model for the calibrated estimator: which of a layer's
// activation bytes a write-back L2 (the `cache:` section) still holds when the
// layer runs, from the bytes touched in between (LRU stack distance, with the
// cache treated as fully associative).
//
// It follows the platform's DRAM layout of LayerController::layoutDram: layer
// i reads activation buffer i%2 and writes buffer (i+1)%2, add layers read one
// shared residual region, and every layer's weights have their own region. So
// a layer's input hits when the previous layer wrote it, a residual hits when
// the weights and activations streamed since the last add fit beside it, and
// weights miss unless they were read very recently.
#include <vector>

#include "sim/config/platform_config.hpp"
#include "workloads/network.hpp"

namespace hcm {

// Per layer of `net`, the bytes the L2 serves instead of DRAM: input and
// residual bytes still resident, plus the output bytes the write-back cache
// absorbs. All zero when the platform has no L2.
std::vector<double> l2ResidentBytes(const PlatformConfig& platform, const Network& net);

}  // namespace hcm
