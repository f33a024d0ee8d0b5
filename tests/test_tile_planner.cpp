// The layer controller's tiling search (hw/controller/tile_planner.cpp,
// planGemmTiles) on a 16x16 weight-stationary array of 8-bit MACs, with
// numbers worked by hand from the planner's documented model.
//
// What the planner minimises (tile_plan.hpp, tile_planner.cpp): predicted
// TIME, not traffic —
//     key = max(compute, traffic / bw) + fill + 64 * tiles
// with bw = bytes_per_cycle * efficiency, fill = (ifmap tile + weight tile) / bw
// and compute = sum of row folds x sum of column folds x (sum of temporal
// steps + temporal blocks x fold overhead); ties (within 1e-9) go to less
// traffic. Traffic (bytes):
//     ifmap pass(bm): per image, channel and pixel block, the block's input
//         rows as one run rounded to 64-byte bursts with 32 bytes of slack:
//         ceil((rows * W * b_a / 8 + 32) / 64) * 64
//     pixels outer : ifmap pass x (nc == 1 ? 1 : nn), weights x (nn*nc == 1 ? 1 : nm)
//     filters outer: weights x (nc == 1 ? 1 : nm), ifmap pass x (nm*nc == 1 ? 1 : nn)
//     + outputs once + 32 bytes per (pixel block, filter)
// The brute force below re-derives that model and checks the planner returns
// its minimum over the same candidate block sizes and both loop orders.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "hw/controller/tile_plan.hpp"
#include "hw/controller/vector_step_source.hpp"
#include "hw/bit_serial/brick_array_model.hpp"
#include "hw/pe_array/systolic_model.hpp"

using namespace hcm;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// 3x3 conv, pad 1, stride 1 ("same"), batch 1, 8/8/8 bits.
GemmLayerGeometry sameConv(int64_t c, int64_t hw, int64_t k) {
    GemmLayerGeometry g;
    g.c = c, g.h = g.w = hw, g.k = k;
    g.r = g.s = 3;
    g.p = g.q = hw;
    g.pad_top = 1;
    g.abits = g.wbits = g.obits = 8;
    const int64_t red = c * 9;
    int lg = 0;
    while ((int64_t(1) << lg) < red) ++lg;
    g.acc_bits = 16 + lg;
    return g;
}

// The fold space of a 16x16 ws array of 8-bit MACs at 8 bits (SCALE-Sim's cycle model):
// reduction on the rows (16 a fold), filters on the columns (16), pixels in
// time (1 a step); a fold lasts 2*16 + 16 + T - 2 cycles.
FoldSpace ws16(const GemmLayerGeometry& g) {
    FoldSpace s;
    s.row_dim = GemmDim::K, s.row_unit = 16;
    s.col_dim = GemmDim::N, s.col_unit = 16;
    s.time_dim = GemmDim::M, s.time_unit = 1;
    s.steps_per_group = 1;
    s.fr = ceilDiv(g.reduction(), 16);
    s.fc = ceilDiv(g.k, 16);
    s.t = g.m();
    s.peak_macs_per_cycle = 256;
    s.total_cycles_ideal = s.fr * s.fc * (2 * 16 + 16 + s.t - 2);
    return s;
}

PlannerMemory ddr4At1GHz() {
    PlannerMemory m;
    m.bytes_per_cycle = 19.2;  // 153.6 Gbit/s at 1 GHz
    m.efficiency = 0.7;        // -> 13.44 bytes per cycle
    return m;
}

BufferBudget budget(int64_t ifmap, int64_t weight, int64_t ofmap) {
    BufferBudget b;
    b.ifmap = ifmap, b.weight = weight, b.ofmap = ofmap;
    return b;
}

std::vector<int64_t> candidates(int64_t size, int64_t unit) {
    std::vector<int64_t> out;
    for (int64_t b = unit; b < size; b *= 2) out.push_back(b);
    out.push_back(size);
    return out;
}

struct Choice {
    int64_t bm = 0, bc = 0, bn = 0;
    bool pixelsOuter = true, reductionOuter = false, windowCols = false;
    double key = std::numeric_limits<double>::infinity();
    double traffic = std::numeric_limits<double>::infinity();
    int64_t inBytes = 0, wBytes = 0, oBytes = 0;
};

