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
    // `refreshOnTimer`: leave refresh out of the figures; the memory path
    // places each refresh itself (see MemoryTiming::refreshOnTimer).
    explicit CharacterizedMemoryTiming(const MemoryCharacterization& c, bool refreshOnTimer = true)
        : c_(c), refreshOnTimer_(refreshOnTimer && c.dram().refresh) {}
    double serviceCycles(const SegmentList& segments, bool write) const override {
        return c_.dramQueuedCycles(segments, write, !refreshOnTimer_);
    }
    double idleCycles(const SegmentList& segments, bool write) const override {
        return c_.dramIdleCycles(segments, write, !refreshOnTimer_);
    }
    bool refreshOnTimer() const override { return refreshOnTimer_; }
    double turnaroundCycles() const override {
        return 0.5 * (c_.dramTurnaroundCycles(false) + c_.dramTurnaroundCycles(true));
    }
    double firstAccessSavingCycles(bool write, FirstRow row, bool queued) const override {
        if (row == FirstRow::Conflict) return 0.0;
        const DirectionCosts& d = c_.costs(write);
        double saving;
        const bool open = row == FirstRow::Open || row == FirstRow::Continues;
        if (queued) {
            // Behind another transfer an open row saves its activation; a
            // list that goes on in the row the one ahead ended in streams on
            // without the restart of the queues either.
            saving = open ? d.act_to_column_cycles : 0.0;
            if (row == FirstRow::Continues) saving += d.restart_cycles;
        } else {
            saving = d.first_access_conflict_cycles - (open ? d.first_access_hit_cycles : d.first_access_miss_cycles);
        }
        return std::max(0.0, saving) * c_.platformCyclesPerDramCycle();
    }

    double sameBankRecoveryCycles(bool write, bool aheadWrote) const override {
        const DirectionCosts& d = c_.costs(write);
        return (aheadWrote ? d.same_bank_after_write_cycles : d.same_bank_after_read_cycles) *
               c_.platformCyclesPerDramCycle();
    }

private:
    const MemoryCharacterization& c_;
    bool refreshOnTimer_;
};

}  // namespace hcm
