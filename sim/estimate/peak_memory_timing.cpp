#include "peak_memory_timing.hpp"

#include "hw/controller/tensor_layout.hpp"

namespace hcm {

PeakMemoryTiming::PeakMemoryTiming(const DramParams& dram, double clockMhz) : dram_(dram) {
    const double cyclesPerTck = dram.timing.tCK_ns * clockMhz / 1000.0;  // platform cycles per memory cycle
    bytesPerCycle_ = dram.peakBytesPerSecond() / (clockMhz * 1e6) * 0.92;
    latency_ = double(dram.timing.tRCD + dram.timing.CL) * cyclesPerTck;
    turnaround_ = double(dram.timing.CL + 4) * cyclesPerTck;
    rowSwitch_ = double(dram.timing.tRP) * cyclesPerTck / double(dram.org.channels);
    rcd_ = double(dram.timing.tRCD) * cyclesPerTck;
}

double PeakMemoryTiming::serviceCycles(const SegmentList& segments, bool) const {
    return double(segments.totalBytes()) / bytesPerCycle_ + rowSwitch_ * double(segments.segments().size()) * 0.25;
}

double PeakMemoryTiming::idleCycles(const SegmentList& segments, bool write) const {
    return latency_ + serviceCycles(segments, write);
}

}  // namespace hcm