// Brute force over the documented model, for the ws16 fold space of a
// stride-1 same conv (window 3 >= stride: one run per channel and block).
struct Search {
    Choice best, leastTraffic;
    int plans = 0;
};

Search bruteForce(const GemmLayerGeometry& g, const BufferBudget& b, const PlannerMemory& mem) {
    const int64_t M = g.m(), C = g.c, N = g.k, RS = 9;
    const double bw = mem.bytes_per_cycle * mem.efficiency;
    const double overhead = 2 * 16 + 16 - 2;  // per fold beyond its temporal steps
    // Channel blocks hold whole row folds: 16 / gcd(16, 9) = 16 channels.
    const int64_t cUnit = std::min<int64_t>(C, 16);
    auto burst = [](double bytes) { return std::ceil((bytes + 32) / 64.0) * 64.0; };
    auto ifmapPass = [&](int64_t bm, bool cols) {
        const int64_t pq = g.p * g.q;
        if (cols) {  // bm divides Q here: Q / bm pieces a row, 3 rows of bm + 2 columns each
            return double(C * g.p * (g.q / bm)) * 3.0 * burst(double(bm + 2));
        }
        int64_t outRows, blocks;
        if (bm >= pq) {
            outRows = g.p, blocks = 1;
        } else {
            outRows = std::min(g.p, ceilDiv(bm, g.q) + (bm % g.q == 0 || g.q % bm == 0 ? 0 : 1));
            blocks = ceilDiv(pq, bm);
        }
        const int64_t inRows = std::min(g.h, outRows - 1 + 3);
        return double(C * blocks) * burst(double(inRows * g.w));
    };
    const double weightBytes = double(N * C * RS), outBytes = double(M * N);
    const double psumBytes = double(ceilDiv(M * N * g.acc_bits, 8));
    Search s;
    for (int64_t bm : candidates(M, 1))
        for (bool cols : {false, true}) {
            if (cols && bm >= g.q) continue;
            for (int64_t bc : candidates(C, cUnit))
                for (int64_t bn : candidates(N, 16)) {
                    const int64_t in = cols ? 3 * (bm + 2) * bc + 3 * bc : ifmapTileBytes(g, bm, bc);
                    const int64_t w = bn * bc * RS + bn;  // + a byte per filter run
                    const int64_t o = ceilDiv(bm * bn * g.acc_bits, 8) + (g.acc_bits % 8 ? 2 * bn : 0);  // + 2 bytes per filter run
                    if (in > b.ifmap || w > b.weight || o > b.ofmap) continue;
                    const int64_t nm = ceilDiv(M, bm), nc = ceilDiv(C, bc), nn = ceilDiv(N, bn);
                    // Folds summed over blocks (partial last blocks count what they hold).
                    auto sumFolds = [](int64_t size, int64_t block, int64_t perElem, int64_t unit) {
                        const int64_t full = size / block, rest = size % block;
                        return double(full * ceilDiv(block * perElem, unit) + (rest ? ceilDiv(rest * perElem, unit) : 0));
                    };
                    const double rowFolds = sumFolds(C, bc, RS, 16), colFolds = sumFolds(N, bn, 1, 16);
                    const double compute = rowFolds * colFolds * (double(M) + double(nm) * overhead);
                    const double tiles = double(nm * nc * nn);
                    const double slack = double(nm * N) * 32;
                    for (bool reductionOuter : {false, true}) {
                        if (reductionOuter && (nc == 1 || nm * nn == 1)) continue;
                        for (bool pixelsOuter : {true, false}) {
                            double inT, wT, psumT = 0;
                            if (reductionOuter) {
                                inT = ifmapPass(bm, cols) * (pixelsOuter || nm == 1 ? 1 : nn);
                                wT = weightBytes * (!pixelsOuter || nn == 1 ? 1 : nm);
                                psumT = 2.0 * double(nc - 1) * (psumBytes + slack);
                            } else if (pixelsOuter) {
                                inT = ifmapPass(bm, cols) * (nc == 1 ? 1 : nn);
                                wT = weightBytes * (nn * nc == 1 ? 1 : nm);
                            } else {
                                wT = weightBytes * (nc == 1 ? 1 : nm);
                                inT = ifmapPass(bm, cols) * (nm * nc == 1 ? 1 : nn);
                            }
                            const double traffic = inT + wT + psumT + outBytes + slack;
                            const double key = std::max(compute, traffic / bw) + double(in + w) / bw + 64 * tiles;
                            ++s.plans;
                            const Choice c{bm, bc, bn, pixelsOuter, reductionOuter, cols, key, traffic, in, w, o};
                            if (key < s.best.key * (1 - 1e-9) ||
                                (key <= s.best.key * (1 + 1e-9) && traffic < s.best.traffic))
                                s.best = c;
                            if (traffic < s.leastTraffic.traffic) s.leastTraffic = c;
                        }
                    }
                }
        }
    return s;
}

}  // namespace

