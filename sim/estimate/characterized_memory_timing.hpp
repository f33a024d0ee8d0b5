#pragma once
// The memory timing of the engine-aware estimator from the characterization
// of the platform's DRAM model (memory_characterization.hpp): the DRAM side
// of a transfer as the row-visit model predicts it from the list's addresses.
#include <algorithm>

#include "memory_characterization.hpp"
#include "memory_timing.hpp"

namespace hcm {

class CharacterizedMemoryTiming : public MemoryTiming {
public:
    explicit CharacterizedMemoryTiming(const MemoryCharacterization& c) : c_(c) {}
    double serviceCycles(const SegmentList& segments, bool write) const override {
        return c_.dramQueuedCycles(segments, write);
    }
    double idleCycles(const SegmentList& segments, bool write) const override {
        return c_.dramIdleCycles(segments, write);
    }
    double turnaroundCycles() const override {
        return 0.5 * (c_.dramTurnaroundCycles(false) + c_.dramTurnaroundCycles(true));
    }
    double openRowSavingCycles(bool write) const override {
        const DirectionCosts& d = c_.costs(write);
        return std::max(0.0, d.first_access_miss_cycles - d.first_access_hit_cycles) * c_.platformCyclesPerDramCycle();
    }

private:
    const MemoryCharacterization& c_;
};

}  // namespace hcm
