#pragma once
// Steps of a memory-only layer (pooling, element-wise add and functions):
// blocks of channels x output rows (x output columns, when one row is too
// large) of one image, loaded, reduced on the engine's vector lanes and
// stored. The second inputs of an add (and an eltwise layer's broadcast
// operand) stream into the weight buffer, which such layers do not otherwise use.
#include "gemm_step_source.hpp"
#include "tile_plan.hpp"
#include "tile_step.hpp"
#include "workloads/layer.hpp"

namespace hcm {

struct VectorPlan {
    int64_t channels = 1;   // channels per block
    int64_t rows = 1;       // output rows per block
    int64_t cols = 1;       // output columns per block (the whole row unless one row does not fit)
    bool cut_cols = false;  // cols < Q
    // Pooling only, when one output element's window does not fit: the
    // window's input rows in chunks of this many, the partial result kept in
    // the ofmap buffer until the last chunk (0: whole windows).
    int64_t window_rows = 0;
    int64_t ifmap_tile_bytes = 0, residual_tile_bytes = 0, ofmap_tile_bytes = 0;
    std::string str() const;
};

// Largest blocks that fit the budget: whole channel planes (contiguous in
// DRAM) with as many channels as fit, rows cut only when one plane is too big,
// columns only when one row is, a pooling window's rows only when one output
// element's window is. Throws TilingError if not even one output element
// (one input row of its window, for pooling) of one channel fits.
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
    int64_t n_ = 0, cb_ = 0, rb_ = 0, qb_ = 0, wb_ = 0;  // wb_: chunk of a pooling window
    bool done_ = false;
    int64_t tile_ = 0;
};

}  // namespace hcm
