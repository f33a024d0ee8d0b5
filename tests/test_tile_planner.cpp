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

// The fold space of a 16x16 ws array of 8-bit MACs at 8 bits (BRIEF.md §3):
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
    bool pixelsOuter = true;
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
    auto ifmapPass = [&](int64_t bm) {
        const int64_t pq = g.p * g.q;
        int64_t outRows, blocks;
        if (bm >= pq) {
            outRows = g.p, blocks = 1;
        } else {
            outRows = std::min(g.p, ceilDiv(bm, g.q) + (bm % g.q == 0 ? 0 : 1));
            blocks = ceilDiv(pq, bm);
        }
        const int64_t inRows = std::min(g.h, outRows - 1 + 3);
        return double(C * blocks) * burst(double(inRows * g.w));
    };
    const double weightBytes = double(N * C * RS), outBytes = double(M * N);
    Search s;
    for (int64_t bm : candidates(M, 1))
        for (int64_t bc : candidates(C, cUnit))
            for (int64_t bn : candidates(N, 16)) {
                const int64_t in = ifmapTileBytes(g, bm, bc);
                const int64_t w = bn * bc * RS + bn;  // + a byte per filter run
                const int64_t o = ceilDiv(bm * bn * g.acc_bits, 8);
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
                for (bool pixelsOuter : {true, false}) {
                    double inT, wT;
                    if (pixelsOuter) {
                        inT = ifmapPass(bm) * (nc == 1 ? 1 : nn);
                        wT = weightBytes * (nn * nc == 1 ? 1 : nm);
                    } else {
                        wT = weightBytes * (nc == 1 ? 1 : nm);
                        inT = ifmapPass(bm) * (nm * nc == 1 ? 1 : nn);
                    }
                    const double traffic = inT + wT + outBytes + double(nm * N) * 32;
                    const double key = std::max(compute, traffic / bw) + double(in + w) / bw + 64 * tiles;
                    ++s.plans;
                    const Choice c{bm, bc, bn, pixelsOuter, key, traffic, in, w, o};
                    if (key < s.best.key * (1 - 1e-9) || (key <= s.best.key * (1 + 1e-9) && traffic < s.best.traffic))
                        s.best = c;
                    if (traffic < s.leastTraffic.traffic) s.leastTraffic = c;
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
    EXPECT_EQ(t.nc, 1);
    EXPECT_EQ(t.nn, 1);
    EXPECT_EQ(t.ifmap_tile_bytes, 1152);
    EXPECT_EQ(t.weight_tile_bytes, 2320);
    EXPECT_EQ(t.ofmap_tile_bytes, 3072);
    EXPECT_DOUBLE_EQ(t.predicted_compute_cycles, 990.0);
    EXPECT_DOUBLE_EQ(t.predicted_dram_bytes, 2048.0 + 2304.0 + 1024.0 + 512.0);
    EXPECT_NEAR(t.predicted_fill_cycles, 3472.0 / 13.44, 1e-9);
    EXPECT_NEAR(t.predicted_cycles, 990.0 + 3472.0 / 13.44 + 64.0, 1e-9);
    EXPECT_EQ(t.str(), "bm=64 bc=16 bn=16 pixels-outer");
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
    EXPECT_EQ(t.nc, ceilDiv(64, t.bc));
    EXPECT_EQ(t.nn, ceilDiv(64, t.bn));
    EXPECT_GT(t.nm * t.nc * t.nn, 1);

    // The brute force over the same candidates (bm 1..256, bc 16/32/64, bn
    // 16/32/64) and both orders picks the same plan with the same numbers.
    const Search s = bruteForce(g, b, mem);
    ASSERT_GT(s.plans, 0);
    EXPECT_EQ(t.bm, s.best.bm);
    EXPECT_EQ(t.bc, s.best.bc);
    EXPECT_EQ(t.bn, s.best.bn);
    EXPECT_EQ(t.pixels_outer, s.best.pixelsOuter);
    EXPECT_EQ(t.ifmap_tile_bytes, s.best.inBytes);
    EXPECT_EQ(t.weight_tile_bytes, s.best.wBytes);
    EXPECT_EQ(t.ofmap_tile_bytes, s.best.oBytes);
    EXPECT_NEAR(t.predicted_cycles, s.best.key, 1e-6 * s.best.key);
    EXPECT_NEAR(t.predicted_dram_bytes, s.best.traffic, 1e-9 * s.best.traffic);

    // The chosen plan, worked by hand: bm = 128 pixels (8 whole output rows),
    // bc = 32 channels, bn = 16 filters, pixels outer.
    //   tiles: ifmap 8 - 1 + 3 = 10 input rows x 32 ch x 16 B = 5,120 + 320 runs = 5,440 B;
    //          weights 16 x 32 x 9 + 16 = 4,624 B; partial sums 128 x 16 x 26 / 8 = 6,656 B.
    //   nm = 2, nc = 2, nn = 4: 16 tiles.
    //   traffic: ifmap pass = 64 ch x 2 blocks x ceil((10 x 16 + 32) / 64) x 64 = 24,576 B,
    //            read nn = 4 times (nc > 1) = 98,304; weights 36,864 x nm = 2 -> 73,728;
    //            outputs 16,384 + 2 blocks x 64 filters x 32 = 20,480 -> 192,512 B.
    //   compute: (2 x 18) row folds x 4 column folds x (256 + 2 x 46) = 50,112 cycles.
    //   key = max(50,112, 192,512 / 13.44 = 14,323.8) + (5,440 + 4,624) / 13.44 + 16 x 64
    //       = 50,112 + 748.81 + 1,024 = 51,884.81.
    //   (E.g. bm = 64, bc = 16, bn = 32 computes for 36 x 4 x (256 + 4 x 46) = 63,360
    //   cycles: the 46-cycle overhead of every extra temporal block dominates.)
    EXPECT_EQ(t.str(), "bm=128 bc=32 bn=16 pixels-outer");
    EXPECT_EQ(t.ifmap_tile_bytes, 5440);
    EXPECT_EQ(t.weight_tile_bytes, 4624);
    EXPECT_EQ(t.ofmap_tile_bytes, 6656);
    EXPECT_DOUBLE_EQ(t.predicted_dram_bytes, 192512.0);
    EXPECT_DOUBLE_EQ(t.predicted_compute_cycles, 50112.0);
    EXPECT_NEAR(t.predicted_cycles, 50112.0 + 10064.0 / 13.44 + 1024.0, 1e-6);

    // Time, not traffic, is minimised: the least-traffic fitting plan moves
    // fewer bytes but is predicted slower.
    EXPECT_LE(s.leastTraffic.traffic, t.predicted_dram_bytes);
    EXPECT_GE(s.leastTraffic.key, t.predicted_cycles);
}

// (c) The 16 -> 16 layer on 8x8 (Q = 8) with too small an ifmap half.
//   Ifmap footprints of the candidates with bc = 16 (the only channel block):
//   a block of bm pixels spans ceil(bm/Q) output rows, plus one when blocks do
//   not align with rows (neither bm nor Q divides the other), and needs
//   (rows - 1) + 3 input rows x 16 ch x 8 B + a byte per run:
//     bm = 1, 2, 4, 8 -> 1 output row  -> 3 input rows -> 384 + 48 = 432 B  (the least)
//     bm = 16 -> 2 rows -> 4 input rows: 576 B; bm = 32 -> 6 rows: 768 + 96 = 864 B;
//     bm = 64 -> 8 rows: 1,024 + 128 = 1,152 B
//   (The planner once counted an extra row for bm = 1, 2, 4 — 576 B — which
//   this test caught.) So 431 bytes admit no tile; the error quotes the first
//   candidates (bm = 1, bc = 16, bn = 16): ifmap 432 B, weights 16 x 16 x 9 + 16
//   = 2,320 B, partial sums 1 x 16 x 24 / 8 = 48 B.
TEST(TilePlanner, ASmallestTileThatCannotFitIsAnError) {
    const GemmLayerGeometry g = sameConv(16, 8, 16);
    try {
        planGemmTiles(g, ws16(g), budget(431, 32768, 32768), ddr4At1GHz());
        FAIL() << "expected the planner to reject the buffers";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  "the smallest tile (ifmap 432 B, weights 2320 B, outputs 48 B) does not fit the buffers "
                  "(431/32768/32768 B per half)");
    }
    // 432 bytes: one whole output row a block.
    const TilePlan row = planGemmTiles(g, ws16(g), budget(432, 32768, 32768), ddr4At1GHz());
    EXPECT_EQ(row.bm, 8);
    EXPECT_EQ(row.ifmap_tile_bytes, 432);
    // A shared budget: bm = 1 needs 432 + 2,320 + 48 = 2,800 bytes, the least
    // sum (bm = 2: 2,848; bm = 4: 2,944; bm = 8: 432 + 2,320 + 384 = 3,136).
    BufferBudget sh;
    sh.is_shared = true;
    sh.shared = 2799;
    EXPECT_THROW(planGemmTiles(g, ws16(g), sh, ddr4At1GHz()), std::runtime_error);
    sh.shared = 2800;
    const TilePlan t = planGemmTiles(g, ws16(g), sh, ddr4At1GHz());
    EXPECT_EQ(t.bm, 1);
    EXPECT_EQ(t.ifmap_tile_bytes + t.weight_tile_bytes + t.ofmap_tile_bytes, 2800);
}