// The hand-made fold space agrees with the systolic model's own mapping.
TEST(TilePlanner, FoldSpaceOfTheTestsMatchesTheSystolicModel) {
    for (const auto& g : {sameConv(16, 8, 16), sameConv(64, 16, 64)}) {
        SystolicArrayParams p;
        p.rows = p.cols = 16;
        p.dataflow = Dataflow::WS;
        const SystolicMapping m = mapGemm(p, GemmShape{g.m(), g.reduction(), g.k}, 8, 8);
        const FoldSpace s = ws16(g);
        EXPECT_EQ(m.fr, s.fr);
        EXPECT_EQ(m.fc, s.fc);
        EXPECT_EQ(m.t, s.t);
        EXPECT_EQ(m.total_cycles, s.total_cycles_ideal);
    }
}

// (a) 3x3 conv 16 -> 16 on 8x8: M = 64 pixels, K = 144, N = 16, all at 8 bits,
// in 32 KiB halves (the default platform's double-buffered 64 KiB buffers).
//   The only channel block is 16 (16 / gcd(16, 9) = 16 = C), the only filter
//   block 16; pixel blocks 1, 2, ..., 32, 64. The whole layer is one tile:
//     ifmap tile: 8 rows x 16 channels x 8 B = 1,024 B + a byte per run (16 x 8) = 1,152 B
//     weight tile: 16 x 16 x 9 = 2,304 B + a byte per filter = 2,320 B
//     ofmap tile: 64 x 16 x 24-bit partial sums (8 + 8 + ceil(log2 144)) = 3,072 B
//   compute: 9 row folds x 1 column fold x (64 + 46) = 990 cycles (SCALE-Sim's count);
//   splitting the pixels costs another 46-cycle fold overhead per block (bm = 32:
//   9 x (64 + 2 x 46) = 1,404) — more than the fill it saves, so one tile wins.
//   Predicted DRAM bytes — each tensor once, at the planner's burst rounding:
//     ifmap: 16 channels x one 8-row run of 64 B -> ceil((64 + 32) / 64) = 2 bursts = 128 B -> 2,048
//     weights: 2,304; outputs: 1,024 + 32 B slack x 16 filters x 1 pixel block = 1,536
//     total 5,888 B.
//   Predicted cycles: max(990, 5,888 / 13.44 = 438.1) + (1,152 + 2,320) / 13.44 + 64 = 1,312.33.
TEST(TilePlanner, ALayerThatFitsIsOneTileReadOnce) {
    const GemmLayerGeometry g = sameConv(16, 8, 16);
    const TilePlan t = planGemmTiles(g, ws16(g), budget(32768, 32768, 32768), ddr4At1GHz());
    EXPECT_EQ(t.bm, 64);
    EXPECT_EQ(t.bc, 16);
    EXPECT_EQ(t.bn, 16);
    EXPECT_EQ(t.nm, 1);
    EXPECT_EQ(t.nk, 1);
    EXPECT_EQ(t.nn, 1);
    EXPECT_EQ(t.ifmap_tile_bytes, 1152);
    EXPECT_EQ(t.weight_tile_bytes, 2320);
    EXPECT_EQ(t.ofmap_tile_bytes, 3072);
    EXPECT_DOUBLE_EQ(t.predicted_compute_cycles, 990.0);
    EXPECT_DOUBLE_EQ(t.predicted_dram_bytes, 2048.0 + 2304.0 + 1024.0 + 512.0);
    EXPECT_NEAR(t.predicted_fill_cycles, 3472.0 / 13.44, 1e-9);
    EXPECT_NEAR(t.predicted_cycles, 990.0 + 3472.0 / 13.44 + 64.0, 1e-9);
    EXPECT_EQ(t.str(9), "bm=64 bc=16 bn=16 pixels-outer");
}

