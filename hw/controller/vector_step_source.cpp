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
    }
    g.p = L.p(), g.q = L.q();
    g.abits = L.prec.abits, g.obits = L.prec.obits;
    return g;
}

struct Footprint {
    int64_t in, residual, out;
};

Footprint footprint(const Layer& L, const GemmLayerGeometry& g, int64_t channels, int64_t rows) {
    const int64_t inRows = std::min(g.h, (rows - 1) * g.stride_h + (g.r - 1) * g.dil_h + 1);
    Footprint f;
    f.in = bytes(channels * inRows * g.w, g.abits) + channels;
    f.residual = L.op == LayerOp::Pool ? 0 : (L.add_inputs - 1) * (bytes(channels * inRows * g.w, g.abits) + channels);
    // A broadcast operand streams beside the second inputs: the side elements of the block's channels.
    if (L.op == LayerOp::Eltwise && L.side_elements > 0)
        f.residual += bytes(std::max<int64_t>(1, L.side_elements * channels / std::max<int64_t>(1, L.c)), g.abits) + 1;
    f.out = bytes(channels * rows * g.q, g.obits) + channels;
    return f;
}
}  // namespace

std::string VectorPlan::str() const {
    return "channels=" + std::to_string(channels) + " rows=" + std::to_string(rows);
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
    // cut only when a single plane does not fit.
    VectorPlan plan;
    plan.channels = g.c;
    plan.rows = g.p;
    while (!fits(footprint(L, g, plan.channels, plan.rows))) {
        if (plan.channels > 1)
            plan.channels = ceilDiv(plan.channels, 2);
        else if (plan.rows > 1)
            plan.rows = ceilDiv(plan.rows, 2);
        else
            throw std::runtime_error("one output row of one channel does not fit the buffers");
    }
    const Footprint f = footprint(L, g, plan.channels, plan.rows);
    plan.ifmap_tile_bytes = f.in;
    plan.residual_tile_bytes = f.residual;
    plan.ofmap_tile_bytes = f.out;
    return plan;
}

VectorStepSource::VectorStepSource(const Layer& layer, const VectorPlan& plan, const LayerTensors& tensors)
    : layer_(layer), g_(windowOf(layer)), plan_(plan), t_(tensors) {}

int64_t VectorStepSource::totalSteps() const {
    return g_.n * ceilDiv(g_.c, plan_.channels) * ceilDiv(g_.p, plan_.rows);
}

bool VectorStepSource::next(TileStep& step) {
    if (done_) return false;
    const int64_t c0 = cb_ * plan_.channels, c1 = std::min(g_.c, c0 + plan_.channels);
    const int64_t p0 = rb_ * plan_.rows, p1 = std::min(g_.p, p0 + plan_.rows);
    int64_t h0 = p0, h1 = p1;
    if (layer_.op == LayerOp::Pool) g_.inputRows(p0, p1, h0, h1);

    step.loads.clear();
    step.storeSegments.clear();
    TileLoad in;
    in.what = Operand::Ifmap;
    in.slot = 0;
    addActivationBlock(in.segments, t_.ifmap, n_, n_ + 1, c0, c1, h0, h1);
    const int64_t inputs = (c1 - c0) * (h1 - h0) * g_.w;
    step.loads.push_back(std::move(in));
    step.slotTile[0] = tile_;
    step.slotBytes[0] = plan_.ifmap_tile_bytes;
    step.slotTile[1] = -1;
    step.slotBytes[1] = 0;
    int64_t residualInputs = 0;
    const bool side = layer_.op == LayerOp::Eltwise && layer_.side_elements > 0;
    if ((layer_.op != LayerOp::Pool && layer_.add_inputs > 1) || side) {
        TileLoad res;
        res.what = Operand::Residual;
        res.slot = 1;
        for (int64_t i = 0; i + 1 < layer_.add_inputs; ++i) {
            const int64_t img = i * g_.n + n_;
            addActivationBlock(res.segments, t_.residual, img, img + 1, c0, c1, h0, h1);
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
        step.slotTile[1] = tile_;
        step.slotBytes[1] = plan_.residual_tile_bytes;
    }
    const int64_t outputs = (c1 - c0) * (p1 - p0) * g_.q;
    ComputeCommand& c = step.compute;
    c.op = ComputeCommand::Op::Vector;
    c.vector_inputs = inputs;
    c.vector_inputs2 = residualInputs;
    c.vector_outputs = outputs;
    c.vector_ops = layer_.op == LayerOp::Pool  ? outputs * g_.r * g_.s
                   : layer_.op == LayerOp::Add ? outputs * (layer_.add_inputs - 1)
                                               : outputs * layer_.ops_per_element;
    c.vector_in_bits = g_.abits;
    c.vector_out_bits = g_.obits;
    step.outputBytes = plan_.ofmap_tile_bytes;
    step.storeAfter = true;
    addOutputBlock(step.storeSegments, t_.ofmap, c0, c1, n_ * g_.p * g_.q + p0 * g_.q, n_ * g_.p * g_.q + p1 * g_.q);
    step.macs = 0;
    ++tile_;

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
