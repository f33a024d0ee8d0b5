#include "systolic_array.hpp"

#include <algorithm>
#include <stdexcept>

#include "hw/common/buffer_role.hpp"

namespace hcm {

using sc_core::sc_time;

SystolicArray::SystolicArray(sc_core::sc_module_name name, const SystolicArrayParams& params, sc_time clockPeriod)
    : ComputeEngine(name, clockPeriod), params_(params) {}

FoldSpace SystolicArray::foldSpace(const GemmProblem& p) const {
    const SystolicMapping m = mapGemm(params_, GemmShape{p.m, p.k, p.n}, p.abits, p.wbits);
    FoldSpace s;
    switch (params_.dataflow) {
        case Dataflow::WS:  // reduction on rows, filters on columns, pixels stream
            s.row_dim = GemmDim::K, s.row_unit = m.rows;
            s.col_dim = GemmDim::N, s.col_unit = m.cols * m.pw;
            s.time_dim = GemmDim::M, s.time_unit = m.pa;
            break;
        case Dataflow::OS:  // pixels on rows, filters on columns, reduction streams
            s.row_dim = GemmDim::M, s.row_unit = m.rows * m.pa;
            s.col_dim = GemmDim::N, s.col_unit = m.cols * m.pw;
            s.time_dim = GemmDim::K, s.time_unit = 1;
            break;
        case Dataflow::IS:  // reduction on rows, pixels on columns, filters stream
            s.row_dim = GemmDim::K, s.row_unit = m.rows;
            s.col_dim = GemmDim::M, s.col_unit = m.cols * m.pa;
            s.time_dim = GemmDim::N, s.time_unit = m.pw;
            break;
    }
    s.steps_per_group = m.passes;
    s.fr = m.fr;
    s.fc = m.fc;
    s.t = m.t;
    s.peak_macs_per_cycle = m.peak_macs_per_cycle;
    s.total_cycles_ideal = m.total_cycles;
    // Operand traffic of the whole problem, every fold run whole. Folds differ
    // only by being first / middle / last along rows (partial sums, used
    // rows) and last or not along columns (used columns), so one
    // representative of each class times its count is the whole sum.
    SystolicTraffic partial, final;
    const int64_t rowClass[3] = {0, m.fr > 2 ? 1 : -1, m.fr > 1 ? m.fr - 1 : -1};
    const int64_t rowCount[3] = {1, std::max<int64_t>(0, m.fr - 2), m.fr > 1 ? 1 : 0};
    const int64_t colClass[2] = {0, m.fc > 1 ? m.fc - 1 : -1};
    const int64_t colCount[2] = {std::max<int64_t>(1, m.fc - 1), m.fc > 1 ? 1 : 0};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 2; ++c) {
            if (rowClass[r] < 0 || colClass[c] < 0 || rowCount[r] == 0 || colCount[c] == 0) continue;
            const int64_t fi = rowClass[r], fj = colClass[c];
            SystolicTraffic u = unitTraffic(m, fi, fj, 0, m.t, true);
            const int64_t n = rowCount[r] * (m.fc > 1 ? colCount[c] : 1);
            u.ifmap_reads *= n, u.filter_reads *= n, u.ofmap_writes *= n, u.psum_reads *= n;
            const bool done = params_.dataflow == Dataflow::OS || fi == m.fr - 1;
            (done ? final : partial) += u;
        }
    s.buffer_bytes[bufferIndex(BufferRole::Ifmap)] = packedBytes(partial.ifmap_reads + final.ifmap_reads, p.abits);
    s.buffer_bytes[bufferIndex(BufferRole::Weight)] = packedBytes(partial.filter_reads + final.filter_reads, p.wbits);
    s.buffer_bytes[bufferIndex(BufferRole::Ofmap)] =
        std::max(packedBytes(partial.psum_reads + final.psum_reads, p.acc_bits),
                 packedBytes(partial.ofmap_writes, p.acc_bits) + packedBytes(final.ofmap_writes, p.obits));
    return s;
}

