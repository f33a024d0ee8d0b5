// The GPU-like SM model (hw/gpu_sm) without simulation: datapath choice,
// kernel resources and occupancy, shared-memory bank conflicts, the per-CTA
// timing and the fold space, each worked by hand in the comments. The
// parameters are those of configs/gpu_sm.yaml: 14 SMs x 4 sub-partitions x
// 16 lanes, 32 warps, 16 CTAs, 64 K registers and 64 KiB of shared memory an
// SM, global latency 250 cycles, double buffering.
#include <gtest/gtest.h>

#include "hw/gpu_sm/gpu_sm_mapping.hpp"
#include "sim/config/platform_config.hpp"
#include "sim/metric/platform_cost.hpp"
#include "support/cli_runner.hpp"

using namespace hcm;

namespace {

GpuSmParams turing() {
    GpuSmParams p;
    p.sms = 14;
    p.subpartitions = 4;
    p.lanes_per_subpartition = 16;
    p.max_warps_per_sm = 32;
    p.max_blocks_per_sm = 16;
    p.registers_per_sm = 65536;
    p.shared_mem_bytes = 64 * 1024;
    p.global_latency_cycles = 250;
    return p;
}

GemmProblem gemm(int64_t m, int64_t k, int64_t n, int bits, int64_t taps = 1) {
    GemmProblem g;
    g.m = m, g.k = k, g.n = n, g.taps = taps;
    g.abits = g.wbits = g.obits = bits;
    return g;
}

const CtaShape& shape(int64_t bm, int64_t bn) {
    for (const CtaShape& s : ctaShapes())
        if (s.bm == bm && s.bn == bn) return s;
    throw std::logic_error("no such tile");
}

}  // namespace

