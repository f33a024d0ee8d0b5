#pragma once
// How long the memory path takes to move one DMA transfer (a gather list),
// as the engine-aware estimator asks it: the interconnect's own channel
// occupancy, and the DRAM's service (occupancy behind another transfer) and
// latency (alone, on an idle path), in platform cycles. The DRAM side comes
// from a characterization of the DRAM model (what `hcmsim dram --characterize`
// prints), not from simulating it.
#include <cstdint>

namespace hcm {

class SegmentList;

class MemoryTiming {
public:
    virtual ~MemoryTiming() = default;
    // Platform cycles the DRAM is occupied by the list when it queues right
    // behind another transfer in the same direction.
    virtual double serviceCycles(const SegmentList& segments, bool write) const = 0;
    // Platform cycles from issue to the last data of the list alone on an
    // idle DRAM (latency + service), without the interconnect.
    virtual double idleCycles(const SegmentList& segments, bool write) const = 0;
    // Extra platform cycles when the DRAM turns from reads to writes or back.
    virtual double turnaroundCycles() const = 0;
    // The state of the bank a transfer's first access goes to: another row
    // open, closed, its row open, or its row is the one the previous transfer
    // ended in (the list goes on where the DRAM is).
    enum class FirstRow { Conflict, Closed, Open, Continues };
    // Platform cycles a transfer saves against idleCycles / serviceCycles
    // (which assume the first access finds another row open in its bank)
    // by the state of that bank.
    virtual double firstAccessSavingCycles(bool write, FirstRow row, bool queued) const = 0;
    // Extra platform cycles when a transfer queued right behind another finds
    // another row open in the bank where the one ahead ended: the bank
    // recovers from it (after a write, its write recovery) before it can switch rows.
    virtual double sameBankRecoveryCycles(bool write, bool aheadWrote) const {
        (void)write, (void)aheadWrote;
        return 0.0;
    }
    // True: the figures above leave refresh out, and the memory path places
    // every refresh where the DRAM's refresh timer puts it (a refresh that
    // falls inside a transfer stalls it; one that falls before it closes the
    // rows, and the transfer waits out its end). False: refresh is already in
    // the figures as its expected cost.
    virtual bool refreshOnTimer() const { return false; }
};

// Bursts the DRAM moves for the list (every segment in whole bursts, a burst
// two segments share counted for each, as the DRAM model requests them).
uint64_t burstBytes(const SegmentList& segments, uint64_t burstSize);

}  // namespace hcm
