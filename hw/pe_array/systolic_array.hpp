#pragma once
// The bit-parallel systolic PE array as a TLM-2.0 compute engine.
//
// Params: SystolicArrayParams (rows x cols, dataflow ws|os|is, native operand
//         width, sub-word packing).
// Ports:  those of ComputeEngine (`cmd` target; `ifmap`, `weight`, `ofmap`
//         initiators to the buffers).
// Timing: SystolicTimer (SCALE-Sim folds, fill and drain; an interrupted fold
//         pays its overhead again). A tile lasts max(array cycles, the time
//         each buffer needs to deliver its operands), so an under-provisioned
//         buffer stalls the array. Memory-only operations run on `cols` vector
//         lanes, one element operation per lane per cycle.
// Stats:  EngineStats, plus counters "fold_segments" (fills/drains paid).
#include <optional>

#include <array>
#include <map>

#include "hw/common/compute_engine.hpp"
#include "hw/common/mapping_cache.hpp"
#include "systolic_model.hpp"

namespace hcm {

class SystolicArray : public ComputeEngine {
public:
    SystolicArray(sc_core::sc_module_name name, const SystolicArrayParams& params, sc_core::sc_time clockPeriod);

    const SystolicArrayParams& params() const { return params_; }
    FoldSpace foldSpace(const GemmProblem& problem) const override;
    EngineCounters counters() const override;
    int64_t vectorLanes() const override { return params_.cols; }
    TileCost tileCost(const GemmProblem& problem, const FoldSpace& space, const ComputeCommand& run,
                      const ComputeCommand* previous = nullptr) const override;

protected:
    void configure(ComputeCommand& c) override;
    void run(ComputeCommand& c, const sc_core::sc_time& start) override;

private:
    // The folds of a Run on `timer` (whose state says whether the first fold
    // continues the previous command's), with their buffer traffic.
    TileCost costOn(SystolicTimer& timer, const GemmProblem& problem, const ComputeCommand& c) const;

    SystolicArrayParams params_;
    MappingCache<SystolicMapping> mappings_;
    // Tile costs by what they depend on: whether the first row fold is the
    // layer's first, whether the last is its last and how many there are;
    // the same for column folds; the temporal range; whether the first fold
    // goes on from the previous command. Cleared when the problem changes.
    mutable std::map<std::array<int64_t, 9>, TileCost> costs_;
    mutable GemmProblem costsOf_;
    std::optional<SystolicTimer> timer_;
    GemmProblem problem_;
    int64_t segments_ = 0;
};

}  // namespace hcm