TEST(GpuSmDatapath, NarrowestNativePathHoldingBothOperands) {
    const GpuSmParams p = turing();
    struct Case {
        int a, w;
        OpClass op;
        int64_t macs;
        bool widened;
        bool fp = false;
    };
    for (const Case& c : {Case{8, 8, OpClass::Int8x4, 4, false}, Case{4, 4, OpClass::Int4x8, 8, false},
                          Case{2, 2, OpClass::Int4x8, 8, true}, Case{3, 4, OpClass::Int4x8, 8, true},
                          Case{1, 1, OpClass::Binary, 32, false}, Case{1, 8, OpClass::Int8x4, 4, true},
                          Case{5, 5, OpClass::Int8x4, 4, true}, Case{16, 16, OpClass::Int16x2, 2, false},
                          Case{12, 8, OpClass::Int16x2, 2, true}, Case{32, 32, OpClass::Int32, 1, false},
                          Case{24, 8, OpClass::Int32, 1, true}, Case{32, 8, OpClass::Int32, 1, true},
                          // Floating point: fp16 on HFMA2 (two FMAs a lane op), fp32 on the FMA.
                          Case{16, 16, OpClass::Fp16x2, 2, false, true}, Case{32, 32, OpClass::Fp32, 1, false, true},
                          Case{32, 16, OpClass::Fp32, 1, true, true}}) {
        const Datapath d = chooseDatapath(p, c.a, c.w, c.fp);
        EXPECT_EQ(d.op, c.op) << c.a << "/" << c.w;
        EXPECT_EQ(d.macs_per_op, c.macs) << c.a << "/" << c.w;
        EXPECT_EQ(d.widened, c.widened) << c.a << "/" << c.w;
    }
    EXPECT_EQ(chooseDatapath(p, 2, 2).describe(), "int4 8-way (w2a2 widened to 4 bits)");
    EXPECT_EQ(chooseDatapath(p, 8, 1).describe(), "int8 4-way dp4a (w1a8 widened to 8 bits)");
    // Peak = 14 SMs x 64 lanes x MACs per lane op: 896, 1,792, 3,584, 7,168, 28,672.
    EXPECT_EQ(chooseDatapath(p, 24, 24).describe(), "int32 IMAD (w24a24 widened to 32 bits)");
    GpuSmParams halfInt = p;
    halfInt.op_rate[size_t(OpClass::Int32)] = 0.5;  // a half-rate integer multiplier
    EXPECT_EQ(gpuSmPeakMacsPerCycle(halfInt, chooseDatapath(halfInt, 24, 24)), 448);
    EXPECT_EQ(gpuSmPeakMacsPerCycle(halfInt, chooseDatapath(halfInt, 32, 32)), 448);
    EXPECT_EQ(gpuSmPeakMacsPerCycle(halfInt, chooseDatapath(halfInt, 32, 32, true)), 896);  // fp32 FMA
    EXPECT_EQ(gpuSmPeakMacsPerCycle(p, chooseDatapath(p, 16, 16, true)), 1792);             // fp16 HFMA2
    EXPECT_EQ(chooseDatapath(p, 16, 16, true).describe(), "fp16 2-way HFMA2");
    GpuSmParams noHalf = p;
    noHalf.native[size_t(OpClass::Fp16x2)] = false;  // no fast half precision: fp16 on the fp32 FMA
    EXPECT_EQ(chooseDatapath(noHalf, 16, 16, true).describe(), "fp32 FMA (fpw16a16 widened to 32 bits)");
    EXPECT_EQ(gpuSmPeakMacsPerCycle(p, chooseDatapath(p, 32, 32)), 896);
    EXPECT_EQ(gpuSmPeakMacsPerCycle(p, chooseDatapath(p, 16, 16)), 1792);
    EXPECT_EQ(gpuSmPeakMacsPerCycle(p, chooseDatapath(p, 8, 8)), 3584);
    EXPECT_EQ(gpuSmPeakMacsPerCycle(p, chooseDatapath(p, 4, 4)), 7168);
    EXPECT_EQ(gpuSmPeakMacsPerCycle(p, chooseDatapath(p, 1, 1)), 28672);
    // Without an int4 path (Pascal) 4-bit layers widen to int8; with XNOR at a
    // quarter of the lane rate (POPC: 32 an SM a cycle on 128 lanes) binary is
    // 32 x 0.25 = 8 MACs a lane a cycle, 2x int8 instead of 8x.
    GpuSmParams pascal = p;
    pascal.native[size_t(OpClass::Int4x8)] = false;
    pascal.op_rate[size_t(OpClass::Binary)] = 0.25;
    const Datapath d4 = chooseDatapath(pascal, 4, 4);
    EXPECT_EQ(d4.op, OpClass::Int8x4);
    EXPECT_TRUE(d4.widened);
    EXPECT_EQ(d4.describe(), "int8 4-way dp4a (w4a4 widened to 8 bits)");
    EXPECT_EQ(gpuSmPeakMacsPerCycle(pascal, chooseDatapath(pascal, 1, 1)),
              2 * gpuSmPeakMacsPerCycle(pascal, chooseDatapath(pascal, 8, 8)));
    // No binary path: 1-bit layers run on int4 (±1 fits a signed nibble).
    pascal.native[size_t(OpClass::Binary)] = false;
    pascal.native[size_t(OpClass::Int4x8)] = true;
    EXPECT_EQ(chooseDatapath(pascal, 1, 1).op, OpClass::Int4x8);
    EXPECT_THROW(chooseDatapath(p, 0, 8), std::invalid_argument);
}

