#include "binary_matrix_engine.hpp"

#include <algorithm>
#include <stdexcept>

namespace hcm {

using sc_core::sc_time;

BinaryMatrixEngine::BinaryMatrixEngine(sc_core::sc_module_name name, const BitSerialParams& params,
                                       sc_time clockPeriod)
    : ComputeEngine(name, clockPeriod), params_(params) {}

FoldSpace BinaryMatrixEngine::foldSpace(const GemmProblem& p) const {
    return mapBinaryMatrix(params_.dm, params_.dk, params_.dn, p).foldSpace();
}

EngineCounters BinaryMatrixEngine::counters() const {
    return {{"bitserial_passes", passes_},
            {"serial_cycles_per_mac", passesPerMac_.cumulative()},
            {"lane_utilization", utilization_.cumulative()},
            {"engine_energy_pj", energyPj_}};
}

void BinaryMatrixEngine::configure(ComputeCommand& c) {
    problem_ = c.problem;
    timer_.emplace(mapBinaryMatrix(params_.dm, params_.dk, params_.dn, problem_));
    c.space = timer_->mapping().foldSpace();
    passesPerMac_.beginLayer();
    utilization_.beginLayer();
}

BinaryRun BinaryMatrixEngine::runOn(BinaryMatrixTimer& timer, const ComputeCommand& c) {
    BinaryRun total;
    for (int64_t fj = c.fj0; fj < c.fj1; ++fj)
        for (int64_t fi = c.fi0; fi < c.fi1; ++fi) total += timer.run(fi, fj, c.t0, c.t1);
    return total;
}

TileCost BinaryMatrixEngine::costOf(const BinaryRun& r, const GemmProblem& p) const {
    TileCost cost;
    cost.energy_pj = double(r.binary_products) * params_.bit_op_pj;
    cost.array_cycles = r.cycles;
    cost.ifmap_read_bytes = packedBytes(r.ifmap_bits, 1);
    cost.weight_read_bytes = packedBytes(r.weight_bits, 1);
    cost.ofmap_read_bytes = packedBytes(r.psum_reads, p.acc_bits);
    cost.ofmap_write_bytes = packedBytes(r.spill_writes, p.acc_bits) + packedBytes(r.final_writes, p.obits);
    return cost;
}

TileCost BinaryMatrixEngine::tileCost(const GemmProblem& problem, const FoldSpace&, const ComputeCommand& c,
                                      const ComputeCommand* previous) const {
    BinaryMatrixTimer timer(mappings_.get(
        problem, [&](const GemmProblem& p) { return mapBinaryMatrix(params_.dm, params_.dk, params_.dn, p); }));
    if (previous && previous->t1 > previous->t0 && previous->fi1 > previous->fi0 && previous->fj1 > previous->fj0)
        timer.run(previous->fi1 - 1, previous->fj1 - 1, previous->t0, previous->t1);
    return costOf(runOn(timer, c), problem);
}

void BinaryMatrixEngine::run(ComputeCommand& c, const sc_time& start) {
    if (!timer_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    const BinaryRun total = runOn(*timer_, c);
    finishCommand(c, costOf(total, problem_), start);

    const double passes = double(timer_->mapping().passes);
    passes_ += double(total.cycles);
    passesPerMac_.add(double(total.binary_products), double(total.binary_products) / passes);
    utilization_.add(double(total.binary_products),
                     double(total.cycles) * double(params_.dm * params_.dk * params_.dn));
    energyPj_ += costOf(total, problem_).energy_pj;
}

}  // namespace hcm
