// The fast systolic-array model: published and hand-worked cycle counts,
// precision packing, and the tile-level SystolicTimer.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "hw/pe_array/dataflow.hpp"
#include "hw/pe_array/systolic_model.hpp"
#include "workloads/layer.hpp"

using namespace hcm;

namespace {

SystolicArrayParams array(int64_t rows, int64_t cols, Dataflow df, int macBits = 8, bool pack = true) {
    SystolicArrayParams p;
    p.rows = rows;
    p.cols = cols;
    p.dataflow = df;
    p.mac_bits = macBits;
    p.pack = pack;
    return p;
}

// AlexNet conv1 as SCALE-Sim's topology gives it: 227x227x3, 11x11, 96
// filters, stride 4 -> 55x55 outputs.
Layer alexnetConv1() {
    Layer L;
    L.name = "Conv1";
    L.c = 3, L.h = 227, L.w = 227, L.k = 96, L.r = 11, L.s = 11;
    L.stride_h = L.stride_w = 4;
    L.ceil_mode = true;
    return L;
}

}  // namespace

TEST(Dataflow, ParseAndPrint) {
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) EXPECT_EQ(parseDataflow(toString(df)), df);
    EXPECT_EQ(parseDataflow("ws"), Dataflow::WS);
    EXPECT_EQ(parseDataflow("os"), Dataflow::OS);
    EXPECT_EQ(parseDataflow("is"), Dataflow::IS);
    EXPECT_FALSE(parseDataflow("rs").has_value());
    EXPECT_FALSE(parseDataflow("").has_value());
}

TEST(GemmOf, ConvFcAndGroups) {
    const GemmShape g = gemmOf(alexnetConv1());
    EXPECT_EQ(g.m, 55 * 55);
    EXPECT_EQ(g.k, 11 * 11 * 3);
    EXPECT_EQ(g.n, 96);

    Layer fc;
    fc.op = LayerOp::FC;
    fc.n = 4, fc.c = 4096, fc.k = 1000;
    const GemmShape f = gemmOf(fc);
    EXPECT_EQ(f.m, 4);
    EXPECT_EQ(f.k, 4096);
    EXPECT_EQ(f.n, 1000);

    // SCALE-Sim depthwise ("DP", 32 channels, 1 filter each): 32 groups of
    // single-channel convs, each 112x112 pixels x 9 x 1.
    Layer dw;
    dw.c = 32, dw.h = 114, dw.w = 114, dw.r = 3, dw.s = 3, dw.k = 32, dw.groups = 32;
    const GemmShape d = gemmOf(dw);
    EXPECT_EQ(d.m, 112 * 112);
    EXPECT_EQ(d.k, 9);
    EXPECT_EQ(d.n, 1);
    EXPECT_EQ(d.m * d.k * d.n * dw.groups, dw.macs());

    Layer pool;
    pool.op = LayerOp::Pool;
    EXPECT_THROW(gemmOf(pool), std::invalid_argument);
}

// The published SCALE-Sim figure (SCALE-Sim's cycle model): Sr = W = 363 -> Fr = 12,
// Sc = K = 96 -> Fc = 3, T = Npx = 3025; fold = 2*32 + 32 + 3025 - 2 = 3119;
// 12 * 3 * 3119 = 112,284 cycles; SCALE-Sim prints 112,283.
TEST(SystolicMapping, AlexNetConv1WeightStationary) {
    const SystolicMapping m = mapLayer(array(32, 32, Dataflow::WS), alexnetConv1());
    EXPECT_EQ(m.sr, 363);
    EXPECT_EQ(m.sc, 96);
    EXPECT_EQ(m.t, 3025);
    EXPECT_EQ(m.fr, 12);
    EXPECT_EQ(m.fc, 3);
    EXPECT_EQ(m.fold_cycles, 3119);
    EXPECT_EQ(m.total_cycles, 112284);
    EXPECT_EQ(m.scaleSimReportedCycles(), 112283);
    EXPECT_EQ(m.macs, 3025LL * 363 * 96);
    EXPECT_DOUBLE_EQ(m.peak_macs_per_cycle, 1024.0);
    EXPECT_NEAR(m.utilization, 105415200.0 / (112284.0 * 1024.0), 1e-12);
}