// (b) 3x3 conv 64 -> 64 on 16x16: M = 256, K = 576 (64 channels x 9), N = 64,
// in 8 KiB halves: the whole layer (ifmap 16 rows x 64 ch x 16 B + 1,024 =
// 17,408 B; weights 36,864 + 64 B; 26-bit partial sums 256 x 64 x 26 / 8 =
// 53,248 B) does not fit.
TEST(TilePlanner, ALayerThatDoesNotFitTakesTheFastestFittingTiling) {
    const GemmLayerGeometry g = sameConv(64, 16, 64);
    ASSERT_EQ(g.acc_bits, 26);  // 8 + 8 + ceil(log2 576)
    const BufferBudget b = budget(8192, 8192, 8192);
    const PlannerMemory mem = ddr4At1GHz();
    const TilePlan t = planGemmTiles(g, ws16(g), b, mem);

    // Every tile fits its half.
    EXPECT_LE(t.ifmap_tile_bytes, b.ifmap);
    EXPECT_LE(t.weight_tile_bytes, b.weight);
    EXPECT_LE(t.ofmap_tile_bytes, b.ofmap);
    EXPECT_EQ(t.nm, ceilDiv(256, t.bm));
    EXPECT_EQ(t.nk, ceilDiv(64, t.bc));
    EXPECT_EQ(t.nn, ceilDiv(64, t.bn));
    EXPECT_GT(t.tiles(), 1);

    // The brute force over the same candidates (bm 1..256, bc 16/32/64, bn
    // 16/32/64) and both orders picks the same plan with the same numbers.
    const Search s = bruteForce(g, b, mem);
    ASSERT_GT(s.plans, 0);
    EXPECT_EQ(t.bm, s.best.bm);
    EXPECT_EQ(t.bc, s.best.bc);
    EXPECT_EQ(t.bn, s.best.bn);
    EXPECT_EQ(t.pixels_outer, s.best.pixelsOuter);
    EXPECT_EQ(t.reduction_outer, s.best.reductionOuter);
    EXPECT_EQ(t.window_cols, s.best.windowCols);
    EXPECT_EQ(t.ifmap_tile_bytes, s.best.inBytes);
    EXPECT_EQ(t.weight_tile_bytes, s.best.wBytes);
    EXPECT_EQ(t.ofmap_tile_bytes, s.best.oBytes);
    EXPECT_NEAR(t.predicted_cycles, s.best.key, 1e-6 * s.best.key);
    EXPECT_NEAR(t.predicted_dram_bytes, s.best.traffic, 1e-9 * s.best.traffic);

    // The chosen plan, worked by hand: bm = 128 pixels (8 whole output rows),
    // bc = 32 channels, bn = 16 filters, pixels outer.
    //   tiles: ifmap 8 - 1 + 3 = 10 input rows x 32 ch x 16 B = 5,120 + 320 runs = 5,440 B;
    //          weights 16 x 32 x 9 + 16 = 4,624 B; partial sums 128 x 16 x 26 / 8 + 2 bytes per filter run (26 bits are not whole bytes) = 6,688 B.
    //   nm = 2, nc = 2, nn = 4: 16 tiles.
    //   traffic: ifmap pass = 64 ch x 2 blocks x ceil((10 x 16 + 32) / 64) x 64 = 24,576 B,
    //            read nn = 4 times (nc > 1) = 98,304; weights 36,864 x nm = 2 -> 73,728;
    //            outputs 16,384 + 2 blocks x 64 filters x 32 = 20,480 -> 192,512 B.
    //   compute: (2 x 18) row folds x 4 column folds x (256 + 2 x 46) = 50,112 cycles.
    //   key = max(50,112, 192,512 / 13.44 = 14,323.8) + (5,440 + 4,624) / 13.44 + 16 x 64
    //       = 50,112 + 748.81 + 1,024 = 51,884.81.
    //   (E.g. bm = 64, bc = 16, bn = 32 computes for 36 x 4 x (256 + 4 x 46) = 63,360
    //   cycles: the 46-cycle overhead of every extra temporal block dominates.)
    EXPECT_EQ(t.str(9), "bm=128 bc=32 bn=16 pixels-outer");
    EXPECT_EQ(t.ifmap_tile_bytes, 5440);
    EXPECT_EQ(t.weight_tile_bytes, 4624);
    EXPECT_EQ(t.ofmap_tile_bytes, 6688);
    EXPECT_DOUBLE_EQ(t.predicted_dram_bytes, 192512.0);
    EXPECT_DOUBLE_EQ(t.predicted_compute_cycles, 50112.0);
    EXPECT_NEAR(t.predicted_cycles, 50112.0 + 10064.0 / 13.44 + 1024.0, 1e-6);

    // Time, not traffic, is minimised: the least-traffic fitting plan moves
    // fewer bytes but is predicted slower.
    EXPECT_LE(s.leastTraffic.traffic, t.predicted_dram_bytes);
    EXPECT_GE(s.leastTraffic.key, t.predicted_cycles);
}

