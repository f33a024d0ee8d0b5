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

void BrickArrayEngine::run(ComputeCommand& c, const sc_time& start) {
    if (!mapping_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    const BrickRun r = brickRun(*mapping_, c.fi0, c.fi1, c.fj0, c.fj1, c.t0, c.t1);
    const sc_time a = access(ifmap, tlm::TLM_READ_COMMAND, c.ifmap_base, c.ifmap_span,
                             packedBytes(r.ifmap_reads, problem_.abits), start);
    const sc_time w = access(weight, tlm::TLM_READ_COMMAND, c.weight_base, c.weight_span,
                             packedBytes(r.weight_reads, problem_.wbits), start);
    const sc_time p = access(ofmap, tlm::TLM_READ_COMMAND, c.ofmap_base, c.ofmap_span,
                             packedBytes(r.psum_reads, problem_.acc_bits), start);
    const int64_t outBytes =
        packedBytes(r.partial_writes, problem_.acc_bits) + packedBytes(r.final_writes, problem_.obits);
    const sc_time o = access(ofmap, tlm::TLM_WRITE_COMMAND, c.ofmap_base, c.ofmap_span, outBytes, start);
    c.array_cycles = r.cycles;
    c.cycles = std::max(r.cycles, cyclesBetween(start, std::max({a, w, p, o})));
    accountRun(r);
}

}  // namespace hcm
