#include <algorithm>
#include <cmath>

#include "engine_peak.hpp"

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Bit Fusion: ⌊8/max(b,2)⌋ per operand for b <= 8; wider operands are
// assembled over ⌈b/8⌉ cycles each (spatio-temporal fusion).
double fusionFactor(int bits, int brick, int maxBits) {
    if (bits <= maxBits) return double(maxBits / std::max(bits, brick));
    return 1.0 / double(ceilDiv(bits, maxBits));
}

EnginePeak bitFusion(const BitFusionConfig& c, const Precision& p) {
    const double fa = fusionFactor(p.abits, c.brick_bits, c.max_bits);
    const double fw = fusionFactor(p.wbits, c.brick_bits, c.max_bits);
    EnginePeak e;
    e.macs_per_cycle = double(c.rows * c.cols) * fa * fw;
    e.datapath = "fusion " + std::to_string(p.abits) + "x" + std::to_string(p.wbits) + " bits";
    return e;
}

}  // namespace

EnginePeak peakBitFusion(const PlatformConfig& p, const Layer& L) { return bitFusion(p.compute.bit_fusion, L.prec); }

}  // namespace hcm
