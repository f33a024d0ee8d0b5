#include "gemm_step_source.hpp"

#include <algorithm>

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

GemmStepSource::GemmStepSource(const GemmLayerGeometry& geometry, const TilePlan& plan, const FoldSpace& space,
                               const LayerTensors& tensors)
    : g_(geometry), plan_(plan), space_(space), t_(tensors) {}

int64_t GemmStepSource::totalSteps() const { return g_.groups * plan_.nm * plan_.nn * plan_.nc; }

TileRanges tileRanges(const GemmLayerGeometry& g, const TilePlan& plan, const FoldSpace& space, int64_t mb,
                      int64_t nb, int64_t kb) {
    const int64_t m0 = mb * plan.bm, m1 = std::min(g.m(), m0 + plan.bm);
    const int64_t n0 = nb * plan.bn, n1 = std::min(g.k, n0 + plan.bn);
    const int64_t c0 = kb * plan.bc, c1 = std::min(g.c, c0 + plan.bc);
    auto range = [&](GemmDim d, int64_t& b, int64_t& e) {
        switch (d) {
            case GemmDim::M: b = m0, e = m1; break;
            case GemmDim::N: b = n0, e = n1; break;
            case GemmDim::K: b = c0 * g.r * g.s, e = c1 * g.r * g.s; break;
        }
    };
    TileRanges r;
    int64_t b = 0, e = 0;
    range(space.row_dim, b, e);
    r.fi0 = b / space.row_unit;
    r.fi1 = ceilDiv(e, space.row_unit);
    range(space.col_dim, b, e);
    r.fj0 = b / space.col_unit;
    r.fj1 = ceilDiv(e, space.col_unit);
    range(space.time_dim, b, e);
    r.t0 = b / space.time_unit * space.steps_per_group;
    r.t1 = std::min(space.t, ceilDiv(e, space.time_unit) * space.steps_per_group);
    return r;
}

void GemmStepSource::programChunk(TileStep& step) {
    // The block's bn x C x R x S weights are contiguous in DRAM (pre-tiled);
    // chunks of at most the planned weight tile go through the weight buffer.
    const int64_t rs = g_.r * g_.s, total = (n1_ - n0_) * g_.c * rs;
    const int64_t perChunk = std::max<int64_t>(1, plan_.weight_tile_bytes * 8 / g_.wbits);
    const int64_t count = std::min(perChunk, total - programmedNext_);
    const int64_t first = (group_ * g_.k + n0_) * g_.c * rs + programmedNext_;
    TileLoad load;
    load.what = Operand::Weight;
    load.slot = 1;
    load.segments.addRun(t_.weights, first, first + count);
    step.loads.push_back(std::move(load));
    step.slotTile[0] = -1;
    step.slotTile[1] = ++programmedChunks_;
    step.slotBytes[0] = 0;
    step.slotBytes[1] = (count * g_.wbits + 7) / 8;
    ComputeCommand& c = step.compute;
    c.op = ComputeCommand::Op::Run;
    c.program_weights = true;
    c.weight_first = programmedNext_;
    c.weight_count = count;
    c.group = group_;
    c.fi0 = 0, c.fi1 = space_.fr;
    c.fj0 = n0_ / space_.col_unit, c.fj1 = ceilDiv(n1_, space_.col_unit);
    c.t0 = c.t1 = 0;
    step.macs = 0;
    step.outputBytes = 0;
    step.storeAfter = false;
    programmedNext_ += count;
}

