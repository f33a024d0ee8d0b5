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
    const double stageBytes = double((k.direct_a ? 0 : s.bm * k.a_row_words) + s.bn * k.b_row_words) * 4.0;
    c.copy = stageBytes / (16.0 * double(p.warp_size)) / double(k.warps);
    const bool unpackA = prob.abits < k.path.path_bits, unpackW = prob.wbits < k.path.path_bits;
    if (k.path.widened) c.unpack = 2.0 * words * double((unpackA ? s.tm : 0) + (unpackW ? s.tn : 0));
    c.overhead = double(p.iteration_overhead_instructions);
    c.cpi = double(p.warp_size) / (double(p.lanes_per_subpartition) * k.path.rate);
    c.epilogue = double(s.tm * s.tn * p.epilogue_instructions_per_output);
    return c;
}

double iterationCycles(const GpuSmParams& p, const KernelConfig& k, const IterationCost& c, const SmemIteration& smem,
                       int64_t b, bool waitsForNextStage) {
    const double nw = double(ceilDiv(b * k.warps, p.subpartitions));
    const double I = c.instructions(), L = double(p.global_latency_cycles);
    double t = std::max({nw * I, nw * c.math * c.cpi, double(b * smem.wavefronts)});
    if (p.pipeline_stages <= 1)
        t = std::max(t, I + L);  // no prefetch: every stage is loaded, then used
    else if (waitsForNextStage)
        t = std::max(t, L / double(p.pipeline_stages - 1));
    return t;
}

double roundCycles(const GpuSmParams& p, const KernelConfig& k, const IterationCost& c, const SmemIteration& smem,
                   int64_t b, double iterations, SliceEnds ends) {
    if (b <= 0 || iterations <= 0) return 0;
    const double nw = double(ceilDiv(b * k.warps, p.subpartitions));
    // The reduction's last iteration waits for no further stage.
    const double last = ends.epilogue ? std::min(1.0, iterations) : 0.0;
    return (iterations - last) * iterationCycles(p, k, c, smem, b, true) +
           last * iterationCycles(p, k, c, smem, b, false) + (ends.epilogue ? nw * c.epilogue : 0.0);
}

CtaWave runCtas(const GpuSmParams& p, const KernelConfig& k, const IterationCost& c, const SmemIteration& smem,
                int64_t ctas, double iterations, SliceEnds ends, int64_t concurrent) {
    CtaWave w;
    if (ctas <= 0 || iterations <= 0 || !k.fits()) return w;
    const double share = 1.0 / double(std::max<int64_t>(1, concurrent));
    ctas *= std::max<int64_t>(1, concurrent);
    const int64_t B = k.resident_ctas;
    // SMs with `n` CTAs run them in rounds of B and a last one of n mod B.
    // The first stage's latency is exposed once, when the first CTAs start;
    // a later CTA's first stage loads while the others work, and only what
    // a whole round of work cannot cover shows.
    const double L = ends.prologue && p.pipeline_stages > 1 ? double(p.global_latency_cycles) : 0.0;
    auto smTime = [&](int64_t n, double& warpCycles) {
        const int64_t full = n / B, rest = n % B, rounds = full + (rest > 0 ? 1 : 0);
        const double rFull = roundCycles(p, k, c, smem, B, iterations, ends);
        const double rRest = roundCycles(p, k, c, smem, rest, iterations, ends);
        const double exposed = double(std::max<int64_t>(0, rounds - 1)) * std::max(0.0, L - rFull);
        const int64_t first = full > 0 ? B : rest;
        warpCycles = double(full) * double(B * k.warps) * rFull + double(rest * k.warps) * rRest +
                     double(first * k.warps) * L + double(B * k.warps) * exposed;
        return L + double(full) * rFull + rRest + exposed;
    };
    const int64_t hi = ceilDiv(ctas, p.sms), lo = ctas / p.sms;
    const int64_t smsHi = ctas % p.sms == 0 ? p.sms : ctas % p.sms;
    const int64_t smsLo = ctas % p.sms == 0 ? 0 : (lo > 0 ? p.sms - smsHi : 0);
    double warpHi = 0, warpLo = 0;
    const double tHi = smTime(hi, warpHi), tLo = lo > 0 ? smTime(lo, warpLo) : 0.0;
    w.cycles = int64_t(std::ceil(tHi * share - 1e-9));
    w.warp_cycles = (double(smsHi) * warpHi + double(smsLo) * warpLo) * share;
    w.active_sm_cycles = (double(smsHi) * tHi + double(smsLo) * tLo) * share;
    const double perWarp = iterations * c.instructions() + (ends.epilogue ? c.epilogue : 0.0);
    w.warp_instructions = double(ctas * k.warps) * perWarp * share;
    w.lane_ops = double(ctas * k.warps) * iterations * c.math * double(p.warp_size) * share;
    w.smem_wavefronts = double(ctas) * iterations * double(smem.wavefronts) * share;
    w.smem_conflicts = double(ctas) * iterations * double(smem.conflicts) * share;
    return w;
}

}  // namespace hcm