TEST(GpuSmKernel, ResourcesAndOccupancyLimits) {
    const GpuSmParams p = turing();
    // 128x128 int8, 256 threads (8 warps), 8x8 accumulators a thread:
    // registers 64 + 2·16 + 16 = 112; a warp 112·32 = 3,584 (14 units of 256);
    // a CTA 8 x 3,584 = 28,672. Shared memory 2 stages x (128·64 + 128·64)
    // bytes = 32 KiB. Limits: warps 32/8 = 4, CTAs 16, registers
    // 65,536/28,672 = 2, shared memory 64/32 = 2 -> 2, registers named first.
    KernelConfig k = kernelFor(p, gemm(1792, 2048, 256, 8), shape(128, 128));
    EXPECT_EQ(k.warps, 8);
    EXPECT_EQ(k.bk_words, 16);
    EXPECT_EQ(k.bk_elems, 64);
    EXPECT_EQ(k.iterations, 32);
    EXPECT_EQ(k.a_row_words, 16);
    EXPECT_EQ(k.regs_per_thread, 112);
    EXPECT_EQ(k.regs_per_cta, 28672);
    EXPECT_EQ(k.smem_per_cta, 32768);
    EXPECT_EQ(k.resident_ctas, 2);
    EXPECT_EQ(k.limiter, OccupancyLimit::Registers);
    // 64x64 (4 warps, 4x8 a thread): 32 + 24 + 16 = 72 registers, 9,216 a
    // CTA (7 fit); 16 KiB of shared memory (4 fit): shared memory limits.
    k = kernelFor(p, gemm(3584, 1024, 64, 8), shape(64, 64));
    EXPECT_EQ(k.regs_per_thread, 72);
    EXPECT_EQ(k.regs_per_cta, 9216);
    EXPECT_EQ(k.smem_per_cta, 16384);
    EXPECT_EQ(k.resident_ctas, 4);
    EXPECT_EQ(k.limiter, OccupancyLimit::SharedMemory);
    GpuSmParams fewRegs = p;
    fewRegs.registers_per_sm = 9216;
    k = kernelFor(fewRegs, gemm(3584, 1024, 64, 8), shape(64, 64));
    EXPECT_EQ(k.resident_ctas, 1);
    EXPECT_EQ(k.limiter, OccupancyLimit::Registers);
    fewRegs.registers_per_sm = 9215;  // not even one CTA
    EXPECT_FALSE(kernelFor(fewRegs, gemm(3584, 1024, 64, 8), shape(64, 64)).fits());
    // Binary: a word holds 32 products; BK = 16 words = 512 elements, staged
    // at 1 bit: 2 x (128 + 128) x 512 / 8 = 32 KiB.
    k = kernelFor(p, gemm(1792, 2048, 256, 1), shape(128, 128));
    EXPECT_EQ(k.bk_elems, 512);
    EXPECT_EQ(k.a_row_words, 16);
    EXPECT_EQ(k.iterations, 4);
    EXPECT_EQ(k.smem_per_cta, 32768);
}

TEST(GpuSmKernel, ReductionPackingPadsChannelsToWholeWords) {
    const GpuSmParams p = turing();
    // 6 channels x 9 taps at 8 bits: channels are packed 4 to a word, padded
    // to 8: 2 words a tap, 18 a pixel, pack overhead 8/6. BK = 16 words: the
    // kernel runs ceil(18/16) = 2 iterations = 32 words; the controller
    // counts ceil(54/64) = 1 iteration of 32 words.
    KernelConfig k = kernelFor(p, gemm(3136, 54, 64, 8, 9), shape(128, 64));
    EXPECT_DOUBLE_EQ(k.pack_overhead, 8.0 / 6.0);
    EXPECT_EQ(k.iterations, 1);
    EXPECT_DOUBLE_EQ(k.words_per_iteration, 32.0);
    // ResNet conv1: 3 channels (fewer than a word) x 49 taps: packed along
    // the flat reduction, ceil(147/4) = 37 words (overhead 148/147); the
    // kernel runs 3 iterations of 16 words, the controller counts 3.
    k = kernelFor(p, gemm(12544, 147, 64, 8, 49), shape(128, 64));
    EXPECT_DOUBLE_EQ(k.pack_overhead, 148.0 / 147.0);
    EXPECT_EQ(k.iterations, 3);
    EXPECT_DOUBLE_EQ(k.words_per_iteration, 16.0);
    // A depthwise group: one channel, 9 taps: packed along the taps, 3 words;
    // BK shrinks to 4 words (16 elements), one iteration of 4 words.
    k = kernelFor(p, gemm(3136, 9, 1, 8, 9), shape(256, 1));
    EXPECT_DOUBLE_EQ(k.pack_overhead, 12.0 / 9.0);
    EXPECT_EQ(k.bk_words, 4);
    EXPECT_EQ(k.iterations, 1);
    EXPECT_DOUBLE_EQ(k.words_per_iteration, 4.0);
    EXPECT_TRUE(k.direct_a);
    EXPECT_EQ(k.smem_per_cta, 2 * 16);  // only the filter's 16 bytes are staged, twice
}

