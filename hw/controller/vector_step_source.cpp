#include "vector_step_source.hpp"

#include <algorithm>
#include <stdexcept>

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t bytes(int64_t elements, int bits) { return (elements * bits + 7) / 8; }

GemmLayerGeometry windowOf(const Layer& L) {
    GemmLayerGeometry g;
    g.n = L.n, g.c = L.c, g.h = L.h, g.w = L.w, g.k = L.c;
    if (L.op == LayerOp::Pool) {
        g.r = L.r, g.s = L.s, g.stride_h = L.stride_h, g.pad_top = L.pad_top, g.dil_h = L.dil_h;
        g.stride_w = L.stride_w, g.pad_left = L.pad_left, g.dil_w = L.dil_w;
    }
    g.p = L.p(), g.q = L.q();
    g.abits = L.prec.abits, g.obits = L.prec.obits;
    return g;
}

struct Footprint {
    int64_t in, residual, out;
};

Footprint footprint(const Layer& L, const GemmLayerGeometry& g, int64_t channels, int64_t rows, int64_t cols,
                    int64_t windowRows = 0) {
    int64_t inRows = std::min(g.h, (rows - 1) * g.stride_h + g.windowRows());
    if (windowRows > 0) inRows = std::min(inRows, windowRows);
    const int64_t inCols = cols < g.q ? std::min(g.w, (cols - 1) * g.stride_w + g.windowCols()) : g.w;
    const int64_t runs = channels * (cols < g.q ? inRows : 1);  // cut rows: a run per row
    Footprint f;
    f.in = bytes(channels * inRows * inCols, g.abits) + runs;
    f.residual = L.op == LayerOp::Pool ? 0 : (L.add_inputs - 1) * (bytes(channels * inRows * inCols, g.abits) + runs);
    // A broadcast operand streams beside the second inputs: the side elements of the block's channels.
    if (L.op == LayerOp::Eltwise && L.side_elements > 0)
        f.residual += bytes(std::max<int64_t>(1, L.side_elements * channels / std::max<int64_t>(1, L.c)), g.abits) + 1;
    f.out = bytes(channels * rows * cols, g.obits) + channels * (cols < g.q ? rows : 1);
    return f;
}
}  // namespace

std::string VectorPlan::str() const {
    return "channels=" + std::to_string(channels) + " rows=" + std::to_string(rows) +
           (cut_cols ? " cols=" + std::to_string(cols) : "") +
           (window_rows > 0 ? " window_rows=" + std::to_string(window_rows) : "");
}

VectorPlan planVectorTiles(const Layer& L, const BufferBudget& budget) {
    const GemmLayerGeometry g = windowOf(L);
    auto fits = [&](const Footprint& f) {
        return budget.is_shared ? f.in + f.residual + f.out <= budget.shared
                                : f.in <= budget.ifmap && f.residual <= budget.weight && f.out <= budget.ofmap;
    };
    // Whole channel planes first: in N x C x H x W a block of complete planes
    // is one contiguous DRAM run, while cutting rows splits every channel
    // into a short run of its own (each paying burst alignment). Rows are
    // cut only when a single plane does not fit, columns when a single row does not.
    VectorPlan plan;
    plan.channels = g.c;
    plan.rows = g.p;
    plan.cols = g.q;
    while (!fits(footprint(L, g, plan.channels, plan.rows, plan.cols, plan.window_rows))) {
        const int64_t windowRows = std::min(g.h, g.windowRows());
        if (plan.channels > 1) {
            plan.channels = ceilDiv(plan.channels, 2);
        } else if (plan.rows > 1) {
            plan.rows = ceilDiv(plan.rows, 2);
        } else if (plan.cols > 1) {
            plan.cols = ceilDiv(plan.cols, 2);
        } else if (L.op == LayerOp::Pool && plan.window_rows != 1 && windowRows > 1) {
            plan.window_rows = ceilDiv(plan.window_rows > 0 ? plan.window_rows : windowRows, 2);
        } else {
            const Footprint f = footprint(L, g, 1, 1, 1, L.op == LayerOp::Pool ? 1 : 0);
            std::string what;
            auto need = [&](const char* buffer, int64_t needs, int64_t has) {
                if (needs <= has) return;
                what += std::string(what.empty() ? "" : "; ") + "the " + buffer + " buffer needs " +
                        std::to_string(needs) + " B for it and one half holds " + std::to_string(has) + " B";
            };
            if (budget.is_shared) {
                need("shared", f.in + f.residual + f.out, budget.shared);
            } else {
                need("ifmap", f.in, budget.ifmap);
                need("weight", f.residual, budget.weight);
                need("ofmap", f.out, budget.ofmap);
            }
            throw TilingError(std::string("the smallest tile (one output element of one channel") +
                              (L.op == LayerOp::Pool ? ", one input row of its window" : "") + ") does not fit: " + what);
        }
    }
    plan.cut_cols = plan.cols < g.q;
    const Footprint f = footprint(L, g, plan.channels, plan.rows, plan.cols, plan.window_rows);
    plan.ifmap_tile_bytes = f.in;
    plan.residual_tile_bytes = f.residual;
    plan.ofmap_tile_bytes = f.out;
    return plan;
}

VectorStepSource::VectorStepSource(const Layer& layer, const VectorPlan& plan, const LayerTensors& tensors)
    : layer_(layer), g_(windowOf(layer)), plan_(plan), t_(tensors) {}

int64_t VectorStepSource::totalSteps() const {
    const int64_t chunks = plan_.window_rows > 0 ? ceilDiv(std::min(g_.h, g_.windowRows()), plan_.window_rows) : 1;
    return g_.n * ceilDiv(g_.c, plan_.channels) * ceilDiv(g_.p, plan_.rows) * ceilDiv(g_.q, plan_.cols) * chunks;
}

