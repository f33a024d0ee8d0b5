#pragma once
// How the layer controller cuts one layer into tiles that fit the buffers.
//
// A conv/fc layer (one group at a time) is the GEMM ifmap[m x k] * filter[k x n]
// with m output pixels, k = Cg·R·S reduction and n filters. A tile is a block
// of bm pixels x bc input channels x bn filters. The loop nest is
//
//     for outer in (pixel blocks | filter blocks):      -- order chosen by the planner
//       for inner in (filter blocks | pixel blocks):
//         for channel blocks:                             -- innermost: partial sums stay on chip
//           load the ifmap / weight tiles that changed; run the tile on the engine
//         store the finished output tile
//
// Blocks along a dimension the engine lays over its rows or columns are whole
// folds, so a tile's folds are folds of the whole layer; the temporal
// dimension is cut in whole operand groups. A tile that equals the whole layer
// reproduces the engine's stall-free schedule exactly (SCALE-Sim's count for
// the systolic array).
#include <cstdint>
#include <string>

#include "hw/common/compute_command.hpp"
#include "workloads/layer.hpp"

namespace hcm {

// Bytes of buffer space the planner may fill per operand (one half of a
// double-buffered buffer). With a shared buffer only `shared` applies.
struct BufferBudget {
    bool is_shared = false;
    int64_t ifmap = 0, weight = 0, ofmap = 0;
    int64_t shared = 0;
};

struct TilePlan {
    int64_t bm = 1, bc = 1, bn = 1;   // block sizes: pixels, channels (per group), filters
    bool pixels_outer = true;         // loop order of the two outer loops
    int64_t nm = 1, nc = 1, nn = 1;   // block counts
    int64_t ifmap_tile_bytes = 0;     // largest footprints (buffer space reserved)
    int64_t weight_tile_bytes = 0;
    int64_t ofmap_tile_bytes = 0;
    double predicted_cycles = 0;      // the planner's own estimate (for ranking only)
    double predicted_dram_bytes = 0;
    double predicted_compute_cycles = 0;  // folds x (steps + fold overhead) over all tiles
    double predicted_fill_cycles = 0;     // the first tile's loads at the planner's bandwidth

    std::string str() const;
};

// The layer-level sizes the planner needs, for one group.
struct GemmLayerGeometry {
    int64_t n = 1, c = 1, h = 1, w = 1;   // input tensor (c = channels of one group)
    int64_t k = 1;                        // filters of one group
    int64_t r = 1, s = 1, p = 1, q = 1;
    int64_t stride_h = 1, pad_top = 0, dil_h = 1;
    int64_t groups = 1;
    int abits = 8, wbits = 8, obits = 8, acc_bits = 32;

    static GemmLayerGeometry of(const Layer& layer);
    int64_t m() const { return n * p * q; }
    int64_t reduction() const { return c * r * s; }
    // Input rows [h0, h1) that output rows [p0, p1) of one image read.
    void inputRows(int64_t p0, int64_t p1, int64_t& h0, int64_t& h1) const;
    // The same rows as disjoint runs: when the stride skips rows (a 1x1
    // stride-2 conv reads every other row) only the rows read are listed.
    template <class Fn>
    void forEachInputRowRun(int64_t p0, int64_t p1, Fn&& fn) const {
        const int64_t window = (r - 1) * dil_h + 1;
        if (window >= stride_h) {
            int64_t h0, h1;
            inputRows(p0, p1, h0, h1);
            if (h1 > h0) fn(h0, h1);
            return;
        }
        for (int64_t p = p0; p < p1; ++p) {
            int64_t h0, h1;
            inputRows(p, p + 1, h0, h1);
            if (h1 > h0) fn(h0, h1);
        }
    }
};

// Memory the planner may assume per platform cycle (DRAM and interconnect).
struct PlannerMemory {
    double bytes_per_cycle = 16;
    double efficiency = 0.7;   // sustained fraction of peak on DMA streams
};

// Chooses block sizes and loop order minimising predicted time, then DRAM
// traffic. Throws std::runtime_error (caller adds the layer name) when not
// even the smallest tile fits.
TilePlan planGemmTiles(const GemmLayerGeometry& g, const FoldSpace& space, const BufferBudget& budget,
                       const PlannerMemory& memory);

// Worst-case bytes of an ifmap tile of bm pixels x bc channels.
int64_t ifmapTileBytes(const GemmLayerGeometry& g, int64_t bm, int64_t bc);

}  // namespace hcm
