#include "memory_path.hpp"

#include <algorithm>
#include <cmath>

#include "hw/common/time_units.hpp"
#include "hw/controller/tensor_layout.hpp"

namespace hcm {

using sc_core::sc_time;

uint64_t burstBytes(const SegmentList& segments, uint64_t burst) {
    uint64_t total = 0;
    for (const DmaSegment& s : segments.segments()) {
        if (s.bytes == 0) continue;
        const uint64_t first = s.address / burst, last = (s.address + s.bytes - 1) / burst;
        total += (last - first + 1) * burst;
    }
    return total;
}

MemoryPath::MemoryPath(const MemoryTiming& timing, const InterconnectParams& link, sc_time clock, uint64_t burstSize)
    : timing_(timing), link_(link), clock_(clock), burst_(std::max<uint64_t>(1, burstSize)) {}

sc_time MemoryPath::read(const SegmentList& segments, const sc_time& at) { return transfer(segments, false, at); }

sc_time MemoryPath::write(const SegmentList& segments, const sc_time& at) { return transfer(segments, true, at); }

sc_time MemoryPath::transfer(const SegmentList& segments, bool write, const sc_time& at) {
    const uint64_t bytes = segments.totalBytes();
    if (bytes == 0) return at;
    (write ? writeBytes_ : readBytes_) += burstBytes(segments, burst_);
    // The interconnect channel of this direction, first come first served.
    sc_time& linkFree = linkFree_[write ? 1 : 0];
    const int64_t linkCycles =
        link_.width_bits <= 0 ? 0 : (int64_t(bytes) * 8 + link_.width_bits - 1) / link_.width_bits;
    const sc_time begin = std::max(at, linkFree);
    const sc_time linkEnd = begin + cycles(linkCycles, clock_);
    linkFree = linkEnd;
    // The DRAM: alone on an idle DRAM the list takes its idle time; queued
    // behind earlier transfers it starts when they are served and adds its
    // service (and a turnaround when the direction changes).
    const double service = timing_.serviceCycles(segments, write);
    sc_time dramDone;
    if (!anyTransfer_ || dramFree_ <= begin) {
        dramDone = begin + cycles(int64_t(std::llround(timing_.idleCycles(segments, write))), clock_);
    } else {
        const double turn = write != lastWrite_ ? timing_.turnaroundCycles() : 0.0;
        dramDone = dramFree_ + cycles(int64_t(std::llround(service + turn)), clock_);
    }
    dramFree_ = std::max(dramFree_, dramDone);
    lastWrite_ = write;
    anyTransfer_ = true;
    return std::max(dramDone, linkEnd) + cycles(link_.latency_cycles, clock_);
}

}  // namespace hcm
