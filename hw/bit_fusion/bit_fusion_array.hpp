#pragma once
// Bit Fusion's array of Fusion Units as a TLM-2.0 compute engine.
//
// Params: BitFusionParams (rows N x cols M units, brick and max bits, brick_pj).
// Ports:  those of ComputeEngine (`cmd`; `ifmap`, `weight`, `ofmap`).
// Timing: brick_array_model.hpp with channel_lanes = N·f, filter_lanes = M,
//         one pixel at a time, `passes` cycles per tap (fusion_law.hpp):
//         batch·ceil(K/M)·P·Q·R·S·ceil(C/(N·f)) cycles for a conv layer, the
//         count of the Bit Fusion simulator; fc layers are the same with
//         R = S = P = Q = 1 (its get_FC_cycles). Grouped convs run group by
//         group. Each cycle a row reads its f activations, every unit its f
//         weights; sums stay in the column accumulators over the taps and
//         channel bricks of a tile (the simulator's output-stationary order).
// Energy: brick_pj per BitBrick product carrying real bits.
// Stats:  EngineStats, plus per layer (summed over the run by the platform):
//           fused_products_per_unit  f at the layer's precision (ratio)
//           brick_utilization        bricks doing useful products / all brick-cycles (ratio)
//           brick_products           BitBrick products of real operands (count)
//           engine_energy_pj         energy of the bricks (pJ)
//         Memory-only operations run on M vector lanes.
#include "fusion_law.hpp"
#include "hw/bit_serial/brick_array_engine.hpp"
#include "hw/bit_serial/layer_ratio.hpp"

namespace hcm {

class BitFusionArray : public BrickArrayEngine {
public:
    BitFusionArray(sc_core::sc_module_name name, const BitFusionParams& params, sc_core::sc_time clockPeriod);

    const BitFusionParams& params() const { return params_; }
    EngineCounters counters() const override;

protected:
    BrickShape shapeFor(const GemmProblem& problem) const override;
    void beginLayer(const GemmProblem& problem, const BrickMapping& mapping) override;
    void accountRun(const BrickRun& run) override;
    double runEnergyPj(const BrickRun& run, const GemmProblem& problem) const override;

private:
    BitFusionParams params_;
    FusionLaw law_;
    double brickProducts_ = 0, energyPj_ = 0;
    LayerRatio fused_, utilization_;
};

}  // namespace hcm