// os: Sr = Npx = 3025 -> Fr = ceil(3025/32) = 95, Sc = 96 -> Fc = 3, T = W = 363;
// fold = 363 + 32 + 32 - 2 = 425; 95 * 3 * 425 = 121,125.
TEST(SystolicMapping, AlexNetConv1OutputStationary) {
    const SystolicMapping m = mapLayer(array(32, 32, Dataflow::OS), alexnetConv1());
    EXPECT_EQ(m.fr, 95);
    EXPECT_EQ(m.fc, 3);
    EXPECT_EQ(m.t, 363);
    EXPECT_EQ(m.fold_cycles, 425);
    EXPECT_EQ(m.total_cycles, 121125);
}

// is: Sr = W = 363 -> Fr = 12, Sc = Npx = 3025 -> Fc = 95, T = K = 96;
// fold = 2*32 + 32 + 96 - 2 = 190; 12 * 95 * 190 = 216,600.
TEST(SystolicMapping, AlexNetConv1InputStationary) {
    const SystolicMapping m = mapLayer(array(32, 32, Dataflow::IS), alexnetConv1());
    EXPECT_EQ(m.fr, 12);
    EXPECT_EQ(m.fc, 95);
    EXPECT_EQ(m.t, 96);
    EXPECT_EQ(m.fold_cycles, 190);
    EXPECT_EQ(m.total_cycles, 216600);
}

// A ResNet 3x3 conv as SCALE-Sim sees it (padding folded in): 58x58x64 in,
// 64 filters -> Npx = 56*56 = 3136, W = 3*3*64 = 576, K = 64, on 16x16.
//   os: Fr = 3136/16 = 196, Fc = 64/16 = 4, fold = 576 + 16 + 16 - 2 = 606
//       -> 196 * 4 * 606 = 475,104
//   is: Fr = 576/16 = 36, Fc = 196, fold = 32 + 16 + 64 - 2 = 110
//       -> 36 * 196 * 110 = 776,160
//   ws: Fr = 36, Fc = 4, fold = 32 + 16 + 3136 - 2 = 3182 -> 36 * 4 * 3182 = 458,208
TEST(SystolicMapping, ResNetConv3x3AllDataflows) {
    Layer L;
    L.c = 64, L.h = 58, L.w = 58, L.k = 64, L.r = 3, L.s = 3;
    L.ceil_mode = true;
    EXPECT_EQ(mapLayer(array(16, 16, Dataflow::OS), L).total_cycles, 475104);
    EXPECT_EQ(mapLayer(array(16, 16, Dataflow::IS), L).total_cycles, 776160);
    EXPECT_EQ(mapLayer(array(16, 16, Dataflow::WS), L).total_cycles, 458208);
}

// fc 4096 -> 1000, batch 1, on 32x32 ws: Fr = 4096/32 = 128,
// Fc = ceil(1000/32) = 32, T = 1, fold = 64 + 32 + 1 - 2 = 95 -> 389,120.
// os on 8x4: Fr = 1, Fc = 250, fold = 4096 + 8 + 4 - 2 = 4106 -> 1,026,500.
TEST(SystolicMapping, FullyConnected) {
    Layer fc;
    fc.op = LayerOp::FC;
    fc.c = 4096, fc.k = 1000;
    EXPECT_EQ(mapLayer(array(32, 32, Dataflow::WS), fc).total_cycles, 389120);
    EXPECT_EQ(mapLayer(array(8, 4, Dataflow::OS), fc).total_cycles, 1026500);
}

