#pragma once
// Replays one scatter-gather transfer through the DRAM timing model the way
// DramTarget::b_transport serves it, without SystemC: every burst of every
// segment (in list order; a burst two segments share is requested twice)
// arrives at `arrival`, is admitted as its channel's queue frees, and the
// transfer ends with the last data beat after the queues drain. The
// controller keeps its state (open rows, refresh schedule) between calls, so
// successive calls see each other as successive transactions do.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "dram_controller.hpp"
#include "hw/common/gather_list.hpp"

namespace hcm {

struct GatherReplay {
    int64_t arrival = 0;           // requested arrival cycle
    int64_t first_data = -1;       // earliest last-beat of any burst (-1: no burst)
    int64_t finish = 0;            // last data beat; `arrival` for an empty list
    uint64_t bursts = 0;           // requests issued
};

GatherReplay replayGather(DramController& dram, const DmaSegment* segments, size_t count, bool write,
                          int64_t arrival);
inline GatherReplay replayGather(DramController& dram, const std::vector<DmaSegment>& segments, bool write,
                                 int64_t arrival) {
    return replayGather(dram, segments.data(), segments.size(), write, arrival);
}

}  // namespace hcm
