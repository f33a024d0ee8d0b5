#pragma once
// Common TLM-2.0 engine of the channel-brick arrays (Stripes, Loom, Bit
// Fusion): Configure lays the problem out with mapBricks(shapeFor(problem)),
// Run times a tile with brickRun and reads / writes its operands in the
// buffers, densely packed at their bit widths. A tile lasts max(array cycles,
// the time each buffer needs to deliver its operands). Subclasses give the
// lane shape at a precision and keep their own counters and energy.
//
// Ports:  those of ComputeEngine.
// Timing: brick_array_model.hpp (no fill or drain: the lanes are not a
//         systolic pipeline; a fold costs exactly its steps).
#include <optional>

#include "brick_array_model.hpp"
#include "hw/common/compute_engine.hpp"
#include "hw/common/mapping_cache.hpp"

namespace hcm {

class BrickArrayEngine : public ComputeEngine {
public:
    FoldSpace foldSpace(const GemmProblem& problem) const override;
    int64_t vectorLanes() const override { return vectorLanes_; }
    TileCost tileCost(const GemmProblem& problem, const FoldSpace& space, const ComputeCommand& run,
                      const ComputeCommand* previous = nullptr) const override;

protected:
    BrickArrayEngine(sc_core::sc_module_name name, sc_core::sc_time clockPeriod, int64_t vectorLanes);

    // The lane shape for a problem at its precision.
    virtual BrickShape shapeFor(const GemmProblem& problem) const = 0;
    // A new layer (Configure) and the work of each Run, for the counters.
    virtual void beginLayer(const GemmProblem& problem, const BrickMapping& mapping) = 0;
    virtual void accountRun(const BrickRun& run) = 0;
    // The lanes' energy of a run of `problem`.
    virtual double runEnergyPj(const BrickRun& run, const GemmProblem& problem) const = 0;

    void configure(ComputeCommand& c) override;
    void run(ComputeCommand& c, const sc_core::sc_time& start) override;

    const GemmProblem& problem() const { return problem_; }

private:
    TileCost costOf(const BrickRun& r, const GemmProblem& p) const;

    int64_t vectorLanes_;
    MappingCache<BrickMapping> mappings_;
    GemmProblem problem_;
    std::optional<BrickMapping> mapping_;
};

}  // namespace hcm