TEST(GpuSmBanks, ConflictsOfEachLayoutWorkedByHand) {
    // 64x64 int8 tile, BK = 16 words: As and Bs are 16 rows of 64 words.
    //   A staging  32 accesses, 32 consecutive words each: 1 wavefront.
    //   B staging  32 accesses; lane l writes Bs[l mod 16][n0 + l / 16]:
    //              naive pitch 64 puts all 16 rows of a column in one bank:
    //              16 wavefronts; padded pitch 65: bank (k + n) mod 32, two
    //              words in banks n0+1..n0+15: 2 wavefronts.
    //   A frags    4 warps x 16 rows x 4 words: lanes of a warp cover 4 rows
    //              of threads (ty), 4 distinct words in 4 banks: 1 wavefront.
    //   B frags    4 warps x 16 rows x 8 words: 8 threads along the filters
    //              read words 8·tx + j: tx and tx + 4 share a bank (naive and
    //              padded alike): 2 wavefronts.
    // Swizzled (every access at its minimum): 32 + 32 + 256 + 512 = 832.
    // Naive:  32 + 32·16 + 256 + 512·2 = 1,824: 992 conflicts.
    // Padded: 32 + 32·2 + 256 + 512·2 = 1,376: 544 conflicts.
    GpuSmParams p = turing();
    const GemmProblem g = gemm(3584, 1024, 64, 8);
    struct Case {
        SmemLayout layout;
        int64_t wavefronts, conflicts;
    };
    for (const Case& c : {Case{SmemLayout::Swizzled, 832, 0}, Case{SmemLayout::Naive, 1824, 992},
                          Case{SmemLayout::Padded, 1376, 544}}) {
        p.smem_layout = c.layout;
        const SmemIteration it = smemIteration(p, kernelFor(p, g, shape(64, 64)));
        EXPECT_EQ(it.accesses, 32 + 32 + 256 + 512) << toString(c.layout);
        EXPECT_EQ(it.wavefronts, c.wavefronts) << toString(c.layout);
        EXPECT_EQ(it.conflicts, c.conflicts) << toString(c.layout);
    }
    // One access: 32 lanes on the words 0, 32, 64, ... all in bank 0: 32 wavefronts;
    // all lanes on one word: a broadcast, 1.
    std::vector<int64_t> words(32);
    for (int64_t l = 0; l < 32; ++l) words[size_t(l)] = 32 * l;
    EXPECT_EQ(accessWavefronts(words, 32), 32);
    EXPECT_EQ(minimumWavefronts(words, 32), 1);
    std::fill(words.begin(), words.end(), 7);
    EXPECT_EQ(accessWavefronts(words, 32), 1);
}

TEST(GpuSmTiming, ComputeBoundGemmRunsAtTheMathPipesPeak) {
    // 128x128 int8, 2 CTAs an SM. Per warp and k-iteration: math 8·8·16 =
    // 1,024 dp4a; lds 2·16 + 2·16 = 64; copy 16 KiB / 512 B / 8 warps = 4;
    // overhead 8: I = 1,100. b = 2: 16 warps, 4 a scheduler: issue slots 4 x 1,100 = 4,400,
    // math pipe 4 x 1,024 x (32 / 16 lanes) = 8,192, shared memory
    // 2 x 2,176 = 4,352, latency 250 / 1: T = 8,192 (the pipe: 2 CTAs x
    // 128·128·64 MACs / 8,192 = 256 MACs a cycle = 64 lanes x 4, the peak).
    const GpuSmParams p = turing();
    const GemmProblem g = gemm(1792, 2048, 256, 8);
    const KernelConfig k = kernelFor(p, g, shape(128, 128));
    const IterationCost c = iterationCost(p, k, g);
    EXPECT_DOUBLE_EQ(c.instructions(), 1100);
    EXPECT_DOUBLE_EQ(c.cpi, 2);
    const SmemIteration s = smemIteration(p, k);
    EXPECT_EQ(s.wavefronts, 2176);
    EXPECT_DOUBLE_EQ(iterationCycles(p, k, c, s, 2, true), 8192);
    // 28 CTAs = one round of 2 on each of 14 SMs, 32 iterations:
    // 250 (first stage) + 32 x 8,192 + epilogue 4 warps x 64 outputs x 2 = 262,906.
    const CtaWave w = runCtas(p, k, c, s, 28, 32, SliceEnds{});
    EXPECT_EQ(w.cycles, 262906);
    EXPECT_DOUBLE_EQ(w.warp_cycles / (32.0 * w.active_sm_cycles), 0.5);  // 16 of 32 warps resident
    // The mapping picks this tile (128x64 ties: 4 CTAs an SM in 2 rounds of
    // 2 take as long, and the larger tile wins ties).
    const GpuSmMapping m = mapGpuSm(p, g);
    EXPECT_EQ(m.kernel.shape.bm, 128);
    EXPECT_EQ(m.kernel.shape.bn, 128);
    EXPECT_EQ(m.total_cycles, 262906);
    EXPECT_EQ(m.peak_macs_per_cycle, 3584);
}

