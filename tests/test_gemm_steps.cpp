// Properties of the tile loop the layer controller executes (GemmStepSource
// under a TilePlan from planGemmTiles), over random layers, fold spaces and
// buffer budgets: every multiply-accumulate is computed once; every output is
// stored once at its precision; spilled partial sums come back exactly once
// per later reduction block; each tile's loads cover every input its windows
// read and never exceed the buffer space the plan reserved.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "hw/controller/gemm_step_source.hpp"
#include "hw/controller/tile_plan.hpp"

using namespace hcm;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// A deterministic random integer in [lo, hi] (own mapping: std distributions
// differ between standard libraries).
int64_t pick(std::mt19937_64& rng, int64_t lo, int64_t hi) { return lo + int64_t(rng() % uint64_t(hi - lo + 1)); }

struct Case {
    GemmLayerGeometry g;
    FoldSpace s;
    BufferBudget b;
};

// A fold space of the shape engines report: which GEMM dimension goes to
// rows, columns and time, with units; every fold run whole.
FoldSpace foldSpace(const GemmLayerGeometry& g, int kind, int64_t unitA, int64_t unitB) {
    FoldSpace s;
    const int64_t M = g.m(), K = g.reduction(), N = g.k;
    switch (kind) {
        case 0:  // weight stationary: K rows, N columns, pixels in time
            s.row_dim = GemmDim::K, s.col_dim = GemmDim::N, s.time_dim = GemmDim::M;
            s.row_unit = unitA, s.col_unit = unitB, s.time_unit = 1;
            break;
        case 1:  // output stationary: M rows, N columns, the reduction in time
            s.row_dim = GemmDim::M, s.col_dim = GemmDim::N, s.time_dim = GemmDim::K;
            s.row_unit = unitA, s.col_unit = unitB, s.time_unit = 1;
            break;
        case 3:  // crossbars written during the inference (RRAM): K rows, N columns, all folds at once
            s.row_dim = GemmDim::K, s.col_dim = GemmDim::N, s.time_dim = GemmDim::M;
            s.row_unit = unitA, s.col_unit = unitB, s.time_unit = 1;
            s.programmed_col_folds = 2;
            s.folds_in_parallel = true;
            break;
        case 4:  // RRAM with many copies: a temporal group is 32 pixels
            s.row_dim = GemmDim::K, s.col_dim = GemmDim::N, s.time_dim = GemmDim::M;
            s.row_unit = unitA, s.col_unit = unitB, s.time_unit = 32;
            s.weights_preloaded = true;
            s.folds_in_parallel = true;
            break;
        default:  // a binary matrix engine: M rows, N columns, K in groups of unitA in time
            s.row_dim = GemmDim::M, s.col_dim = GemmDim::N, s.time_dim = GemmDim::K;
            s.row_unit = 4, s.col_unit = unitB, s.time_unit = unitA, s.steps_per_group = 2;
            break;
    }
    auto size = [&](GemmDim d) { return d == GemmDim::M ? M : d == GemmDim::N ? N : K; };
    s.fr = ceilDiv(size(s.row_dim), s.row_unit);
    s.fc = ceilDiv(size(s.col_dim), s.col_unit);
    s.t = s.stepsFor(size(s.time_dim));
    s.total_cycles_ideal = s.fr * s.fc * (s.t + 10);
    s.peak_macs_per_cycle = double(s.row_unit * s.col_unit);
    return s;
}