TEST(SystolicMapping, RejectsBadInput) {
    const GemmShape g{4, 4, 4};
    EXPECT_THROW(mapGemm(array(0, 4, Dataflow::WS), g, 8, 8), std::invalid_argument);
    EXPECT_THROW(mapGemm(array(4, 4, Dataflow::WS, 0), g, 8, 8), std::invalid_argument);
    EXPECT_THROW(mapGemm(array(4, 4, Dataflow::WS), GemmShape{0, 4, 4}, 8, 8), std::invalid_argument);
    EXPECT_THROW(mapGemm(array(4, 4, Dataflow::WS), g, 0, 8), std::invalid_argument);
}

// Compute-bound os shape: 256 pixels x 1024 x 256 filters on 16x16.
// 8-bit: Fr = Fc = 16, fold = 1024 + 30 = 1054 -> 269,824 cycles.
// 4-bit packed on 8-bit PEs: pa = pw = 2, 4 products a PE-cycle; Sr = Sc = 128
// -> Fr = Fc = 8, same fold -> 67,456 = a quarter.
TEST(SystolicPacking, FourBitOperandsPackFourProductsPerCycle) {
    const GemmShape g{256, 1024, 256};
    const SystolicMapping m8 = mapGemm(array(16, 16, Dataflow::OS), g, 8, 8);
    const SystolicMapping m4 = mapGemm(array(16, 16, Dataflow::OS), g, 4, 4);
    EXPECT_EQ(m8.total_cycles, 269824);
    EXPECT_EQ(m4.pa, 2);
    EXPECT_EQ(m4.pw, 2);
    EXPECT_EQ(m4.passes, 1);
    EXPECT_DOUBLE_EQ(m4.peak_macs_per_cycle, 4 * 256.0);
    EXPECT_EQ(m4.total_cycles, 67456);
    EXPECT_EQ(m4.total_cycles * 4, m8.total_cycles);
    EXPECT_DOUBLE_EQ(m4.utilization, m8.utilization);

    // ws: the packing shortens the pixel stream (T = 256/2) and halves the
    // filter columns: Fr = 64, Fc = 8, fold = 32 + 16 + 128 - 2 = 174.
    const SystolicMapping w4 = mapGemm(array(16, 16, Dataflow::WS), g, 4, 4);
    EXPECT_EQ(w4.t, 128);
    EXPECT_EQ(w4.total_cycles, 64 * 8 * 174);
}

TEST(SystolicPacking, NoPackingMeansOneProductWhateverTheBits) {
    const GemmShape g{100, 300, 70};
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
        const SystolicMapping m8 = mapGemm(array(8, 8, df, 8, false), g, 8, 8);
        for (int bits : {1, 2, 4, 5, 8}) {
            const SystolicMapping m = mapGemm(array(8, 8, df, 8, false), g, bits, bits);
            EXPECT_EQ(m.total_cycles, m8.total_cycles) << toString(df) << " " << bits;
            EXPECT_EQ(m.pa * m.pw * m.passes, 1);
        }
    }
}

// 16-bit operands on 8-bit PEs: 2 x 2 slice products, 4 passes, in both modes.
// os 16x16 on 256 x 1024 x 256: T = 4096, fold = 4096 + 30 -> 16*16*4126.
TEST(SystolicPacking, SixteenBitOperandsTakeFourPasses) {
    const GemmShape g{256, 1024, 256};
    for (bool pack : {true, false}) {
        const SystolicMapping m = mapGemm(array(16, 16, Dataflow::OS, 8, pack), g, 16, 16);
        EXPECT_EQ(m.passes, 4);
        EXPECT_EQ(m.pa, 1);
        EXPECT_EQ(m.pw, 1);
        EXPECT_EQ(m.t, 4096);
        EXPECT_EQ(m.total_cycles, 16 * 16 * 4126);
        EXPECT_DOUBLE_EQ(m.peak_macs_per_cycle, 64.0);
    }
    // Mixed: 16-bit activations (2 slices, no packing) with packed 4-bit weights.
    const SystolicMapping mix = mapGemm(array(16, 16, Dataflow::WS), g, 16, 4);
    EXPECT_EQ(mix.passes, 2);
    EXPECT_EQ(mix.pa, 1);
    EXPECT_EQ(mix.pw, 2);
    EXPECT_EQ(mix.sc, 128);
    EXPECT_EQ(mix.t, 512);
    // Binary operands on 8-bit PEs pack 8 x 8 products.
    EXPECT_DOUBLE_EQ(mapGemm(array(4, 4, Dataflow::OS), g, 1, 1).peak_macs_per_cycle, 16.0 * 64);
}

