#pragma once
// Config of the `bit_fusion` compute engine (the `compute:` section with
// kind: bit_fusion). Every field, its unit and default: docs/formats.md.
#include <cstdint>
#include <string>

namespace hcm {

class YamlMap;

// Bit Fusion: rows x cols Fusion Units of 16 two-bit BitBricks.
struct BitFusionConfig {
    int64_t rows = 16;             // units along the reduction (input channels): N
    int64_t cols = 32;             // units along the output channels: M
    int brick_bits = 2;
    int max_bits = 8;              // widest operand fused in one cycle
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
BitFusionConfig readBitFusion(YamlMap& compute);

}  // namespace hcm