TEST(GpuSmTiming, OccupancyHidesLatency) {
    // 64x64 int8 with the global latency raised to L = 2,000 cycles; 56 CTAs
    // (4 an SM), 16 iterations. Per warp I = 512 + 48 + 4 + 8 = 572, math
    // 512 at 2 cycles.
    //   B = 4 (shared memory): 16 warps, 4 a scheduler: pipe 4,096 >= L:
    //     one round, 2,000 + 16 x 4,096 + 4 x 64 = 67,792.
    //   B = 2: pipe 2,048 >= 2,000 still hides it: two rounds of
    //     16 x 2,048 + 2 x 64 = 32,896: 2,000 + 2 x 32,896 = 67,792.
    //   B = 1 (registers): pipe 1,024 < 2,000: every iteration but the last
    //     waits for its stage: 15 x 2,000 + 1,024 + 64 = 31,088 a round, four
    //     rounds: 2,000 + 4 x 31,088 = 126,352 (1.86x slower).
    //   B = 1, three stages: L / 2 = 1,000 < 1,024: hidden again:
    //     2,000 + 4 x (16 x 1,024 + 64) = 67,792.
    //   B = 1, one stage (no prefetch): every iteration I + L = 2,572, no
    //     separate first stage: 4 x (16 x 2,572 + 64) = 164,864.
    GpuSmParams p = turing();
    p.global_latency_cycles = 2000;
    const GemmProblem g = gemm(3584, 1024, 64, 8);
    auto cyclesWith = [&](int64_t regs, int64_t stages) {
        GpuSmParams q = p;
        q.registers_per_sm = regs;
        q.pipeline_stages = stages;
        const KernelConfig k = kernelFor(q, g, shape(64, 64));
        return runCtas(q, k, iterationCost(q, k, g), smemIteration(q, k), 56, 16, SliceEnds{}).cycles;
    };
    EXPECT_EQ(cyclesWith(65536, 2), 67792);
    EXPECT_EQ(cyclesWith(18432, 2), 67792);
    EXPECT_EQ(cyclesWith(9216, 2), 126352);
    EXPECT_EQ(cyclesWith(9216, 3), 67792);
    EXPECT_EQ(cyclesWith(9216, 1), 164864);
}

TEST(GpuSmMapping, FoldSpaceAndRunsThatSplitTheReduction) {
    // The GEMM above: 14 x 2 CTA folds; the reduction in units of one channel
    // (28 CTAs x 2,048 channels = 57,344 < 262,906 cycles, so one channel a
    // unit keeps a step >= 1 cycle): steps = round(262,906 / 57,344) = 5.
    const GpuSmParams p = turing();
    const GpuSmMapping m = mapGpuSm(p, gemm(1792, 2048, 256, 8));
    const FoldSpace s = m.foldSpace();
    EXPECT_EQ(s.row_dim, GemmDim::M);
    EXPECT_EQ(s.col_dim, GemmDim::N);
    EXPECT_EQ(s.time_dim, GemmDim::K);
    EXPECT_EQ(s.row_unit, 128);
    EXPECT_EQ(s.fr, 14);
    EXPECT_EQ(s.fc, 2);
    EXPECT_EQ(s.time_unit, 1);
    EXPECT_EQ(s.steps_per_group, 5);
    EXPECT_EQ(s.t, 10240);
    EXPECT_EQ(s.total_cycles_ideal, 262906);
    EXPECT_TRUE(s.folds_in_parallel);
    // Whole problem in one Run, or in two halves of the reduction: the first
    // pays the first stage (250 + 16 x 8,192 = 131,322), the second the
    // epilogue (16 x 8,192 + 512 = 131,584); together the same 262,906.
    const GpuSmRun whole = runGpuSm(p, m, 0, 14, 0, 2, 0, 10240);
    EXPECT_EQ(whole.wave.cycles, 262906);
    EXPECT_DOUBLE_EQ(whole.macs, 1792.0 * 2048 * 256);
    const GpuSmRun first = runGpuSm(p, m, 0, 14, 0, 2, 0, 5120), second = runGpuSm(p, m, 0, 14, 0, 2, 5120, 10240);
    EXPECT_EQ(first.wave.cycles, 131322);
    EXPECT_FALSE(first.epilogue);
    EXPECT_EQ(second.wave.cycles, 131584);
    EXPECT_TRUE(second.epilogue);
    EXPECT_DOUBLE_EQ(second.output_bytes, 1792.0 * 256);
    EXPECT_THROW(runGpuSm(p, m, 0, 15, 0, 2, 0, 10), std::out_of_range);
    // A forced tile that does not fit is an error naming its resources.
    GpuSmParams tiny = p;
    tiny.tile_m = tiny.tile_n = 128;
    tiny.shared_mem_bytes = 16 * 1024;
    try {
        mapGpuSm(tiny, gemm(1792, 2048, 256, 8));
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("128x128 does not fit an SM"), std::string::npos) << e.what();
    }
}