bool VectorStepSource::next(TileStep& step) {
    if (done_) return false;
    const int64_t c0 = cb_ * plan_.channels, c1 = std::min(g_.c, c0 + plan_.channels);
    const int64_t p0 = rb_ * plan_.rows, p1 = std::min(g_.p, p0 + plan_.rows);
    const int64_t q0 = qb_ * plan_.cols, q1 = std::min(g_.q, q0 + plan_.cols);
    int64_t h0 = p0, h1 = p1, w0 = 0, w1 = g_.w;
    if (layer_.op == LayerOp::Pool) g_.inputRows(p0, p1, h0, h1);
    if (plan_.cut_cols) {
        w0 = q0, w1 = q1;
        if (layer_.op == LayerOp::Pool) g_.inputCols(q0, q1, w0, w1);
    }
    // A pooling window in row chunks: this step's rows of it.
    const int64_t windowH = h1 - h0;
    int64_t chunks = 1;
    if (plan_.window_rows > 0) {
        chunks = std::max<int64_t>(1, ceilDiv(windowH, plan_.window_rows));
        h0 += wb_ * plan_.window_rows;
        h1 = std::min(h1, h0 + plan_.window_rows);
    }
    const bool lastChunk = wb_ + 1 >= chunks;
    // Channels [c0, c1) of image `img` of `t`: whole rows, or the block's columns of each row.
    auto addBlock = [&](SegmentList& out, const TensorRegion& t, int64_t img) {
        if (!plan_.cut_cols) {
            addActivationBlock(out, t, img, img + 1, c0, c1, h0, h1);
            return;
        }
        for (int64_t ch = c0; ch < c1; ++ch)
            for (int64_t h = h0; h < h1; ++h) {
                const int64_t row = ((img * t.c + ch) * t.h + h) * t.w;
                out.addRun(t, row + w0, row + w1);
            }
    };

    step.loads.clear();
    step.storeSegments.clear();
    TileLoad in;
    in.what = Operand::Ifmap;
    in.slot = kIfmapSlot;
    addBlock(in.segments, t_.ifmap, n_);
    const int64_t inputs = (c1 - c0) * (h1 - h0) * (w1 - w0);
    step.loads.push_back(std::move(in));
    step.slotTile[kIfmapSlot] = tile_;
    step.slotBytes[kIfmapSlot] = plan_.ifmap_tile_bytes;
    step.slotTile[kWeightSlot] = -1;
    step.slotBytes[kWeightSlot] = 0;
    int64_t residualInputs = 0;
    const bool side = layer_.op == LayerOp::Eltwise && layer_.side_elements > 0;
    if ((layer_.op != LayerOp::Pool && layer_.add_inputs > 1) || side) {
        TileLoad res;
        res.what = Operand::Residual;
        res.slot = kWeightSlot;
        for (int64_t i = 0; i + 1 < layer_.add_inputs; ++i) {
            addBlock(res.segments, t_.residual, i * g_.n + n_);
        }
        residualInputs = inputs * (layer_.add_inputs - 1);
        if (side) {
            // The broadcast operand's elements of these channels (all of them
            // when it is not per channel), once per image block.
            const int64_t s0 = layer_.side_elements * c0 / g_.c, s1 = std::max(s0 + 1, layer_.side_elements * c1 / g_.c);
            res.segments.addRun(t_.side, n_ * layer_.side_elements + s0, n_ * layer_.side_elements + s1);
            residualInputs += s1 - s0;
        }
        step.loads.push_back(std::move(res));
        step.slotTile[kWeightSlot] = tile_;
        step.slotBytes[kWeightSlot] = plan_.residual_tile_bytes;
    }
    const int64_t outputs = (c1 - c0) * (p1 - p0) * (q1 - q0);
    ComputeCommand& c = step.compute;
    c.op = ComputeCommand::Op::Vector;
    c.vector_inputs = inputs;
    c.vector_inputs2 = residualInputs;
    c.vector_outputs = outputs;
    // A window chunk does its rows' share of the window's operations.
    const int64_t poolOps = windowH > 0 ? ceilDiv(outputs * g_.r * g_.s * (h1 - h0), windowH) : 0;
    c.vector_ops = layer_.op == LayerOp::Pool  ? poolOps
                   : layer_.op == LayerOp::Add ? outputs * (layer_.add_inputs - 1)
                                               : outputs * layer_.ops_per_element;
    c.vector_in_bits = g_.abits;
    c.vector_out_bits = g_.obits;
    step.outputBytes = plan_.ofmap_tile_bytes;
    step.storeAfter = lastChunk;  // earlier chunks leave the partial result in the buffer
    // Whole rows, or (columns cut, one row a block) the row's columns: a flat range either way.
    const int64_t first = n_ * g_.p * g_.q + p0 * g_.q;
    if (lastChunk)
        addOutputBlock(step.storeSegments, t_.ofmap, c0, c1, first + q0,
                       plan_.cut_cols ? first + q1 : n_ * g_.p * g_.q + p1 * g_.q);
    step.macs = 0;
    ++tile_;

    if (!lastChunk) {
        ++wb_;
        return true;
    }
    wb_ = 0;
    if (++qb_ < ceilDiv(g_.q, plan_.cols)) return true;
    qb_ = 0;
    if (++rb_ == ceilDiv(g_.p, plan_.rows)) {
        rb_ = 0;
        if (++cb_ == ceilDiv(g_.c, plan_.channels)) {
            cb_ = 0;
            if (++n_ == g_.n) done_ = true;
        }
    }
    return true;
}

}  // namespace hcm