Case randomCase(std::mt19937_64& rng) {
    Case c;
    GemmLayerGeometry& g = c.g;
    g.n = pick(rng, 1, 2);
    g.groups = pick(rng, 0, 3) == 0 ? pick(rng, 2, 3) : 1;
    g.c = pick(rng, 1, 40);
    g.k = pick(rng, 1, 40);
    g.r = pick(rng, 1, 5), g.s = pick(rng, 1, 5);
    g.stride_h = pick(rng, 1, 3), g.stride_w = pick(rng, 1, 3);
    g.dil_h = pick(rng, 0, 4) == 0 ? 2 : 1, g.dil_w = pick(rng, 0, 4) == 0 ? 2 : 1;
    g.pad_top = pick(rng, 0, g.r / 2), g.pad_left = pick(rng, 0, g.s / 2);
    g.h = pick(rng, (g.r - 1) * g.dil_h + 1, 20);
    g.w = pick(rng, (g.s - 1) * g.dil_w + 1, 24);
    g.p = (g.h + 2 * g.pad_top - (g.r - 1) * g.dil_h - 1) / g.stride_h + 1;
    g.q = (g.w + 2 * g.pad_left - (g.s - 1) * g.dil_w - 1) / g.stride_w + 1;
    const int bits[] = {1, 2, 4, 8, 16};
    g.abits = bits[pick(rng, 0, 4)], g.wbits = bits[pick(rng, 0, 4)], g.obits = 8;
    int64_t lg = 0;
    while ((int64_t(1) << lg) < g.reduction()) ++lg;
    g.acc_bits = int(g.abits + g.wbits + lg);
    c.s = foldSpace(g, int(pick(rng, 0, 4)), int64_t(1) << pick(rng, 0, 4), int64_t(1) << pick(rng, 0, 4));
    // Budgets from hopeless to generous.
    c.b.ifmap = pick(rng, 16, 6000), c.b.weight = pick(rng, 16, 6000), c.b.ofmap = pick(rng, 16, 6000);
    if (pick(rng, 0, 5) == 0) c.b.is_shared = true, c.b.shared = pick(rng, 64, 12000);
    return c;
}

// Byte ranges [first, last) of a segment list.
std::vector<std::pair<uint64_t, uint64_t>> ranges(const SegmentList& l) {
    std::vector<std::pair<uint64_t, uint64_t>> out;
    for (const DmaSegment& s : l.segments()) out.push_back({s.address, s.address + s.bytes});
    return out;
}

bool covered(const std::vector<std::pair<uint64_t, uint64_t>>& r, uint64_t byte) {
    for (const auto& [a, b] : r)
        if (byte >= a && byte < b) return true;
    return false;
}

}  // namespace

