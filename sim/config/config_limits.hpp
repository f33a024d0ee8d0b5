#pragma once
// Upper bounds on well-formed but absurd config values (docs/limits.md): a value
// above them is rejected with the key's location instead of exhausting memory
// or overflowing a product further on.
#include <cstdint>

namespace hcm {

constexpr int64_t kMaxConfigCount = int64_t(1) << 20;        // PEs per side, tiles, SMs, ...
constexpr int64_t kMaxConfigCapacityKib = int64_t(1) << 30;  // 1 TiB of buffer

}  // namespace hcm