EngineCounters SystolicArray::counters() const { return {{"fold_segments", double(segments_)}}; }

void SystolicArray::configure(ComputeCommand& c) {
    problem_ = c.problem;
    c.space = foldSpace(problem_);
    timer_.emplace(mapGemm(params_, GemmShape{problem_.m, problem_.k, problem_.n}, problem_.abits, problem_.wbits));
}

TileCost SystolicArray::costOn(SystolicTimer& timer, const GemmProblem& p, const ComputeCommand& c) const {
    const SystolicMapping& m = timer.mapping();
    // Outputs leave as partial sums at accumulator width until the last
    // reduction fold has added its share; then at output precision.
    SystolicTraffic traffic, finalTraffic;
    TileCost cost;
    for (int64_t fj = c.fj0; fj < c.fj1; ++fj) {
        for (int64_t fi = c.fi0; fi < c.fi1; ++fi) {
            SystolicTraffic unit;
            cost.array_cycles += timer.run(fi, fj, c.t0, c.t1, &unit);
            const bool reductionDone = params_.dataflow == Dataflow::OS ? c.t1 == m.t : fi == m.fr - 1;
            (reductionDone ? finalTraffic : traffic) += unit;
        }
    }
    cost.ifmap_read_bytes = packedBytes(traffic.ifmap_reads + finalTraffic.ifmap_reads, p.abits);
    cost.weight_read_bytes = packedBytes(traffic.filter_reads + finalTraffic.filter_reads, p.wbits);
    cost.ofmap_read_bytes = packedBytes(traffic.psum_reads + finalTraffic.psum_reads, p.acc_bits);
    cost.ofmap_write_bytes =
        packedBytes(traffic.ofmap_writes, p.acc_bits) + packedBytes(finalTraffic.ofmap_writes, p.obits);
    return cost;
}

TileCost SystolicArray::tileCost(const GemmProblem& problem, const FoldSpace&, const ComputeCommand& c,
                                 const ComputeCommand* previous) const {
    const SystolicMapping& m = mappings_.get(problem, [&](const GemmProblem& p) {
        return mapGemm(params_, GemmShape{p.m, p.k, p.n}, p.abits, p.wbits);
    });
    // A fold the previous command left at this command's first step goes on
    // without paying its fill again: the previous command's last fold.
    const bool prevRan =
        previous && previous->t1 > previous->t0 && previous->fi1 > previous->fi0 && previous->fj1 > previous->fj0;
    const bool continues = prevRan && previous->fi1 - 1 == c.fi0 && previous->fj1 - 1 == c.fj0 && previous->t1 == c.t0;
    // Folds differ only by being the first or last along rows and the last
    // along columns (used PEs, partial sums): tiles of the same kind cost the same.
    if (!(costsOf_ == problem)) costs_.clear(), costsOf_ = problem;
    const std::array<int64_t, 9> key = {c.fi0 == 0, c.fi1 == m.fr, c.fi1 - c.fi0, c.fj1 == m.fc, c.fj1 - c.fj0,
                                        c.t0,       c.t1,          continues,       c.fi0 == c.fi1 - 1};
    const auto hit = costs_.find(key);
    if (hit != costs_.end()) return hit->second;
    SystolicTimer timer(m);
    if (continues) timer.run(previous->fi1 - 1, previous->fj1 - 1, previous->t0, previous->t1);
    const TileCost cost = costOn(timer, problem, c);
    costs_.emplace(key, cost);
    return cost;
}

void SystolicArray::run(ComputeCommand& c, const sc_time& start) {
    if (!timer_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    const int64_t segmentsBefore = timer_->segments();
    const TileCost cost = costOn(*timer_, problem_, c);
    segments_ += timer_->segments() - segmentsBefore;
    finishCommand(c, cost, start);
}

}  // namespace hcm
