#include "bops.hpp"

#include "sim/common/saturating.hpp"

namespace hcm {

int ceilLog2(int64_t x) {
    int bits = 0;
    int64_t v = 1;
    while (v < x) {
        v <<= 1;
        ++bits;
    }
    return bits;
}

int64_t accumulatorBits(const Layer& L) {
    return L.prec.abits + L.prec.wbits + ceilLog2(L.reductionSize());
}

int64_t bopsPerMac(const Layer& L) {
    if (!L.hasWeights()) return 0;
    return int64_t(L.prec.abits) * L.prec.wbits + accumulatorBits(L);
}

int64_t layerBops(const Layer& L) { return satMul(L.macs(), bopsPerMac(L)); }

}  // namespace hcm
