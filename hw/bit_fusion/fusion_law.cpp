#include "fusion_law.hpp"

#include <algorithm>
#include <stdexcept>

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

struct Operand {
    int64_t fused = 1, passes = 1, bricks = 1;
};

Operand operandOf(const BitFusionParams& p, int bits) {
    Operand o;
    if (bits <= p.max_bits) {
        const int width = std::max(bits, p.brick_bits);
        o.fused = p.max_bits / width;
        o.bricks = ceilDiv(width, p.brick_bits);
    } else {
        o.passes = ceilDiv(bits, p.max_bits);
        o.bricks = p.max_bits / p.brick_bits;
    }
    return o;
}

}  // namespace

FusionLaw fusionLaw(const BitFusionParams& p, int abits, int wbits) {
    if (abits < 1 || wbits < 1) throw std::invalid_argument("fusionLaw: bits must be >= 1");
    const Operand a = operandOf(p, abits), w = operandOf(p, wbits);
    FusionLaw law;
    law.fa = a.fused, law.fw = w.fused;
    law.passes = a.passes * w.passes;
    law.bricks_per_product = a.bricks * w.bricks;
    return law;
}

double bitFusionPeakMacsPerCycle(const BitFusionParams& p, int abits, int wbits) {
    const FusionLaw law = fusionLaw(p, abits, wbits);
    return double(p.rows * p.cols * law.productsPerUnit()) / double(law.passes);
}

}  // namespace hcm