TEST(GemmSteps, EveryTileLoopComputesStoresAndLoadsWhatItMust) {
    std::mt19937_64 rng(20261204);
    int planned = 0, spilled = 0, windowCols = 0, cutTaps = 0, infeasible = 0, programmed = 0, subGroup = 0;
    PlannerMemory mem;
    for (int iter = 0; iter < 600; ++iter) {
        const Case c = randomCase(rng);
        const GemmLayerGeometry& g = c.g;
        TilePlan plan;
        try {
            plan = planGemmTiles(g, c.s, c.b, mem);
        } catch (const TilingError&) {
            ++infeasible;
            continue;
        }
        ++planned;
        spilled += plan.reduction_outer;
        windowCols += plan.window_cols;
        cutTaps += !plan.channelAligned(g.taps());
        programmed += c.s.programmed_col_folds > 0;
        subGroup += c.s.time_dim == GemmDim::M && plan.bm < c.s.time_unit && plan.bm < g.m();
        SCOPED_TRACE("case " + std::to_string(iter) + ": " + plan.str(g.taps()) + " n=" + std::to_string(g.n) + " c=" + std::to_string(g.c) + " h=" + std::to_string(g.h) + " w=" + std::to_string(g.w) + " r=" + std::to_string(g.r) + " s=" + std::to_string(g.s) + " p=" + std::to_string(g.p) + " q=" + std::to_string(g.q) + " stride=" + std::to_string(g.stride_h) + "," + std::to_string(g.stride_w) + " dil=" + std::to_string(g.dil_h) + " pad=" + std::to_string(g.pad_top) + " abits=" + std::to_string(g.abits));

        // Tensors far apart, each at its own bit width.
        LayerTensors t;
        const int64_t C = g.c * g.groups, K = g.k * g.groups;
        t.ifmap = TensorRegion{0, g.n, C, g.h, g.w, g.abits};
        t.weights = TensorRegion{1u << 24, K, g.c, g.r, g.s, g.wbits};
        t.ofmap = TensorRegion{2u << 24, g.n, K, g.p, g.q, 8};
        t.psums = TensorRegion{3u << 24, g.n, K, g.p, g.q, plan.psum_bits};
        GemmStepSource steps(g, plan, c.s, t);

        int64_t macs = 0, stepsSeen = 0, psumLoads = 0, psumStores = 0;
        std::map<uint64_t, int> ofmapBytesStored;  // byte -> times
        std::set<uint64_t> weightBytes;
        std::vector<std::pair<uint64_t, uint64_t>> ifmapTile;
        TileStep step;
        while (steps.next(step)) {
            ++stepsSeen;
            macs += step.macs;
            for (const TileLoad& l : step.loads) {
                if (l.what == Operand::Ifmap) {
                    ifmapTile = ranges(l.segments);
                    EXPECT_LE(int64_t(l.segments.totalBytes()), plan.ifmap_tile_bytes);
                } else if (l.what == Operand::Weight) {
                    EXPECT_LE(int64_t(l.segments.totalBytes()), plan.weight_tile_bytes);
                    for (const auto& [a, b] : ranges(l.segments))
                        for (uint64_t x = a; x < b; ++x) weightBytes.insert(x);
                } else if (l.what == Operand::Psum) {
                    ++psumLoads;
                    EXPECT_LE(int64_t(l.segments.totalBytes()), plan.ofmap_tile_bytes);
                }
            }
            EXPECT_LE(step.outputBytes, plan.ofmap_tile_bytes);
            if (step.storeAfter) {
                if (step.storeWhat == Operand::Psum) {
                    ++psumStores;
                } else {
                    for (const auto& [a, b] : ranges(step.storeSegments))
                        for (uint64_t x = a; x < b; ++x) ofmapBytesStored[x] += 1;
                }
            }
            // The ifmap tile holds every input element the tile's windows read
            // (the channels of its reduction block, its pixels' windows).
            const TileBlock& b = step.block;
            const int64_t rs = g.taps(), pq = g.p * g.q;
            for (int64_t m = b.m0; m < b.m1; ++m) {
                const int64_t img = m / pq, p = m % pq / g.q, q = m % g.q;
                for (int64_t e = b.k0; e < b.k1; ++e) {
                    const int64_t ch = b.group * g.c + e / rs, tap = e % rs;
                    const int64_t h = p * g.stride_h - g.pad_top + tap / g.s * g.dil_h;
                    const int64_t w = q * g.stride_w - g.pad_left + tap % g.s * g.dil_w;
                    if (h < 0 || h >= g.h || w < 0 || w >= g.w) continue;  // padding
                    const int64_t elem = ((img * C + ch) * g.h + h) * g.w + w;
                    // Every byte holding a bit of the element.
                    const uint64_t first = uint64_t(elem * g.abits / 8), last = uint64_t((elem * g.abits + g.abits - 1) / 8);
                    for (uint64_t x = first; x <= last; ++x)
                        ASSERT_TRUE(covered(ifmapTile, x)) << "input (" << img << "," << ch << "," << h << "," << w
                                                           << ") of pixel " << m << " not loaded";
                }
            }
        }
        EXPECT_EQ(stepsSeen, steps.totalSteps());
        EXPECT_EQ(macs, g.m() * g.reduction() * g.k * g.groups);
        // Every output byte stored exactly once, at the output precision.
        EXPECT_EQ(int64_t(ofmapBytesStored.size()), int64_t(t.ofmap.bytes()));
        for (const auto& [byte, times] : ofmapBytesStored) {
            ASSERT_EQ(times, 1) << "output byte " << byte;
        }
        // Every weight read (unless the engine holds them).
        if (!c.s.weights_preloaded) {
            EXPECT_EQ(int64_t(weightBytes.size()), int64_t(t.weights.bytes()));
        }
        const int64_t expectedPsums = plan.reduction_outer ? (plan.nk - 1) * plan.nm * plan.nn * g.groups : 0;
        EXPECT_EQ(psumLoads, expectedPsums);
        EXPECT_EQ(psumStores, expectedPsums);
    }
    // The random cases exercise every kind of plan.
    std::printf("%d planned (%d spilled, %d window-cols, %d cut taps, %d below a temporal group), %d infeasible\n",
                planned, spilled, windowCols, cutTaps, subGroup, infeasible);
    EXPECT_GT(planned, 300);
    EXPECT_GT(infeasible, 5);
    EXPECT_GT(spilled, 3);
    EXPECT_GT(windowCols, 20);
    EXPECT_GT(cutTaps, 3);
    EXPECT_GT(programmed, 50);
    EXPECT_GT(subGroup, 3);
}
