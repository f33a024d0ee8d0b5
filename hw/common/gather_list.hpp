#pragma once
// A scatter-gather DMA transaction: one generic payload whose data are
// several contiguous DRAM byte ranges (a tile is one run per channel or per
// filter). The payload's address is the first segment's and its length the
// sum of all segments, so components that only move bytes (the interconnect)
// need not look inside; the DRAM puts every burst of every segment into its
// request queue, so FR-FCFS schedules across segments as it would the
// outstanding requests of a real DMA engine.
#include <tlm>

#include <cstdint>
#include <vector>

namespace hcm {

struct DmaSegment {
    uint64_t address = 0;   // DRAM byte address
    uint64_t bytes = 0;
};

struct GatherList : tlm::tlm_extension<GatherList> {
    const DmaSegment* segments = nullptr;
    size_t count = 0;

    tlm::tlm_extension_base* clone() const override { return new GatherList(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const GatherList&>(other); }
};

}  // namespace hcm
