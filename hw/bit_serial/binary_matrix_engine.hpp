#pragma once
// BISMO's binary matrix engine as a TLM-2.0 compute engine.
//
// Params: BitSerialParams with mode binary_matrix (dm, dk, dn, bit_op_pj).
// Ports:  those of ComputeEngine (`cmd`; `ifmap`, `weight`, `ofmap`).
// Timing: binary_matrix_model.hpp: ceil(m/Dm)·ceil(n/Dn)·ceil(k/Dk)·b_a·b_w
//         cycles; a tile lasts max(array cycles, buffer time). Each pass
//         reads one bit plane of its operands (packed at 1 bit).
// Energy: bit_op_pj per binary product of real elements.
// Stats:  EngineStats, plus per layer (summed over the run by the platform):
//           bitserial_passes       binary passes the DPU array ran (count)
//           serial_cycles_per_mac  binary passes per product, b_a·b_w (ratio)
//           lane_utilization       binary products of real elements / (Dm·Dk·Dn·cycles) (ratio)
//           engine_energy_pj       energy of the DPUs (pJ)
//         Memory-only operations run on Dm·Dn vector lanes.
#include <optional>

#include "binary_matrix_model.hpp"
#include "hw/common/compute_engine.hpp"
#include "hw/common/mapping_cache.hpp"
#include "layer_ratio.hpp"
#include "serial_law.hpp"

namespace hcm {

class BinaryMatrixEngine : public ComputeEngine {
public:
    BinaryMatrixEngine(sc_core::sc_module_name name, const BitSerialParams& params, sc_core::sc_time clockPeriod);

    const BitSerialParams& params() const { return params_; }
    FoldSpace foldSpace(const GemmProblem& problem) const override;
    EngineCounters counters() const override;
    int64_t vectorLanes() const override { return params_.dm * params_.dn; }
    TileCost tileCost(const GemmProblem& problem, const FoldSpace& space, const ComputeCommand& run,
                      const ComputeCommand* previous = nullptr) const override;

protected:
    void configure(ComputeCommand& c) override;
    void run(ComputeCommand& c, const sc_core::sc_time& start) override;

private:
    // The folds of a Run on `timer` (whose state says whether the first fold
    // continues the previous command's), summed.
    static BinaryRun runOn(BinaryMatrixTimer& timer, const ComputeCommand& c);
    TileCost costOf(const BinaryRun& r, const GemmProblem& p) const;

    BitSerialParams params_;
    MappingCache<BinaryMatrixMapping> mappings_;
    GemmProblem problem_;
    std::optional<BinaryMatrixTimer> timer_;
    double passes_ = 0, energyPj_ = 0;
    LayerRatio passesPerMac_, utilization_;
};

}  // namespace hcm