bool GemmStepSource::next(TileStep& step) {
    if (done_) return false;
    const int64_t mb = plan_.pixels_outer ? outer_ : inner_;
    const int64_t nb = plan_.pixels_outer ? inner_ : outer_;
    const int64_t M = g_.m();
    m0_ = mb * plan_.bm, m1_ = std::min(M, m0_ + plan_.bm);
    n0_ = nb * plan_.bn, n1_ = std::min(g_.k, n0_ + plan_.bn);
    c0_ = kb_ * plan_.bc, c1_ = std::min(g_.c, c0_ + plan_.bc);

    step.loads.clear();
    step.storeSegments.clear();
    if (space_.programmed_col_folds > 0) {
        // A new filter block is written into the engine before its tiles.
        const int64_t block = group_ * plan_.nn + nb;
        if (block != programmedBlock_) programmedBlock_ = block, programmedNext_ = 0;
        if (programmedNext_ < (n1_ - n0_) * g_.c * g_.r * g_.s) {
            programChunk(step);
            return true;
        }
    }
    const int64_t ifmapId = (group_ * plan_.nm + mb) * plan_.nc + kb_;
    const int64_t weightId = (group_ * plan_.nn + nb) * plan_.nc + kb_;
    const int64_t chanBase = group_ * g_.c;  // first input channel of this group

    if (ifmapId != lastIfmap_) {
        TileLoad load;
        load.what = Operand::Ifmap;
        load.slot = 0;
        const int64_t pq = g_.p * g_.q;
        for (int64_t n = m0_ / pq; n <= (m1_ - 1) / pq; ++n) {
            const int64_t lo = std::max<int64_t>(m0_ - n * pq, 0), hi = std::min<int64_t>(m1_ - n * pq, pq);
            const int64_t p0 = lo / g_.q, p1 = (hi - 1) / g_.q + 1;
            for (int64_t c = chanBase + c0_; c < chanBase + c1_; ++c)
                g_.forEachInputRowRun(p0, p1, [&](int64_t h0, int64_t h1) {
                    addActivationBlock(load.segments, t_.ifmap, n, n + 1, c, c + 1, h0, h1);
                });
        }
        step.loads.push_back(std::move(load));
        lastIfmap_ = ifmapId;
    }
    const bool weightsInEngine = space_.weights_preloaded || space_.programmed_col_folds > 0;
    if (weightId != lastWeight_ && !weightsInEngine) {
        TileLoad load;
        load.what = Operand::Weight;
        load.slot = 1;
        // Weights are static, so they are stored pre-tiled in the order the
        // tiles consume them (as an accelerator's compiler lays them out):
        // per group and filter block, the channel blocks one after another,
        // each block's bn x bc x R x S weights contiguous.
        const int64_t rs = g_.r * g_.s;
        const int64_t first = (group_ * g_.k + n0_) * g_.c * rs + (n1_ - n0_) * c0_ * rs;
        load.segments.addRun(t_.weights, first, first + (n1_ - n0_) * (c1_ - c0_) * rs);
        step.loads.push_back(std::move(load));
        lastWeight_ = weightId;
    }
    step.slotTile[0] = ifmapId;
    step.slotTile[1] = weightsInEngine ? -1 : weightId;
    step.slotBytes[0] = plan_.ifmap_tile_bytes;
    step.slotBytes[1] = plan_.weight_tile_bytes;

    ComputeCommand& c = step.compute;
    c.op = ComputeCommand::Op::Run;
    c.group = group_;
    c.program_weights = false;
    const TileRanges r = tileRanges(g_, plan_, space_, mb, nb, kb_);
    c.fi0 = r.fi0, c.fi1 = r.fi1, c.fj0 = r.fj0, c.fj1 = r.fj1, c.t0 = r.t0, c.t1 = r.t1;
    step.macs = (m1_ - m0_) * (n1_ - n0_) * (c1_ - c0_) * g_.r * g_.s;
    step.outputBytes = ((m1_ - m0_) * (n1_ - n0_) * g_.acc_bits + 7) / 8;

    step.storeAfter = kb_ == plan_.nc - 1;
    if (step.storeAfter) addOutputBlock(step.storeSegments, t_.ofmap, group_ * g_.k + n0_, group_ * g_.k + n1_, m0_, m1_);

    // Advance: channel blocks innermost, then the inner and outer block loops, then groups.
    const int64_t innerCount = plan_.pixels_outer ? plan_.nn : plan_.nm;
    const int64_t outerCount = plan_.pixels_outer ? plan_.nm : plan_.nn;
    if (++kb_ == plan_.nc) {
        kb_ = 0;
        if (++inner_ == innerCount) {
            inner_ = 0;
            if (++outer_ == outerCount) {
                outer_ = 0;
                if (++group_ == g_.groups) done_ = true;
            }
        }
    }
    return true;
}

}  // namespace hcm
