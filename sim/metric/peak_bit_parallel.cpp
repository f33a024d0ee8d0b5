#include <algorithm>
#include <cmath>

#include "engine_peak.hpp"

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Bit-parallel PE of native width P: ⌊P/b_a⌋·⌊P/b_w⌋ products a cycle when
// packing, one otherwise; wider operands take ⌈b/P⌉ passes each.
EnginePeak bitParallel(const BitParallelConfig& c, const Precision& p) {
    const int P = c.mac_bits;
    const int64_t pa = (c.pack && p.abits <= P) ? P / p.abits : 1;
    const int64_t pw = (c.pack && p.wbits <= P) ? P / p.wbits : 1;
    const int64_t passes = ceilDiv(p.abits, P) * ceilDiv(p.wbits, P);
    EnginePeak e;
    e.macs_per_cycle = double(c.rows * c.cols * pa * pw) / double(passes);
    e.datapath = std::to_string(P) + "b MAC";
    if (pa * pw > 1) e.datapath += ", " + std::to_string(pa) + "x" + std::to_string(pw) + " packed";
    if (passes > 1) e.datapath += ", " + std::to_string(passes) + " passes";
    return e;
}

}  // namespace

EnginePeak peakBitParallel(const PlatformConfig& p, const Layer& L) { return bitParallel(p.compute.bit_parallel, L.prec); }

}  // namespace hcm
