#include "gather_replay.hpp"

#include <algorithm>

namespace hcm {

GatherReplay replayGather(DramController& dram, const DmaSegment* segments, size_t count, bool write,
                          int64_t arrival) {
    GatherReplay r;
    r.arrival = arrival;
    r.finish = arrival;
    std::vector<DramCompletion> done;
    auto collect = [&] {
        for (const DramCompletion& c : done) {
            r.finish = std::max(r.finish, c.completion_cycle);
            if (r.first_data < 0 || c.completion_cycle < r.first_data) r.first_data = c.completion_cycle;
        }
        done.clear();
    };
    const uint64_t burst = uint64_t(dram.params().org.burstBytes());
    for (size_t i = 0; i < count; ++i) {
        if (segments[i].bytes == 0) continue;
        const uint64_t first = segments[i].address & ~(burst - 1);
        const uint64_t last = (segments[i].address + segments[i].bytes - 1) & ~(burst - 1);
        for (uint64_t a = first;; a += burst) {
            dram.waitForSpace(a, &done);
            dram.enqueue(DramRequest{a, write, arrival, r.bursts++});
            collect();
            if (a == last) break;
        }
    }
    dram.drainAll(&done);
    collect();
    return r;
}

}  // namespace hcm