TEST(GpuSmGlobal, CoalescingIntoSectorsAndL1Reuse) {
    // 3x3 "same" conv on 56x56 outputs: a request is 32 consecutive pixels
    // (words) of one input row starting at tap column s - 1: word offsets
    // 7, 0, 1 within a sector: ceil((7+32)·4/32) = 5, 4, ceil(33·4/32) = 5
    // sectors: 14/3 a request.
    EXPECT_NEAR(activationSectorsPerRequest(gemm(3136, 576, 64, 8, 9)), 14.0 / 3.0, 1e-12);
    EXPECT_DOUBLE_EQ(activationSectorsPerRequest(gemm(3136, 64, 64, 8, 1)), 4.0);
    // 7x7 outputs: runs of 7 pixels, 5 runs a request (7,7,7,7,4 words):
    // offset 7: 2+2+2+2+2 = 10, offset 0: 1+1+1+1+1 = 5, offset 1: 5.
    EXPECT_NEAR(activationSectorsPerRequest(gemm(49, 4608, 512, 8, 9)), 20.0 / 3.0, 1e-12);
    GemmProblem fc = gemm(1, 512, 1000, 8);
    fc.fully_connected = true;
    EXPECT_DOUBLE_EQ(activationSectorsPerRequest(fc), 4.0);
    // Weights: 16 words (64 bytes) a filter, two filters a request, 4 sectors.
    const KernelConfig k = kernelFor(turing(), gemm(3136, 64, 64, 8), shape(64, 64));
    const GlobalIteration b = globalIteration(k, gemm(3136, 64, 64, 8), 0, 64);
    EXPECT_DOUBLE_EQ(b.requests, 32);
    EXPECT_DOUBLE_EQ(b.sectors, 128);
    // L1: 100 activation sectors requested of which 20 distinct (640 bytes):
    // 80 repeats hit; with twice the L1's capacity live, half of them.
    L1Result l1 = l1Filter(100, 20, 640, 1000, 2000);
    EXPECT_DOUBLE_EQ(l1.hit_sectors, 80);
    EXPECT_DOUBLE_EQ(l1.miss_sectors, 40);
    l1 = l1Filter(100, 20, 640, 4000, 2000);
    EXPECT_DOUBLE_EQ(l1.hit_sectors, 40);
}

TEST(GpuSmCost, AreaAndPeakPowerFromTheConfigTable) {
    // configs/gpu_sm.yaml: 14 SMs x 3.5 mm² + the 1 MiB L2 at 0.0016 mm² a
    // KiB = 49 + 1.6384 mm². Peak: every lane on the most energetic class
    // (fp32 FMA, 4.6 pJ at rate 1) and every scheduler issuing (100 pJ):
    // 4 x (16 x 4.6 + 100) = 694.4 pJ an SM a cycle; 14 SMs at 1.4 GHz: 13.61 W.
    const PlatformConfig c = loadPlatformConfig(test::sourcePath("configs/gpu_sm.yaml"));
    const PlatformCost cost = platformCost(c);
    const CostItem& engine = cost.items.front();
    EXPECT_EQ(engine.component, "gpu_sm_engine");
    EXPECT_NEAR(engine.area_mm2, 49.0 + 1024 * 0.0016, 1e-9);
    EXPECT_NEAR(engine.peak_power_w, 14 * 694.4e-12 * 1.4e9, 1e-9);
    // The engine's parameters come from the same file.
    const GpuSmParams p = gpuSmParams(c.compute.gpu_sm, c.cache.bytes_per_cycle);
    EXPECT_EQ(p.sms, 14);
    EXPECT_EQ(p.lanesPerSm(), 64);
    EXPECT_EQ(p.global_latency_cycles, 250);
    EXPECT_EQ(p.l2_bytes_per_cycle, 512);
    EXPECT_EQ(gpuSmPeakMacsPerCycle(p, chooseDatapath(p, 8, 8)), 3584);
}
