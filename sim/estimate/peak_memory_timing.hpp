#pragma once
// A memory timing from the DRAM's datasheet figures alone: its peak data rate
// at a sustained fraction, a row activation per transfer and per run that
// starts a new row. A stand-in where no characterization of the DRAM model is
// available; the characterized timing replaces it.
#include "hw/dram/dram_params.hpp"
#include "memory_timing.hpp"

namespace hcm {

class PeakMemoryTiming : public MemoryTiming {
public:
    PeakMemoryTiming(const DramParams& dram, double clockMhz);
    double serviceCycles(const SegmentList& segments, bool write) const override;
    double idleCycles(const SegmentList& segments, bool write) const override;
    double turnaroundCycles() const override { return turnaround_; }
    double firstAccessSavingCycles(bool, FirstRow row, bool) const override {
        return row == FirstRow::Open || row == FirstRow::Continues ? rcd_ : 0.0;
    }

private:
    DramParams dram_;
    double bytesPerCycle_ = 1, latency_ = 0, turnaround_ = 0, rowSwitch_ = 0, rcd_ = 0;
};

}  // namespace hcm
