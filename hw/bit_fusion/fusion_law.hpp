#pragma once
// Bit Fusion's precision law (Sharma et al., ISCA 2018; the public simulator
// github.com/hsharma35/bitfusion, accelerator.py get_perf_factor): a Fusion
// Unit of (max_bits/brick_bits)^2 BitBricks fuses into
//   f = floor(max_bits / max(b_a, brick)) · floor(max_bits / max(b_w, brick))
// products a cycle, all reduced into the same output (they are f input
// channels). 16 bricks, 2/8 bits: 1 product at 8x8, 4 at 4x4, 16 at 2x2,
// 4 at 8x2. Binary (1-bit, ±1) operands run as 2-bit ones (a signed 2-bit
// brick holds -1 and +1): 16 products a cycle, the brick's product is the
// XNOR. Operands wider than max_bits are cut into ceil(b/max_bits) slices
// multiplied one pass a cycle (spatio-temporal fusion); the public simulator
// does not cover them.
#include <cstdint>

namespace hcm {

struct BitFusionParams {
    int64_t rows = 16;        // Fusion Units along the input channels (N)
    int64_t cols = 32;        // Fusion Units along the output channels (M)
    int brick_bits = 2;
    int max_bits = 8;
    double brick_pj = 0;      // one BitBrick product (with its share of the shift-add tree)

    int64_t bricksPerUnit() const { return int64_t(max_bits / brick_bits) * int64_t(max_bits / brick_bits); }
};

struct FusionLaw {
    int64_t fa = 1, fw = 1;          // activations / weights fused per unit
    int64_t passes = 1;              // cycles per product for operands wider than max_bits
    int64_t bricks_per_product = 1;  // bricks carrying real bits, per pass
    int64_t productsPerUnit() const { return fa * fw; }
};

// Throws std::invalid_argument for bits < 1.
FusionLaw fusionLaw(const BitFusionParams& p, int abits, int wbits);

// rows·cols·f / passes.
double bitFusionPeakMacsPerCycle(const BitFusionParams& p, int abits, int wbits);

}  // namespace hcm