namespace {

// Runs every fold whole, each cut into chunks of the given lengths (cycled).
int64_t runAllFoldsChunked(SystolicTimer& timer, const std::vector<int64_t>& chunks, SystolicTraffic* sum) {
    const SystolicMapping& m = timer.mapping();
    int64_t cycles = 0;
    size_t next = 0;
    for (int64_t fj = 0; fj < m.fc; ++fj)
        for (int64_t fi = 0; fi < m.fr; ++fi)
            for (int64_t t0 = 0; t0 < m.t;) {
                const int64_t t1 = std::min(m.t, t0 + chunks[next++ % chunks.size()]);
                SystolicTraffic tr;
                cycles += timer.run(fi, fj, t0, t1, &tr);
                if (sum) *sum += tr;
                t0 = t1;
            }
    return cycles;
}

}  // namespace

TEST(SystolicTimer, WholeFoldsInAnyChunkingGiveTheTotal) {
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS})
        for (int bits : {8, 4, 16}) {
            const SystolicMapping m = mapGemm(array(4, 3, df), GemmShape{23, 10, 17}, bits, bits);
            for (const std::vector<int64_t>& chunks :
                 std::vector<std::vector<int64_t>>{{1000000}, {1}, {3}, {2, 5, 1}, {7, 1, 1, 4}}) {
                SystolicTimer timer(m);
                SystolicTraffic traffic;
                EXPECT_EQ(runAllFoldsChunked(timer, chunks, &traffic), m.total_cycles) << toString(df) << bits;
                EXPECT_EQ(timer.cycles(), m.total_cycles);
                EXPECT_EQ(timer.segments(), m.folds());
                // Chunking never changes the traffic: compare with one call per fold.
                SystolicTimer whole(m);
                SystolicTraffic wholeTraffic;
                runAllFoldsChunked(whole, {m.t}, &wholeTraffic);
                EXPECT_EQ(traffic, wholeTraffic) << toString(df) << bits;
            }
        }
}

TEST(SystolicTimer, InterruptingAFoldCostsOneMoreOverhead) {
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
        const SystolicMapping m = mapGemm(array(4, 4, df), GemmShape{20, 9, 11}, 8, 8);
        ASSERT_GE(m.folds(), 2);
        ASSERT_GE(m.t, 2);
        SystolicTimer timer(m);
        const int64_t half = m.t / 2;
        int64_t cycles = timer.run(0, 0, 0, half);
        EXPECT_EQ(cycles, half + m.overheadCycles());
        cycles += timer.run(0, 0, half, half);  // empty: free, keeps the segment open
        // Go to another fold, then come back to finish fold (0, 0).
        const int64_t otherFi = m.fr > 1 ? 1 : 0, otherFj = m.fr > 1 ? 0 : 1;
        cycles += timer.run(otherFi, otherFj, 0, m.t);
        const int64_t resumed = timer.run(0, 0, half, m.t);
        EXPECT_EQ(resumed, m.t - half + m.overheadCycles()) << toString(df);
        cycles += resumed;
        for (int64_t fj = 0; fj < m.fc; ++fj)
            for (int64_t fi = 0; fi < m.fr; ++fi)
                if (!(fi == 0 && fj == 0) && !(fi == otherFi && fj == otherFj)) cycles += timer.run(fi, fj, 0, m.t);
        EXPECT_EQ(cycles, m.total_cycles + m.overheadCycles()) << toString(df);
        EXPECT_EQ(timer.segments(), m.folds() + 1);

        // The same fold twice in a row is two segments, not one.
        timer.reset();
        EXPECT_EQ(timer.run(0, 0, 0, m.t) + timer.run(0, 0, 0, m.t), 2 * m.fold_cycles);
        EXPECT_EQ(timer.segments(), 2);
    }
}

