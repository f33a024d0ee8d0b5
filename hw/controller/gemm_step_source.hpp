#pragma once
// Steps of a conv/fc layer under a TilePlan (see tile_plan.hpp for the loop
// nest): groups one after another, then the two outer block loops in the
// planned order, then channel blocks innermost.
#include "tile_plan.hpp"
#include "tile_step.hpp"

namespace hcm {

struct LayerTensors {
    TensorRegion ifmap;      // N x C x H x W at abits
    TensorRegion weights;    // K x Cg x R x S at wbits
    TensorRegion ofmap;      // N x K x P x Q at obits
    TensorRegion residual;   // add, eltwise: the other inputs, (inputs-1)·N x C x H x W
    TensorRegion side;       // eltwise: the broadcast operand, N x side elements
};

// The fold and temporal ranges of the tile (pixel block mb, filter block nb,
// channel block kb) under `plan`: what its Run command covers.
struct TileRanges {
    int64_t fi0 = 0, fi1 = 0, fj0 = 0, fj1 = 0, t0 = 0, t1 = 0;
};
TileRanges tileRanges(const GemmLayerGeometry& g, const TilePlan& plan, const FoldSpace& space, int64_t mb,
                      int64_t nb, int64_t kb);

class GemmStepSource : public StepSource {
public:
    GemmStepSource(const GemmLayerGeometry& geometry, const TilePlan& plan, const FoldSpace& space,
                   const LayerTensors& tensors);
    bool next(TileStep& step) override;
    int64_t totalSteps() const override;
    std::string describe() const override { return plan_.str(); }

private:
    void programChunk(TileStep& step);  // FoldSpace::programmed_col_folds: the next weight chunk

    GemmLayerGeometry g_;
    TilePlan plan_;
    FoldSpace space_;
    LayerTensors t_;
    int64_t group_ = 0, outer_ = 0, inner_ = 0, kb_ = 0;
    bool done_ = false;
    int64_t lastIfmap_ = -1, lastWeight_ = -1;
    int64_t programmedBlock_ = -1, programmedNext_ = 0, programmedChunks_ = 0;
    // Current block ranges.
    int64_t m0_ = 0, m1_ = 0, c0_ = 0, c1_ = 0, n0_ = 0, n1_ = 0;
};

}  // namespace hcm
