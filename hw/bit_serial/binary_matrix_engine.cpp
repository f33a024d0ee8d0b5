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

void BinaryMatrixEngine::run(ComputeCommand& c, const sc_time& start) {
    if (!timer_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    BinaryRun total;
    for (int64_t fj = c.fj0; fj < c.fj1; ++fj)
        for (int64_t fi = c.fi0; fi < c.fi1; ++fi) total += timer_->run(fi, fj, c.t0, c.t1);
    const sc_time a = access(ifmap, tlm::TLM_READ_COMMAND, c.ifmap_base, c.ifmap_span,
                             packedBytes(total.ifmap_bits, 1), start);
    const sc_time w = access(weight, tlm::TLM_READ_COMMAND, c.weight_base, c.weight_span,
                             packedBytes(total.weight_bits, 1), start);
    const sc_time p = access(ofmap, tlm::TLM_READ_COMMAND, c.ofmap_base, c.ofmap_span,
                             packedBytes(total.psum_reads, problem_.acc_bits), start);
    const int64_t outBytes =
        packedBytes(total.spill_writes, problem_.acc_bits) + packedBytes(total.final_writes, problem_.obits);
    const sc_time o = access(ofmap, tlm::TLM_WRITE_COMMAND, c.ofmap_base, c.ofmap_span, outBytes, start);
    c.array_cycles = total.cycles;
    c.cycles = std::max(total.cycles, cyclesBetween(start, std::max({a, w, p, o})));

    const double passes = double(timer_->mapping().passes);
    passes_ += double(total.cycles);
    passesPerMac_.add(double(total.binary_products), double(total.binary_products) / passes);
    utilization_.add(double(total.binary_products),
                     double(total.cycles) * double(params_.dm * params_.dk * params_.dn));
    energyPj_ += double(total.binary_products) * params_.bit_op_pj;
}

}  // namespace hcm