// (c) The 16 -> 16 layer on 8x8 (Q = 8) with too small an ifmap half.
//   Blocks shorter than an output row may load only the input columns their
//   windows read (window-cols). With whole channels, the smallest tile is one
//   pixel: its 3x3 window over the 16 channels of the (only) channel block,
//     16 ch x 3 rows x 3 columns x 8 bit = 144 B + a byte per run (16 x 3) = 192 B.
//   (Whole input rows would need 3 rows x 8 B x 16 ch + 48 = 432 B.)
//   Below that, the reduction is cut inside channels (a kernel's taps split
//   between blocks), down to one row fold of 16 elements, which touches at most
//   3 channels (a block may start at a channel's last tap):
//     ifmap 3 ch x 3 x 3 = 27 B + 9 runs = 36 B; weights 16 x 16 = 256 B + 16 = 272 B;
//     partial sums 1 x 16 x 24 bit = 48 B.
//   So 35 bytes admit no tile, and the error names the buffer, what the
//   smallest tile needs in it and what a half holds.
TEST(TilePlanner, ASmallestTileThatCannotFitIsAnError) {
    const GemmLayerGeometry g = sameConv(16, 8, 16);
    try {
        planGemmTiles(g, ws16(g), budget(35, 32768, 32768), ddr4At1GHz());
        FAIL() << "expected the planner to reject the buffers";
    } catch (const TilingError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "the smallest tile (1 pixel x 16 reduction elements x 16 filters, 24-bit partial sums) does not "
                  "fit: the ifmap buffer needs 36 B for it and one half holds 35 B");
    }
    const TilePlan cut = planGemmTiles(g, ws16(g), budget(36, 32768, 32768), ddr4At1GHz());
    EXPECT_EQ(cut.bm, 1);
    EXPECT_EQ(cut.bk, 16);
    EXPECT_EQ(cut.bc, 3);
    EXPECT_TRUE(cut.window_cols);
    EXPECT_EQ(cut.ifmap_tile_bytes, 36);
    EXPECT_EQ(cut.str(9), "bm=1 bk=16 bn=16 pixels-outer window-cols");
    // 191 bytes: whole channels do not fit yet, cut taps do.
    EXPECT_FALSE(planGemmTiles(g, ws16(g), budget(191, 32768, 32768), ddr4At1GHz()).channelAligned(9));
    // 192 bytes: one pixel a block, its window's columns only, whole channels.
    const TilePlan px = planGemmTiles(g, ws16(g), budget(192, 32768, 32768), ddr4At1GHz());
    EXPECT_EQ(px.bm, 1);
    EXPECT_TRUE(px.window_cols);
    EXPECT_EQ(px.ifmap_tile_bytes, 192);
    EXPECT_EQ(px.str(9), "bm=1 bc=16 bn=16 pixels-outer window-cols");
    // 432 bytes: a whole output row fits as whole input rows (8 pixels,
    // 3 rows x 8 B x 16 channels + 48 runs); the planner prefers it to
    // eight one-pixel column blocks (fewer fold restarts).
    const TilePlan row = planGemmTiles(g, ws16(g), budget(432, 32768, 32768), ddr4At1GHz());
    EXPECT_EQ(row.bm, 8);
    EXPECT_FALSE(row.window_cols);
    EXPECT_EQ(row.ifmap_tile_bytes, 432);
    // Every buffer too small is named.
    try {
        planGemmTiles(g, ws16(g), budget(30, 200, 40), ddr4At1GHz());
        FAIL();
    } catch (const TilingError& e) {
        EXPECT_EQ(std::string(e.what()),
                  "the smallest tile (1 pixel x 16 reduction elements x 16 filters, 24-bit partial sums) does not "
                  "fit: the ifmap buffer needs 36 B for it and one half holds 30 B; the weight buffer needs 272 B "
                  "for it and one half holds 200 B; the ofmap buffer needs 48 B for it and one half holds 40 B");
    }
    // A shared budget: the smallest tile needs 36 + 272 + 48 = 356 bytes.
    BufferBudget sh;
    sh.is_shared = true;
    sh.shared = 355;
    EXPECT_THROW(planGemmTiles(g, ws16(g), sh, ddr4At1GHz()), TilingError);
    sh.shared = 356;
    const TilePlan t = planGemmTiles(g, ws16(g), sh, ddr4At1GHz());
    EXPECT_EQ(t.bm, 1);
    EXPECT_EQ(t.ifmap_tile_bytes + t.weight_tile_bytes + t.ofmap_tile_bytes, 356);
}

