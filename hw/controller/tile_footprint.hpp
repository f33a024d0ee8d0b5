#pragma once
// Buffer footprints and DRAM bytes of ifmap tiles, shared by the tile planner
// (which ranks tilings with them) and its tests.
#include <cstdint>

#include "tile_plan.hpp"

namespace hcm {

// DRAM bytes of one pass over a group's ifmap with pixel blocks of bm and
// `channels` channel reads per pixel block: every block reads, per channel,
// its input rows as contiguous runs (one run, or one per output row when the
// stride skips rows; with windowCols one run per input row of its columns),
// each rounded to whole 64-byte bursts with half a burst of misalignment on
// average. Halo rows and columns shared by neighbouring blocks are read by both.
// Bytes of an output tile of bm pixels x bn filters at `bits` a value, plus
// (when values are not whole bytes) two bytes per DRAM run, a filter's pixels
// of one image: b bits from any bit offset straddle up to ceil(b/8) + 1 bytes.
int64_t outputTileBytes(const GemmLayerGeometry& g, int64_t bm, int64_t bn, int bits);

double ifmapPassBytes(const GemmLayerGeometry& g, int64_t bm, int64_t channels, bool windowCols);

}  // namespace hcm
