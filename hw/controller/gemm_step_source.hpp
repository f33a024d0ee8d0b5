#pragma once
// Steps of a conv/fc layer under a TilePlan (see tile_plan.hpp for the loop
// nests): groups one after another, then the block loops in the planned order.
#include "tile_plan.hpp"
#include "tile_step.hpp"

namespace hcm {

struct LayerTensors {
    TensorRegion ifmap;      // N x C x H x W at abits
    TensorRegion weights;    // K x Cg x R x S at wbits
    TensorRegion ofmap;      // N x K x P x Q at obits
    TensorRegion residual;   // add, eltwise: the other inputs, (inputs-1)·N x C x H x W
    TensorRegion side;       // eltwise: the broadcast operand, N x side elements
    TensorRegion psums;      // N x K x P x Q at the plan's partial-sum width (spilled partial sums)
};

// The fold and temporal ranges of the tile (pixel block mb, filter block nb,
// reduction block kb) under `plan`: what its Run command covers.
struct TileRanges {
    int64_t fi0 = 0, fi1 = 0, fj0 = 0, fj1 = 0, t0 = 0, t1 = 0;
};
TileRanges tileRanges(const GemmLayerGeometry& g, const TilePlan& plan, const FoldSpace& space, int64_t mb,
                      int64_t nb, int64_t kb);

// The ifmap segments of pixels [m0, m1) x channels [c0, c1) (channels of the
// whole tensor, i.e. with the group's offset), as the plan loads them.
void addIfmapTile(SegmentList& out, const GemmLayerGeometry& g, const TensorRegion& ifmap, int64_t m0, int64_t m1,
                  int64_t c0, int64_t c1, bool windowCols);

class GemmStepSource : public StepSource {
public:
    GemmStepSource(const GemmLayerGeometry& geometry, const TilePlan& plan, const FoldSpace& space,
                   const LayerTensors& tensors);
    bool next(TileStep& step) override;
    int64_t totalSteps() const override;
    std::string describe() const override { return plan_.str(g_.taps()); }

private:
    void programChunk(TileStep& step);  // FoldSpace::programmed_col_folds: the next weight chunk
    void advance();
    int64_t programChunkElements(int64_t total, int64_t n0, int64_t n1) const;

    GemmLayerGeometry g_;
    TilePlan plan_;
    FoldSpace space_;
    LayerTensors t_;
    // Loop counters, slowest first: (outer, inner, reduction) or, with the
    // partial sums spilled, (reduction, outer, inner).
    int64_t group_ = 0, loop_[3] = {0, 0, 0};
    bool done_ = false;
    int64_t lastIfmap_ = -1, lastWeight_ = -1;
    int64_t programmedBlock_ = -1, programmedNext_ = 0, programmedChunks_ = 0;
    // Current block ranges (reduction in elements).
    int64_t m0_ = 0, m1_ = 0, e0_ = 0, e1_ = 0, n0_ = 0, n1_ = 0;
};

}  // namespace hcm
