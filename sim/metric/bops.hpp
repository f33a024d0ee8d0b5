#pragma once
// Bit operations (BOPs) of the HCM paper: a MAC of a b_a-bit activation and a
// b_w-bit weight costs a b_a x b_w multiplier plus an accumulator as wide as
// b_a + b_w + log2(n·R·S), where n·R·S is the number of products summed into
// one output:
//
//   BOPs = N·P·Q · m·n·R·S · ( b_a·b_w + b_a + b_w + ceil(log2(n·R·S)) )
//
// The accumulator is a whole number of bits, hence ceil(log2(.)); for the
// power-of-two reductions of the published example both readings agree.
#include <cstdint>

#include "workloads/layer.hpp"

namespace hcm {

// Accumulator width in bits for a layer: b_a + b_w + ceil(log2(reduction)).
int64_t accumulatorBits(const Layer& layer);
// BOPs of one MAC of this layer (0 for memory-only layers).
int64_t bopsPerMac(const Layer& layer);
// BOPs of the whole layer.
int64_t layerBops(const Layer& layer);

// ceil(log2(x)) for x >= 1.
int ceilLog2(int64_t x);

}  // namespace hcm
