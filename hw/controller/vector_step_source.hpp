#pragma once
// Steps of a memory-only layer (pooling, element-wise add): blocks of
// channels x output rows of one image, loaded, reduced on the engine's vector
// lanes and stored. The second input of an add streams into the weight
// buffer, which such layers do not otherwise use.
#include "gemm_step_source.hpp"
#include "tile_plan.hpp"
#include "tile_step.hpp"
#include "workloads/layer.hpp"

namespace hcm {

struct VectorPlan {
    int64_t channels = 1;   // channels per block
    int64_t rows = 1;       // output rows per block
    int64_t ifmap_tile_bytes = 0, residual_tile_bytes = 0, ofmap_tile_bytes = 0;
    std::string str() const;
};

// Largest blocks that fit the budget: whole channel planes (contiguous in
// DRAM) with as many channels as fit, rows cut only when one plane is too big.
// Throws std::runtime_error if a single output row of one channel does not fit.
VectorPlan planVectorTiles(const Layer& layer, const BufferBudget& budget);

class VectorStepSource : public StepSource {
public:
    VectorStepSource(const Layer& layer, const VectorPlan& plan, const LayerTensors& tensors);
    bool next(TileStep& step) override;
    int64_t totalSteps() const override;
    std::string describe() const override { return plan_.str(); }

private:
    Layer layer_;
    GemmLayerGeometry g_;   // window geometry (kernel, stride, padding)
    VectorPlan plan_;
    LayerTensors t_;
    int64_t n_ = 0, cb_ = 0, rb_ = 0;
    bool done_ = false;
    int64_t tile_ = 0;
};

}  // namespace hcm
