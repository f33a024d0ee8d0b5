#include "sm_model.hpp"

#include <algorithm>
#include <cmath>

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

IterationCost iterationCost(const GpuSmParams& p, const KernelConfig& k, const GemmProblem& prob) {
    const CtaShape& s = k.shape;
    IterationCost c;
    const double words = k.words_per_iteration;
    c.math = double(s.tm * s.tn) * words;
    // 128-bit fragment loads: along the accumulators' pixels and filters, or
    // along the reduction for the one-output-a-thread dot-product kernels.
    c.lds = s.tm == 1 && s.tn == 1 ? std::ceil(double(k.a_row_words + k.b_row_words) / 4.0)
                                   : double(ceilDiv(s.tm, 4) * k.a_row_words + ceilDiv(s.tn, 4) * k.b_row_words);
    const double stageBytes = double(s.bm * k.a_row_words + s.bn * k.b_row_words) * 4.0;
    c.copy = stageBytes / (16.0 * double(p.warp_size)) / double(k.warps);
    const bool unpackA = prob.abits < k.path.path_bits, unpackW = prob.wbits < k.path.path_bits;
    if (k.path.widened) c.unpack = 2.0 * words * double((unpackA ? s.tm : 0) + (unpackW ? s.tn : 0));
    c.overhead = double(p.iteration_overhead_instructions);
    c.cpi = double(p.warp_size) / (double(p.lanes_per_subpartition) * k.path.rate);
    c.epilogue = double(s.tm * s.tn * p.epilogue_instructions_per_output);
    return c;
}

double iterationCycles(const GpuSmParams& p, const KernelConfig& k, const IterationCost& c, const SmemIteration& smem,
                       int64_t b) {
    const double nw = double(ceilDiv(b * k.warps, p.subpartitions));
    const double I = c.instructions();
    const double latency = double(p.global_latency_cycles) / double(std::max<int64_t>(1, p.pipeline_stages - 1));
    return std::max({nw * I, nw * c.math * c.cpi, double(b * smem.wavefronts), I + latency});
}

double roundCycles(const GpuSmParams& p, const KernelConfig& k, const IterationCost& c, const SmemIteration& smem,
                   int64_t b, double iterations, SliceEnds ends) {
    if (b <= 0) return 0;
    const double nw = double(ceilDiv(b * k.warps, p.subpartitions));
    return (ends.prologue ? double(p.global_latency_cycles) : 0.0) + iterations * iterationCycles(p, k, c, smem, b) +
           (ends.epilogue ? nw * c.epilogue : 0.0);
}

CtaWave runCtas(const GpuSmParams& p, const KernelConfig& k, const IterationCost& c, const SmemIteration& smem,
                int64_t ctas, double iterations, SliceEnds ends) {
    CtaWave w;
    if (ctas <= 0 || iterations <= 0 || !k.fits()) return w;
    const int64_t B = k.resident_ctas;
    // SMs with `n` CTAs run them in rounds of B and a last one of n mod B.
    auto smTime = [&](int64_t n, double& warpCycles) {
        const int64_t full = n / B, rest = n % B;
        const double rFull = roundCycles(p, k, c, smem, B, iterations, ends);
        const double rRest = roundCycles(p, k, c, smem, rest, iterations, ends);
        warpCycles = double(full) * double(B * k.warps) * rFull + double(rest * k.warps) * rRest;
        return double(full) * rFull + rRest;
    };
    const int64_t hi = ceilDiv(ctas, p.sms), lo = ctas / p.sms;
    const int64_t smsHi = ctas % p.sms == 0 ? p.sms : ctas % p.sms;
    const int64_t smsLo = ctas % p.sms == 0 ? 0 : (lo > 0 ? p.sms - smsHi : 0);
    double warpHi = 0, warpLo = 0;
    const double tHi = smTime(hi, warpHi), tLo = lo > 0 ? smTime(lo, warpLo) : 0.0;
    w.cycles = int64_t(std::ceil(tHi - 1e-9));
    w.warp_cycles = double(smsHi) * warpHi + double(smsLo) * warpLo;
    w.active_sm_cycles = double(smsHi) * tHi + double(smsLo) * tLo;
    const double perWarp = iterations * c.instructions() + (ends.epilogue ? c.epilogue : 0.0);
    w.warp_instructions = double(ctas * k.warps) * perWarp;
    w.lane_ops = double(ctas * k.warps) * iterations * c.math * double(p.warp_size);
    w.smem_wavefronts = double(ctas) * iterations * double(smem.wavefronts);
    w.smem_conflicts = double(ctas) * iterations * double(smem.conflicts);
    return w;
}

}  // namespace hcm
