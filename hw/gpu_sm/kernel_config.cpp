#include "kernel_config.hpp"

#include <algorithm>
#include <cmath>

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t roundUp(int64_t a, int64_t unit) { return ceilDiv(a, unit) * unit; }
}  // namespace

const std::vector<CtaShape>& ctaShapes() {
    // CUTLASS's default GEMM tiles (128x128 with 8 warps, 128x64 and 64x128
    // with 4, 64x64 with 4) and smaller ones for short problems; 128x8 and
    // 8x128 for problems with few filters or few rows; and two dot-product
    // kernels with one output a thread, reading the reduction in 128-bit
    // vectors: 1x128 (GEMV: a fully connected layer at batch 1) and 256x1 (a
    // depthwise group: one filter).
    static const std::vector<CtaShape> shapes = {
        {128, 128, 256, 8, 8}, {128, 64, 128, 8, 8}, {64, 128, 128, 8, 8}, {64, 64, 128, 4, 8},
        {64, 32, 64, 8, 4},    {32, 64, 64, 4, 8},   {32, 32, 64, 4, 4},   {128, 8, 128, 8, 1},
        {8, 128, 128, 1, 8},   {1, 128, 128, 1, 1},  {256, 1, 256, 1, 1},
    };
    return shapes;
}

const char* toString(OccupancyLimit limit) {
    switch (limit) {
        case OccupancyLimit::Warps: return "warps";
        case OccupancyLimit::Blocks: return "blocks";
        case OccupancyLimit::Registers: return "registers";
        case OccupancyLimit::SharedMemory: return "shared_memory";
    }
    return "?";
}

KernelConfig kernelFor(const GpuSmParams& p, const GemmProblem& prob, const CtaShape& shape) {
    KernelConfig k;
    k.shape = shape;
    k.path = chooseDatapath(p, prob.abits, prob.wbits, prob.fp);
    k.warps = ceilDiv(shape.threads, p.warp_size);
    k.threads_n = std::max<int64_t>(1, shape.bn / shape.tn);

    // Packing the reduction into datapath words.
    const int64_t e = k.path.elemsPerWord();
    const int64_t taps = (prob.taps >= 1 && prob.k % prob.taps == 0) ? prob.taps : 1;
    const int64_t channels = prob.k / taps;
    if (e > 1) {
        k.pack_overhead = channels >= e ? double(ceilDiv(channels, e) * e) / double(channels)
                                        : double(ceilDiv(prob.k, e) * e) / double(prob.k);
    }
    const int64_t wordsNeeded = int64_t(std::ceil(double(prob.k) * k.pack_overhead / double(e) - 1e-9));
    k.bk_words = 1;
    while (k.bk_words < 16 && k.bk_words < wordsNeeded) k.bk_words *= 2;
    k.bk_elems = k.bk_words * e;
    k.iterations = ceilDiv(prob.k, k.bk_elems);
    k.words_per_iteration = double(ceilDiv(wordsNeeded, k.bk_words) * k.bk_words) / double(k.iterations);
    k.a_row_words = ceilDiv(k.bk_elems * prob.abits, 32);
    k.b_row_words = ceilDiv(k.bk_elems * prob.wbits, 32);

    // Resources.
    k.regs_per_thread = roundUp(shape.tm * shape.tn + 2 * (shape.tm + shape.tn) + 16, 8);
    const int64_t regsPerWarp = roundUp(k.regs_per_thread * p.warp_size, std::max<int64_t>(1, p.register_alloc_unit));
    k.regs_per_cta = regsPerWarp * k.warps;
    k.direct_a = shape.bn == 1 && shape.tm == 1 && shape.tn == 1;
    const int64_t aRows = k.direct_a ? 0 : k.a_row_words;
    const int64_t padWords = p.smem_layout == SmemLayout::Padded ? aRows + k.b_row_words : 0;
    k.smem_per_cta = p.pipeline_stages * ((k.direct_a ? 0 : ceilDiv(shape.bm * k.bk_elems * prob.abits, 8)) +
                                          ceilDiv(shape.bn * k.bk_elems * prob.wbits, 8) + 4 * padWords);

    // Occupancy: the tightest of the four limits (ties go to the first named).
    if (k.regs_per_thread > p.max_registers_per_thread || k.warps > p.max_warps_per_sm) return k;
    const int64_t byLimit[4] = {p.max_warps_per_sm / k.warps, p.max_blocks_per_sm, p.registers_per_sm / k.regs_per_cta,
                                p.shared_mem_bytes / std::max<int64_t>(1, k.smem_per_cta)};
    k.resident_ctas = byLimit[0];
    k.limiter = OccupancyLimit::Warps;
    for (int i = 1; i < 4; ++i)
        if (byLimit[i] < k.resident_ctas) k.resident_ctas = byLimit[i], k.limiter = OccupancyLimit(i);
    return k;
}

}  // namespace hcm
