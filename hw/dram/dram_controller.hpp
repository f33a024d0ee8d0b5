#pragma once
// The DRAM timing model of all channels: plain C++ (no SystemC), integer
// memory-clock cycles, deterministic. Each channel has its own request queue
// and FR-FCFS scheduler (ChannelEngine); this class routes requests by address
// and issues commands of all channels in global time order.
//
// Typical use (see trace_replay.cpp, dram_target.cpp):
//     DramController dram(params);
//     dram.waitForSpace(addr, &done);               // issue commands until the queue has room
//     dram.enqueue({addr, isWrite, arrivalCycle, tag});
//     ...
//     dram.drainAll(&done);                        // completions with their cycles
//     DramStats s = dram.stats();
#include <memory>
#include <vector>

#include "address_mapping.hpp"
#include "dram_params.hpp"
#include "dram_stats.hpp"
#include "dram_types.hpp"

namespace hcm {

class ChannelEngine;

// Notified as the model runs (e.g. to drive a TimelineProbe).
class DramObserver {
public:
    virtual ~DramObserver() = default;
    // Requests queued in all channels (incl. those waiting for their arrival
    // cycle), from `cycle` on.
    virtual void queueDepthChanged(int64_t cycle, int depth) = 0;
    virtual void requestCompleted(const DramCompletion& c) = 0;
};

class DramController {
public:
    // Throws InputError when the parameters are inconsistent.
    explicit DramController(const DramParams& params);
    ~DramController();
    DramController(const DramController&) = delete;
    DramController& operator=(const DramController&) = delete;

    const DramParams& params() const { return params_; }
    const AddressMapping& mapping() const { return mapping_; }
    int channelOf(uint64_t addr) const { return mapping_.decode(addr).channel; }

    // Room in the queue of the channel `addr` maps to.
    bool canAccept(uint64_t addr) const;
    // Queues one burst-sized request (precondition canAccept). Returns the
    // effective arrival cycle: max(arrival_cycle, the channel's current cycle).
    int64_t enqueue(const DramRequest& r);
    // Issues commands (all channels, in time order) until the channel of
    // `addr` has room. Completions are appended to `done` if not null.
    void waitForSpace(uint64_t addr, std::vector<DramCompletion>* done);
    // Issues the earliest next command of any channel; false when idle.
    bool step(std::vector<DramCompletion>* done);
    // Issues commands until every queued request has completed.
    void drainAll(std::vector<DramCompletion>* done);

    int queueDepth() const { return depth_; }
    bool idle() const { return depth_ == 0; }
    int64_t lastCompletionCycle() const;

    // Counters plus energy: commands, and background up to the last completion.
    DramStats stats() const { return stats(lastCompletionCycle()); }
    // The same with background energy up to max(endCycle, last completion),
    // e.g. the end of a compute phase with no DRAM traffic.
    DramStats stats(int64_t endCycle) const;

    // Debug/test hooks: every issued command is appended to `log`.
    void setCommandLog(std::vector<DramCommandRecord>* log);
    void setObserver(DramObserver* observer) { observer_ = observer; }

private:
    DramParams params_;
    AddressMapping mapping_;
    DramStats stats_;
    std::vector<std::unique_ptr<ChannelEngine>> channels_;
    // Next command cycle of each channel (kDramNever when idle), kept
    // compact so a step scans 16 channels in two cache lines; refreshed
    // only for the channels listed in stale_ (changed since).
    std::vector<int64_t> nextCycle_;
    std::vector<int> stale_;
    std::vector<uint8_t> isStale_;
    void markStale(int channel) {
        if (!isStale_[size_t(channel)]) {
            isStale_[size_t(channel)] = 1;
            stale_.push_back(channel);
        }
    }
    int depth_ = 0;
    DramObserver* observer_ = nullptr;
    DramCompletion scratch_;
};

}  // namespace hcm
