#pragma once
// How the layer controller cuts one layer into tiles that fit the buffers.
//
// A conv/fc layer (one group at a time) is the GEMM ifmap[m x k] * filter[k x n]
// with m = N·P·Q output pixels, k = Cg·R·S reduction elements (channel-major:
// element c·R·S + tap) and n filters. A tile is a block of bm pixels x bk
// reduction elements x bn filters. Two loop nests exist:
//
//   partial sums on chip (the default)         partial sums spilled (reduction_outer)
//     for outer in (pixel | filter blocks):      for reduction blocks:
//       for inner in (filter | pixel blocks):      for outer in (pixel | filter blocks):
//         for reduction blocks:                      for inner in (filter | pixel blocks):
//           load changed ifmap/weight tiles;           load changed ifmap/weight tiles and,
//           run the tile                               after the first block, the tile's
//         store the finished output tile               partial sums; run; store the partial
//                                                      sums (accumulator width) or, after the
//                                                      last block, the outputs
//
// Every dimension the dataflow allows is split: pixels (whole output rows, or
// within a row down to the engine's pixel unit, then loading only the input
// columns the block's windows read), filters, and the reduction (whole
// channels, or — when even the engine's smallest channel-aligned block is too
// large — any multiple of its reduction unit, cutting a channel's kernel taps
// between blocks). Blocks along a dimension the engine lays over its rows or
// columns are whole folds, and reduction blocks are whole temporal groups, so
// a tile's folds are folds of the whole layer; a tile that equals the whole
// layer reproduces the engine's stall-free schedule exactly (SCALE-Sim's count
// for the systolic array). Only a design whose buffers cannot hold the
// smallest tile (one fold's operands) has no plan.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "hw/common/compute_command.hpp"
#include "hw/common/design_error.hpp"
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
    int64_t bm = 1;                   // pixels per block (flat over N·P·Q)
    int64_t bk = 1;                   // reduction elements per block (c·R·S + tap)
    int64_t bc = 1;                   // channels a reduction block spans (at most)
    int64_t bn = 1;                   // filters per block
    bool pixels_outer = true;         // order of the pixel and filter block loops
    bool reduction_outer = false;     // partial sums spilled to DRAM between reduction blocks
    bool window_cols = false;         // pixel blocks within a row load only their input columns
    int64_t nm = 1, nk = 1, nn = 1;   // block counts
    int psum_bits = 32;               // partial-sum width in the ofmap buffer (and in DRAM when spilled)
    int64_t ifmap_tile_bytes = 0;     // largest footprints (buffer space reserved)
    int64_t weight_tile_bytes = 0;
    int64_t ofmap_tile_bytes = 0;
    double predicted_cycles = 0;      // the planner's own estimate (for ranking only)
    double predicted_dram_bytes = 0;
    double predicted_compute_cycles = 0;  // folds x (steps + fold overhead) over all tiles
    double predicted_fill_cycles = 0;     // the first tile's loads at the planner's bandwidth

    // Reduction blocks hold whole channels (bk is a multiple of R·S).
    bool channelAligned(int64_t taps) const { return bk % taps == 0; }
    int64_t tiles() const { return nm * nk * nn; }
    std::string str(int64_t taps) const;
};

// The layer-level sizes the planner needs, for one group.
struct GemmLayerGeometry {
    int64_t n = 1, c = 1, h = 1, w = 1;   // input tensor (c = channels of one group)
    int64_t k = 1;                        // filters of one group
    int64_t r = 1, s = 1, p = 1, q = 1;
    int64_t stride_h = 1, pad_top = 0, dil_h = 1;
    int64_t stride_w = 1, pad_left = 0, dil_w = 1;
    int64_t groups = 1;
    int abits = 8, wbits = 8, obits = 8, acc_bits = 32;

    static GemmLayerGeometry of(const Layer& layer);
    int64_t m() const { return n * p * q; }
    int64_t taps() const { return r * s; }
    int64_t reduction() const { return c * r * s; }
    int64_t windowRows() const { return (r - 1) * dil_h + 1; }
    int64_t windowCols() const { return (s - 1) * dil_w + 1; }
    // Input rows [h0, h1) that output rows [p0, p1) of one image read.
    void inputRows(int64_t p0, int64_t p1, int64_t& h0, int64_t& h1) const;
    // Input columns [w0, w1) that output columns [q0, q1) read.
    void inputCols(int64_t q0, int64_t q1, int64_t& w0, int64_t& w1) const;
    // The same rows as disjoint runs: when the stride skips rows (a 1x1
    // stride-2 conv reads every other row) only the rows read are listed.
    template <class Fn>
    void forEachInputRowRun(int64_t p0, int64_t p1, Fn&& fn) const {
        if (windowRows() >= stride_h) {
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

// The layer cannot be tiled: not even the smallest tile fits. The message
// names each buffer that is too small, what the smallest tile needs there and
// what one half of it holds.
class TilingError : public DesignError {
public:
    using DesignError::DesignError;
};

// Chooses block sizes and loop order minimising predicted time, then DRAM
// traffic. Throws TilingError (the caller adds the layer name) when not even
// the smallest tile fits.
TilePlan planGemmTiles(const GemmLayerGeometry& g, const FoldSpace& space, const BufferBudget& budget,
                       const PlannerMemory& memory);

// Partial-sum width the engine keeps (FoldSpace::acc_bits), else the exact
// accumulator width b_a + b_w + ceil(log2(reduction)).
int psumBits(const GemmLayerGeometry& g, const FoldSpace& space);

// Most channels a reduction block of bk elements can touch.
int64_t channelsSpanned(const GemmLayerGeometry& g, int64_t bk);

// Worst-case bytes of an ifmap tile of bm pixels x `channels` channels: whole
// input rows, or (windowCols, bm < Q) only the input columns of the block.
int64_t ifmapTileBytes(const GemmLayerGeometry& g, int64_t bm, int64_t channels, bool windowCols = false);

}  // namespace hcm
