#pragma once
// Config of the `bit_fusion` compute engine (the `compute:` section with
// kind: bit_fusion). Every field, its unit and default: docs/formats.md.
#include <cstdint>
#include <string>

#include "hw/bit_fusion/fusion_law.hpp"

namespace hcm {

class YamlMap;

// Bit Fusion: rows x cols Fusion Units of (max_bits/brick_bits)^2 BitBricks.
struct BitFusionConfig {
    int64_t rows = 16;             // units along the reduction (input channels): N
    int64_t cols = 32;             // units along the output channels: M
    int brick_bits = 2;
    int max_bits = 8;              // widest operand fused in one cycle
    // Energy and area table of one Fusion Unit. Defaults: the synthesis point
    // published by Sharma et al., ISCA 2018 (45 nm, 500 MHz) for this max/brick pair,
    // 8/2: 1,733.1 µm², 344.3 µW; other pairs scale the 8/2 point by brick count.
    double unit_um2 = 0;
    double unit_uw = 0;            // dynamic power at synthesis_mhz, every brick busy
    double synthesis_mhz = 500;
    double brick_pj = 0;           // one BitBrick product; default unit_uw / synthesis_mhz / bricks
    bool published_point = false;  // the defaults are a published synthesis point (not scaled)
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
BitFusionConfig readBitFusion(YamlMap& compute);

// The engine's parameters (hw/bit_fusion/fusion_law.hpp).
BitFusionParams bitFusionParams(const BitFusionConfig& config);

}  // namespace hcm