TEST(SystolicTimer, RejectsUnitsOutsideTheMapping) {
    const SystolicMapping m = mapGemm(array(4, 4, Dataflow::WS), GemmShape{5, 5, 5}, 8, 8);
    SystolicTimer timer(m);
    EXPECT_THROW(timer.run(m.fr, 0, 0, 1), std::out_of_range);
    EXPECT_THROW(timer.run(0, -1, 0, 1), std::out_of_range);
    EXPECT_THROW(timer.run(0, 0, 2, 1), std::out_of_range);
    EXPECT_THROW(timer.run(0, 0, 0, m.t + 1), std::out_of_range);
    EXPECT_EQ(timer.cycles(), 0);
}

// Whole-layer traffic in closed form (pa = pw = passes = 1); SCALE-Sim's
// counters give the same ifmap_reads / filter_reads / ofmap_writes.
TEST(SystolicTraffic, WholeLayerTotals) {
    const int64_t M = 23, K = 10, N = 17;
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
        const SystolicMapping m = mapGemm(array(4, 3, df), GemmShape{M, K, N}, 8, 8);
        SystolicTimer timer(m);
        SystolicTraffic t;
        runAllFoldsChunked(timer, {m.t}, &t);
        SystolicTraffic want;
        switch (df) {
            case Dataflow::WS: want = {M * K * m.fc, K * N, M * N * m.fr, M * N * (m.fr - 1)}; break;
            case Dataflow::OS: want = {M * K * m.fc, K * N * m.fr, M * N, 0}; break;
            case Dataflow::IS: want = {M * K, K * N * m.fc, M * N * m.fr, M * N * (m.fr - 1)}; break;
        }
        EXPECT_EQ(t, want) << toString(df);
    }
}

// Leaving a fold re-reads its stationary operand (ws / is) or spills and
// restores its accumulators (os).
TEST(SystolicTraffic, InterruptionRefetches) {
    const GemmShape g{8, 8, 8};
    {
        const SystolicMapping m = mapGemm(array(4, 4, Dataflow::WS), g, 8, 8);  // T = 8
        SystolicTimer timer(m);
        SystolicTraffic a, b, c;
        timer.run(0, 0, 0, 4, &a);
        timer.run(0, 0, 4, 8, &b);  // continues: no weights
        EXPECT_EQ(a.filter_reads, 16);
        EXPECT_EQ(b.filter_reads, 0);
        EXPECT_EQ(a.ifmap_reads, 16);
        EXPECT_EQ(a.ofmap_writes, 16);
        timer.run(1, 0, 0, 8);
        timer.run(0, 0, 4, 8, &c);  // resumed: weights again
        EXPECT_EQ(c.filter_reads, 16);
        EXPECT_EQ(c.ifmap_reads, 16);
    }
    {
        const SystolicMapping m = mapGemm(array(4, 4, Dataflow::OS), g, 8, 8);  // T = 8
        SystolicTimer timer(m);
        SystolicTraffic a, b;
        timer.run(0, 0, 0, 4, &a);
        EXPECT_EQ(a.ofmap_writes, 0);
        EXPECT_EQ(a.ifmap_reads, 4 * 4);
        timer.run(1, 0, 0, 8);
        timer.run(0, 0, 4, 8, &b);
        EXPECT_EQ(b.psum_reads, 16);
        EXPECT_EQ(b.ofmap_writes, 16 + 16);  // spill of the first half + final outputs
    }
}
