#include "brick_array_engine.hpp"

#include <algorithm>
#include <stdexcept>

namespace hcm {

using sc_core::sc_time;

BrickArrayEngine::BrickArrayEngine(sc_core::sc_module_name name, sc_time clockPeriod, int64_t vectorLanes)
    : ComputeEngine(name, clockPeriod), vectorLanes_(std::max<int64_t>(1, vectorLanes)) {}

FoldSpace BrickArrayEngine::foldSpace(const GemmProblem& p) const { return mapBricks(shapeFor(p), p).foldSpace(); }

void BrickArrayEngine::configure(ComputeCommand& c) {
    problem_ = c.problem;
    mapping_.emplace(mapBricks(shapeFor(problem_), problem_));
    c.space = mapping_->foldSpace();
    beginLayer(problem_, *mapping_);
}

TileCost BrickArrayEngine::costOf(const BrickRun& r, const GemmProblem& p) const {
    TileCost cost;
    cost.energy_pj = runEnergyPj(r, p);
    cost.array_cycles = r.cycles;
    cost.ifmap_read_bytes = packedBytes(r.ifmap_reads, p.abits);
    cost.weight_read_bytes = packedBytes(r.weight_reads, p.wbits);
    cost.ofmap_read_bytes = packedBytes(r.psum_reads, p.acc_bits);
    cost.ofmap_write_bytes = packedBytes(r.partial_writes, p.acc_bits) + packedBytes(r.final_writes, p.obits);
    return cost;
}

TileCost BrickArrayEngine::tileCost(const GemmProblem& problem, const FoldSpace&, const ComputeCommand& c,
                                    const ComputeCommand*) const {
    const BrickMapping& m =
        mappings_.get(problem, [&](const GemmProblem& p) { return mapBricks(shapeFor(p), p); });
    return costOf(brickRun(m, c.fi0, c.fi1, c.fj0, c.fj1, c.t0, c.t1, c.e0, c.e1), problem);
}

void BrickArrayEngine::run(ComputeCommand& c, const sc_time& start) {
    if (!mapping_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    const BrickRun r = brickRun(*mapping_, c.fi0, c.fi1, c.fj0, c.fj1, c.t0, c.t1, c.e0, c.e1);
    finishCommand(c, costOf(r, problem_), start);
    accountRun(r);
}

}  // namespace hcm
