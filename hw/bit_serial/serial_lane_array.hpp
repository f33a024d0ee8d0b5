#pragma once
// Stripes / Loom: a bit-serial lane array as a TLM-2.0 compute engine.
//
// Params: BitSerialParams with mode activations (Stripes) or both (Loom):
//         rows input channels x cols filters x windows pixels of lanes.
// Ports:  those of ComputeEngine (`cmd`; `ifmap`, `weight`, `ofmap`).
// Timing: brick_array_model.hpp with the serial law of serial_law.hpp:
//         cycles = ceil(C/rows)·ceil(K/cols)·ceil(P·Q·N/windows)·R·S·steps,
//         steps = cycles a lane spends on a product at the layer's precision.
// Energy: every lane-cycle doing real work costs bit_op_pj per 1-bit product
//         it forms (bit_ops_per_mac / steps_per_mac of them).
// Stats:  EngineStats, plus per layer (summed over the run by the platform):
//           bitserial_passes       serial steps the array ran (count)
//           serial_cycles_per_mac  cycles a lane spends on one product (ratio)
//           lane_utilization       lane-cycles with real work / all lane-cycles (ratio)
//           engine_energy_pj       energy of the lanes (pJ)
//         Memory-only operations run on `cols` vector lanes.
#include "brick_array_engine.hpp"
#include "layer_ratio.hpp"
#include "serial_law.hpp"

namespace hcm {

class SerialLaneArray : public BrickArrayEngine {
public:
    // Throws std::invalid_argument for the binary_matrix mode.
    SerialLaneArray(sc_core::sc_module_name name, const BitSerialParams& params, sc_core::sc_time clockPeriod);

    const BitSerialParams& params() const { return params_; }
    EngineCounters counters() const override;

protected:
    BrickShape shapeFor(const GemmProblem& problem) const override;
    void beginLayer(const GemmProblem& problem, const BrickMapping& mapping) override;
    void accountRun(const BrickRun& run) override;
    double runEnergyPj(const BrickRun& run, const GemmProblem& problem) const override;

private:
    BitSerialParams params_;
    SerialLaw law_;
    int64_t lanes_ = 1;
    double passes_ = 0, energyPj_ = 0;
    LayerRatio cyclesPerMac_, utilization_;
};

}  // namespace hcm
