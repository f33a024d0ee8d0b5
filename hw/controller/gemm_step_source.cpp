#include "gemm_step_source.hpp"

#include <algorithm>

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

GemmStepSource::GemmStepSource(const GemmLayerGeometry& geometry, const TilePlan& plan, const FoldSpace& space,
                               const LayerTensors& tensors)
    : g_(geometry), plan_(plan), space_(space), t_(tensors) {}

int64_t GemmStepSource::totalSteps() const {
    int64_t chunks = 0;  // weight programming steps, per group
    if (space_.programmed_col_folds > 0) {
        for (int64_t nb = 0; nb < plan_.nn; ++nb) {
            const int64_t n0 = nb * plan_.bn, n1 = std::min(g_.k, n0 + plan_.bn);
            const int64_t total = (n1 - n0) * g_.reduction();
            chunks += ceilDiv(total, programChunkElements(total, n0, n1));
        }
    }
    return g_.groups * (plan_.nm * plan_.nn * plan_.nk + chunks);
}

TileRanges tileRanges(const GemmLayerGeometry& g, const TilePlan& plan, const FoldSpace& space, int64_t mb,
                      int64_t nb, int64_t kb) {
    const int64_t m0 = mb * plan.bm, m1 = std::min(g.m(), m0 + plan.bm);
    const int64_t n0 = nb * plan.bn, n1 = std::min(g.k, n0 + plan.bn);
    const int64_t e0 = kb * plan.bk, e1 = std::min(g.reduction(), e0 + plan.bk);
    auto range = [&](GemmDim d, int64_t& b, int64_t& e) {
        switch (d) {
            case GemmDim::M: b = m0, e = m1; break;
            case GemmDim::N: b = n0, e = n1; break;
            case GemmDim::K: b = e0, e = e1; break;
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

void addIfmapTile(SegmentList& out, const GemmLayerGeometry& g, const TensorRegion& ifmap, int64_t m0, int64_t m1,
                  int64_t c0, int64_t c1, bool windowCols) {
    const int64_t pq = g.p * g.q;
    for (int64_t n = m0 / pq; n <= (m1 - 1) / pq; ++n) {
        const int64_t lo = std::max<int64_t>(m0 - n * pq, 0), hi = std::min<int64_t>(m1 - n * pq, pq);
        if (!windowCols) {
            // Whole input rows of the block's output rows, channel by channel.
            const int64_t p0 = lo / g.q, p1 = (hi - 1) / g.q + 1;
            for (int64_t c = c0; c < c1; ++c)
                g.forEachInputRowRun(p0, p1, [&](int64_t h0, int64_t h1) {
                    addActivationBlock(out, ifmap, n, n + 1, c, c + 1, h0, h1);
                });
            continue;
        }
        // Per output row piece: its window rows, only the columns it reads.
        for (int64_t p = lo / g.q; p <= (hi - 1) / g.q; ++p) {
            const int64_t q0 = p == lo / g.q ? lo % g.q : 0;
            const int64_t q1 = p == (hi - 1) / g.q ? (hi - 1) % g.q + 1 : g.q;
            int64_t w0, w1;
            g.inputCols(q0, q1, w0, w1);
            if (w1 <= w0) continue;
            for (int64_t c = c0; c < c1; ++c) {
                const int64_t plane = (n * ifmap.c + c) * ifmap.h * ifmap.w;
                g.forEachInputRowRun(p, p + 1, [&](int64_t h0, int64_t h1) {
                    for (int64_t h = h0; h < h1; ++h) out.addRun(ifmap, plane + h * ifmap.w + w0, plane + h * ifmap.w + w1);
                });
            }
        }
    }
}

void GemmStepSource::programChunk(TileStep& step) {
    // The block's bn x C x R x S weights are contiguous in DRAM (pre-tiled);
    // chunks of at most the planned weight tile go through the weight buffer.
    // A chunk that starts mid-byte spans one byte more than its bits.
    const int64_t rs = g_.taps(), total = (n1_ - n0_) * g_.c * rs;
    const int64_t perChunk = programChunkElements(total, n0_, n1_);
    const int64_t count = std::min(perChunk, total - programmedNext_);
    const int64_t first = (group_ * g_.k + n0_) * g_.c * rs + programmedNext_;
    TileLoad load;
    load.what = Operand::Weight;
    load.slot = kWeightSlot;
    load.segments.addRun(t_.weights, first, first + count);
    step.loads.push_back(std::move(load));
    step.slotTile[kIfmapSlot] = -1;
    step.slotTile[kWeightSlot] = ++programmedChunks_;
    step.slotBytes[kIfmapSlot] = 0;
    step.slotBytes[kWeightSlot] = (count * g_.wbits + 7) / 8 + 1;
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
    step.block = TileBlock{group_, 0, 0, 0, 0, n0_, n1_};
    step.outputBytes = 0;
    step.storeAfter = false;
    programmedNext_ += count;
}

// Weights per programming chunk: as many as the weight tile holds, in whole
// folds of the block (an engine writes each fold's array on its own, and a
// fold split between two chunks would be written twice).
int64_t GemmStepSource::programChunkElements(int64_t total, int64_t n0, int64_t n1) const {
    const int64_t most = std::max<int64_t>(1, (plan_.weight_tile_bytes - 1) * 8 / g_.wbits);
    const int64_t folds = (ceilDiv(n1, space_.col_unit) - n0 / space_.col_unit) * std::max<int64_t>(1, space_.fr);
    const int64_t perFold = ceilDiv(total, std::max<int64_t>(1, folds));
    return most >= perFold ? most / perFold * perFold : most;
}

void GemmStepSource::advance() {
    // Counts of the three loops, slowest first.
    const int64_t outerCount = plan_.pixels_outer ? plan_.nm : plan_.nn;
    const int64_t innerCount = plan_.pixels_outer ? plan_.nn : plan_.nm;
    const int64_t counts[3] = {plan_.reduction_outer ? plan_.nk : outerCount,
                               plan_.reduction_outer ? outerCount : innerCount,
                               plan_.reduction_outer ? innerCount : plan_.nk};
    for (int i = 2; i >= 0; --i) {
        if (++loop_[i] < counts[i]) return;
        loop_[i] = 0;
    }
    if (++group_ == g_.groups) done_ = true;
}

bool GemmStepSource::next(TileStep& step) {
    if (done_) return false;
    const int64_t kb = plan_.reduction_outer ? loop_[0] : loop_[2];
    const int64_t outer = plan_.reduction_outer ? loop_[1] : loop_[0];
    const int64_t inner = plan_.reduction_outer ? loop_[2] : loop_[1];
    const int64_t mb = plan_.pixels_outer ? outer : inner;
    const int64_t nb = plan_.pixels_outer ? inner : outer;
    m0_ = mb * plan_.bm, m1_ = std::min(g_.m(), m0_ + plan_.bm);
    n0_ = nb * plan_.bn, n1_ = std::min(g_.k, n0_ + plan_.bn);
    e0_ = kb * plan_.bk, e1_ = std::min(g_.reduction(), e0_ + plan_.bk);
    const int64_t rs = g_.taps();

    step.loads.clear();
    step.storeSegments.clear();
    if (space_.programmed_col_folds > 0) {
        // A new filter block is written into the engine before its tiles.
        const int64_t block = group_ * plan_.nn + nb;
        if (block != programmedBlock_) programmedBlock_ = block, programmedNext_ = 0;
        if (programmedNext_ < (n1_ - n0_) * g_.c * rs) {
            programChunk(step);
            return true;
        }
    }
    const int64_t ifmapId = (group_ * plan_.nm + mb) * plan_.nk + kb;
    const int64_t weightId = (group_ * plan_.nn + nb) * plan_.nk + kb;
    const int64_t chanBase = group_ * g_.c;  // first input channel of this group

    if (ifmapId != lastIfmap_) {
        TileLoad load;
        load.what = Operand::Ifmap;
        load.slot = kIfmapSlot;
        // The channels whose taps the reduction block covers (whole windows).
        addIfmapTile(load.segments, g_, t_.ifmap, m0_, m1_, chanBase + e0_ / rs, chanBase + ceilDiv(e1_, rs),
                     plan_.window_cols);
        step.loads.push_back(std::move(load));
        lastIfmap_ = ifmapId;
    }
    const bool weightsInEngine = space_.weights_preloaded || space_.programmed_col_folds > 0;
    if (weightId != lastWeight_ && !weightsInEngine) {
        TileLoad load;
        load.what = Operand::Weight;
        load.slot = kWeightSlot;
        // Weights are static, so they are stored pre-tiled in the order the
        // tiles consume them (as an accelerator's compiler lays them out):
        // per group and filter block, the reduction blocks one after another,
        // each block's bn x bk weights contiguous.
        const int64_t first = (group_ * g_.k + n0_) * g_.reduction() + (n1_ - n0_) * e0_;
        load.segments.addRun(t_.weights, first, first + (n1_ - n0_) * (e1_ - e0_));
        step.loads.push_back(std::move(load));
        lastWeight_ = weightId;
    }
    const int64_t outK0 = group_ * g_.k + n0_, outK1 = group_ * g_.k + n1_;
    if (plan_.reduction_outer && kb > 0) {
        TileLoad load;
        load.what = Operand::Psum;
        load.slot = kPsumSlot;
        addOutputBlock(load.segments, t_.psums, outK0, outK1, m0_, m1_);
        step.loads.push_back(std::move(load));
    }
    step.slotTile[kIfmapSlot] = ifmapId;
    step.slotTile[kWeightSlot] = weightsInEngine ? -1 : weightId;
    step.slotBytes[kIfmapSlot] = plan_.ifmap_tile_bytes;
    step.slotBytes[kWeightSlot] = plan_.weight_tile_bytes;

    ComputeCommand& c = step.compute;
    c.op = ComputeCommand::Op::Run;
    c.group = group_;
    c.program_weights = false;
    const TileRanges r = tileRanges(g_, plan_, space_, mb, nb, kb);
    c.fi0 = r.fi0, c.fi1 = r.fi1, c.fj0 = r.fj0, c.fj1 = r.fj1, c.t0 = r.t0, c.t1 = r.t1;
    c.m0 = m0_, c.m1 = m1_;
    c.e0 = e0_, c.e1 = e1_;
    step.macs = (m1_ - m0_) * (n1_ - n0_) * (e1_ - e0_);
    step.block = TileBlock{group_, m0_, m1_, e0_, e1_, n0_, n1_};
    step.outputBytes = ((m1_ - m0_) * (n1_ - n0_) * std::max(plan_.psum_bits, g_.obits) + 7) / 8;

    const bool lastReduction = kb == plan_.nk - 1;
    step.storeAfter = lastReduction || plan_.reduction_outer;
    step.storeWhat = lastReduction ? Operand::Ofmap : Operand::Psum;
    if (step.storeAfter)
        addOutputBlock(step.storeSegments, lastReduction ? t_.ofmap : t_.psums, outK0, outK1, m0_, m1_);
    advance();
    return true;
}

}  // namespace hcm