// A brick array's row fold holds its channel lanes x every tap of their
// channels (Bit Fusion at 4 bits: 64 channels a fold). A 7x7 kernel over 64
// channels and 32 filters at 4 bits is 64 x 49 x 32 / 2 = 50,176 B of weights
// for one fold, more than half a 32 KiB weight buffer: the planner falls back
// to half a fold's channels (25,088 B), the other lanes idle, instead of
// calling the layer untileable.
TEST(TilePlanner, ABrickFoldTooLargeForTheBuffersRunsOnPartOfItsLanes) {
    GemmLayerGeometry g;
    g.c = 64, g.h = g.w = 14, g.k = 32;
    g.r = g.s = 7;
    g.p = g.q = 14;
    g.pad_top = 3;
    g.abits = g.wbits = 4, g.obits = 4;
    g.acc_bits = 8 + 12;
    GemmProblem p;
    p.m = 196, p.k = 64 * 49, p.n = 32, p.taps = 49;
    p.abits = p.wbits = p.obits = 4;
    const FoldSpace s = mapBricks({64, 32, 1, 1}, p).foldSpace();
    ASSERT_EQ(s.row_unit, 64 * 49);
    const TilePlan plan = planGemmTiles(g, s, budget(32768, 32768, 32768), ddr4At1GHz());
    EXPECT_EQ(plan.bk, 32 * 49);
    EXPECT_LE(plan.weight_tile_bytes, 32768);
    EXPECT_TRUE(plan.channelAligned(49));
    // Without the fallback (an engine that cannot run part of a fold) it is
    // the error it used to be, naming the weight buffer.
    FoldSpace whole = s;
    whole.partial_row_folds = false;
    EXPECT_THROW(planGemmTiles(g, whole, budget(32768, 32768, 32768), ddr4At1GHz()), TilingError);
}

// A global average pool over 112x112 at 16 bits (EfficientNet-B0's first
// squeeze-excitation): one output element's window is 25,088 B, more than a
// 16 KiB buffer half, so the window's rows come in chunks (56 rows = 12,544 B
// plus one run), the partial sum kept until the last chunk. Only when one
// input row does not fit is the layer an error.
TEST(VectorPlanner, APoolWindowTooLargeForTheBufferIsReadInRowChunks) {
    Layer L;
    L.op = LayerOp::Pool;
    L.name = "se_pool";
    L.c = 32, L.h = L.w = 112;
    L.r = L.s = 112;
    L.prec.abits = L.prec.wbits = L.prec.obits = 16;
    const VectorPlan plan = planVectorTiles(L, budget(16384, 16384, 16384));
    EXPECT_EQ(plan.channels, 1);
    EXPECT_EQ(plan.window_rows, 56);
    EXPECT_EQ(plan.ifmap_tile_bytes, 56 * 112 * 2 + 1);
    EXPECT_EQ(plan.str(), "channels=1 rows=1 window_rows=56");
    // Whole windows when they fit.
    EXPECT_EQ(planVectorTiles(L, budget(32768, 32768, 32768)).window_rows, 0);
    try {
        planVectorTiles(L, budget(200, 16384, 16384));
        FAIL() << "one 224-byte input row cannot fit 200 bytes";
    } catch (const TilingError& e) {
        EXPECT_NE(std::string(e.what()).find("one input row of its window"), std::string::npos) << e.what();
    }
}
