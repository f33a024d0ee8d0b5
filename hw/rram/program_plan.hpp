#pragma once
// Where a network's weights live on the chip. Pure C++ (no SystemC).
//
// Resident (the whole network fits: sum over layers of groups x fr x fc
// crossbars <= the chip's): every layer keeps its crossbars for the whole
// inference; the weights are programmed once before it (a one-time cost,
// not inference latency). With replication `balanced`, the spare crossbars
// hold extra copies of layers — copy r of a layer processes every r-th
// output pixel — chosen greedily where one more crossbar saves the most time
// (time of a layer: groups x ceil(m / copies) x input_steps x cycle), which
// is ISAAC's pipeline balancing for layers run one after another.
//
// Reprogrammed (it does not fit): every layer is written into the crossbars
// when it runs, in blocks of whole column folds (all row folds of those
// filters) of at most the chip's crossbars; with `balanced` a layer that
// fits the chip several times is written that many times (copies) so its
// pixels run in parallel. The weight writes cross DRAM once per inference.
//
// Runtime operands (a layer whose "weights" are produced during the
// inference, e.g. attention's q·kᵀ) are never resident: the static layers are
// placed as above in the crossbars left after reserving a scratch region
// (at least one column fold of the largest such layer, one whole copy of it
// when there is room), and the runtime layers are reprogrammed into that
// region every time they run. If the static layers and the smallest scratch
// region do not fit together, every layer is reprogrammed.
//
// Layout of a resident layer: crossbar base + ((group x copies) + copy) x
// fr·fc + fj x fr + fi, so the row folds of a filter group are neighbours
// (their partial sums meet in one IMA or tile).
#include <cstdint>
#include <string>
#include <vector>

#include "crossbar_mapping.hpp"

namespace hcm {

struct LayerPlacement {
    CrossbarMapping map;          // one group, with the copies' ADC sharing
    int64_t groups = 1;
    int64_t copies = 1;
    bool resident = true;
    int64_t base = 0;             // first crossbar of a resident layer
    int64_t block_col_folds = 0;  // reprogrammed: column folds written at once
    // Reprogrammed: the crossbars its blocks are written into, [region_base,
    // region_base + region_size), round-robin (wear levelling).
    int64_t region_base = 0, region_size = 0;
    std::string error;            // why the layer cannot be placed (empty: it can)
    int64_t crossbarsPerCopy() const { return map.crossbars; }
    int64_t crossbarsUsed() const { return map.crossbars * groups * copies; }
    // Cycle time with the copies' ADC sharing, times input steps, per pixel group.
    double layerTimeNs() const;
};

struct ProgramPlan {
    bool fits = true;
    int64_t chip_crossbars = 0;
    int64_t crossbars_needed = 0;  // one copy of every layer
    int64_t crossbars_used = 0;    // resident: with the copies
    int64_t scratch_crossbars = 0; // reserved for runtime-operand layers
    std::vector<LayerPlacement> layers;
};

// A layer that cannot be placed at all (one column fold's row folds need
// more crossbars than the chip has) gets an `error`.
ProgramPlan planProgram(const RramParams& params, const std::vector<GemmProblem>& problems);

// The placement of one layer run on its own (no network context).
LayerPlacement placeAlone(const RramParams& params, const GemmProblem& problem);

}  // namespace hcm
