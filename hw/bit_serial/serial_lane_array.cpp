#include "serial_lane_array.hpp"

#include <stdexcept>

namespace hcm {

SerialLaneArray::SerialLaneArray(sc_core::sc_module_name name, const BitSerialParams& params,
                                 sc_core::sc_time clockPeriod)
    : BrickArrayEngine(name, clockPeriod, params.cols), params_(params) {
    if (params_.mode == SerialMode::BinaryMatrix)
        throw std::invalid_argument("SerialLaneArray: the binary_matrix mode is BinaryMatrixEngine");
}

BrickShape SerialLaneArray::shapeFor(const GemmProblem& p) const {
    const SerialLaw law = serialLaw(params_, p.abits, p.wbits, p.fully_connected);
    BrickShape s;
    s.channel_lanes = params_.rows;
    s.filter_lanes = params_.cols;
    s.pixel_lanes = law.pixel_lanes;
    s.steps_per_tap = law.steps_per_mac;
    return s;
}

void SerialLaneArray::beginLayer(const GemmProblem& p, const BrickMapping& m) {
    law_ = serialLaw(params_, p.abits, p.wbits, p.fully_connected);
    lanes_ = m.lanes();
    cyclesPerMac_.beginLayer();
    utilization_.beginLayer();
}

void SerialLaneArray::accountRun(const BrickRun& r) {
    passes_ += double(r.cycles);
    cyclesPerMac_.add(double(r.lane_steps), double(r.macs));
    utilization_.add(double(r.lane_steps), double(r.cycles) * double(lanes_));
    energyPj_ += runEnergyPj(r, problem());
}

double SerialLaneArray::runEnergyPj(const BrickRun& r, const GemmProblem& p) const {
    const SerialLaw law = serialLaw(params_, p.abits, p.wbits, p.fully_connected);
    return double(r.macs) * double(law.bit_ops_per_mac) * params_.bit_op_pj;
}

EngineCounters SerialLaneArray::counters() const {
    return {{"bitserial_passes", passes_},
            {"serial_cycles_per_mac", cyclesPerMac_.cumulative()},
            {"lane_utilization", utilization_.cumulative()},
            {"engine_energy_pj", energyPj_}};
}

}  // namespace hcm
