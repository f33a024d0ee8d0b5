// The query model: how long the DRAM takes to serve one gather list,
// from the measured per-direction costs, without simulating it.
//
// Each channel serves its bursts as a sequence of row visits (consecutive
// bursts from one (rank, bank, row)); channels run in parallel and the list
// takes as long as the slowest. Per channel three things are tracked along
// the visits, in list order:
//   * activations: one per visit that opens a row, spaced by the measured
//     activate interval (visit_cycles[k] for short visits, which includes the
//     command-bus crowding of activate + column commands); a visit to a bank
//     whose previous row is still in use waits for it (bank cycle), but the
//     request queue lets later visits go first, so a wait is visible only
//     beyond what the queued work of other visits covers;
//   * column commands: a visit's bursts cost the interleaved spacing when the
//     queue also holds bursts of another bank group to alternate with, else
//     the same-group spacing; neighbouring visits in different groups overlap
//     by up to half the measured interleave window each;
//   * banks: when each bank may activate again (activate + bank cycle, or
//     the visit's last column + the precharge tail, whichever is later).
// A transfer queued behind another one cannot start its first row before the
// earlier one is done with the queues (restart_cycles, measured).
//
// Cost: O(runs + row visits) with small constants; a run spanning many rows
// is extrapolated once its per-bank-period cost is steady, so a multi-MiB run
// costs about as much as a few bank periods of visits.
//
// A chunk below is the aligned block whose bursts share (rank, bank, row) in
// every channel they touch: with RoBaRaCoCh, one row of every channel.
#include <algorithm>
#include <cmath>
#include <vector>

#include "memory_characterization.hpp"

namespace hcm {

namespace {

constexpr double kLongAgo = -1e300;

struct Lane {
    // The visit being accumulated (not yet accounted).
    int64_t chunk = -1;
    int64_t len = 0;
    int64_t row = 0;
    int group = 0, bank = 0;
    // Timeline.
    bool any = false;     // a visit has been accounted
    int64_t lenPrev = 0;  // bursts of the previous row-opening visit
    double slot = 0;      // activate time of the previous row-opening visit
    double end = 0;       // column work accounted so far ends here
    int frontGroup = -1;  // bank group of the bursts still unpaired
    double front = 0;     // how many bursts are still unpaired
    double ownEnd = 0;    // no visit's columns end before its own row is open
};

// Per-thread state reused from query to query (no allocation per query).
struct Scratch {
    std::vector<Lane> lanes;
    std::vector<double> bankReady;
    std::vector<int64_t> openRow;
};

class LaneModel {
public:
    LaneModel(const MemoryCharacterization& mc, bool write, Scratch& s)
        : mc_(mc), c_(mc.costs(write)), g_(mc.geometry()), lanes_(s.lanes), bankReady_(s.bankReady),
          openRow_(s.openRow) {
        const size_t channels = size_t(g_.channels);
        lanes_.assign(channels, Lane{});
        bankReady_.assign(channels * size_t(g_.banks), kLongAgo);
        openRow_.assign(channels * size_t(g_.banks), -1);
        halfWindow_ = c_.interleave_window_bursts / 2;
        queueDepth_ = double(mc.dram().queue_depth);
        closedPage_ = mc.dram().page_policy == PagePolicy::Closed;
        while ((1 << channelBits_) < g_.channels) ++channelBits_;
    }

    void addRun(uint64_t address, uint64_t bytes) {
        if (bytes == 0) return;
        const int bs = g_.burst_shift;
        uint64_t cur = address >> bs;
        const uint64_t last = (address + bytes - 1) >> bs;
        const int cs = g_.chunk_shift;
        while (cur <= last) {
            const uint64_t chunk = cur >> cs;
            const uint64_t chunkEnd = (chunk + 1) << cs;
            if (cur == (chunk << cs) && fastPathOk() && last + 1 >= chunkEnd) {
                const uint64_t full = (last + 1 - cur) >> cs;  // whole chunks from here
                if (full >= kMinChunksForSteady) {
                    cur = addFullChunks(chunk, full);
                    continue;
                }
            }
            const uint64_t segEnd = std::min(last + 1, chunkEnd);
            addSegment(chunk, cur, segEnd - cur);
            cur = segEnd;
        }
    }

    // Memory-clock cycles from the first activation to the last column work.
    double finish() {
        double t = 0;
        bool any = false;
        for (size_t c = 0; c < lanes_.size(); ++c) {
            flush(c);
            const Lane& l = lanes_[c];
            if (!l.any) continue;
            any = true;
            t = std::max({t, l.end + l.front * c_.col_same_group_cycles_per_burst, l.ownEnd});
        }
        return any ? t : -1;
    }

private:
    // Runs of fewer whole chunks are followed chunk by chunk.
    static constexpr uint64_t kMinChunksForSteady = 8;

    bool fastPathOk() const { return g_.channel_in_chunk || g_.channels == 1; }

    void addSegment(uint64_t chunk, uint64_t first, uint64_t n) {
        const DramAddress a = mc_.mapping().decode(chunk << (g_.chunk_shift + g_.burst_shift));
        const int group = a.rank * g_.bankgroups + a.bankgroup;
        const int bank = (a.rank * g_.bankgroups + a.bankgroup) * g_.banks_per_group + a.bank;
        if (g_.channels == 1) {
            addToLane(0, int64_t(chunk), int64_t(n), group, bank, a.row);
            return;
        }
        if (!g_.channel_in_chunk) {
            // The channel bits lie above the row bits: one channel per chunk.
            addToLane(size_t(a.channel), int64_t(chunk), int64_t(n), group, bank, a.row);
            return;
        }
        // Bursts [first, first + n) spread over the channels in blocks of
        // 2^channel_shift bursts: each channel's share in closed form (all
        // sizes are powers of two: shifts and masks).
        const int blockShift = g_.channel_shift;
        const uint64_t block = uint64_t(1) << blockShift;
        const int periodShift = blockShift + channelBits_;
        const uint64_t periodMask = (uint64_t(1) << periodShift) - 1;
        const uint64_t end = first + n;
        const uint64_t fullFirst = (first >> periodShift) << blockShift, fullEnd = (end >> periodShift) << blockShift;
        const uint64_t remFirst = first & periodMask, remEnd = end & periodMask;
        for (int c = 0; c < g_.channels; ++c) {
            const uint64_t lo = uint64_t(c) << blockShift;
            const uint64_t partEnd = remEnd > lo ? std::min(remEnd - lo, block) : 0;
            const uint64_t partFirst = remFirst > lo ? std::min(remFirst - lo, block) : 0;
            const uint64_t k = (fullEnd + partEnd) - (fullFirst + partFirst);
            if (k) addToLane(size_t(c), int64_t(chunk), int64_t(k), group, bank, a.row);
        }
    }

    void addToLane(size_t c, int64_t chunk, int64_t k, int group, int bank, int64_t row) {
        Lane& l = lanes_[c];
        if (l.chunk == chunk) {
            l.len += k;
            return;
        }
        flush(c);
        l.chunk = chunk;
        l.len = k;
        l.group = group;
        l.bank = bank;
        l.row = row;
    }

    double activateSpacing(int64_t k) const {
        // Short visits: the measured per-visit cost when it exceeds the
        // column work (activate-bound); longer ones: the plain interval.
        if (k > 0 && size_t(k) < c_.visit_cycles.size()) {
            const double v = c_.visit_cycles[size_t(k)];
            if (v > c_.col_interleaved_cycles_per_burst * double(k) + 1e-9) return v;
        }
        return c_.act_interval_cycles;
    }

    // Accounts the visit lane c has been accumulating.
    void flush(size_t c) {
        Lane& l = lanes_[c];
        if (l.len == 0) return;
        const size_t bi = c * size_t(g_.banks) + size_t(l.bank);
        const double k = double(l.len);
        const double colS = c_.col_interleaved_cycles_per_burst;
        const double colL = c_.col_same_group_cycles_per_burst;
        const bool hit = !closedPage_ && openRow_[bi] == l.row;
        double start;       // earliest column command of this visit
        double activate = 0;
        if (hit) {
            start = kLongAgo;
        } else {
            const double slot = l.any ? l.slot + activateSpacing(l.lenPrev) : 0.0;
            activate = std::max(slot, bankReady_[bi]);
            // Later visits in the queue fill a bank wait up to their work.
            const double cover = std::max(0.0, queueDepth_ - k) * std::max(colS, c_.act_interval_cycles / k);
            l.slot = std::max(slot, activate - cover);
            l.lenPrev = l.len;
            start = l.slot + c_.act_to_column_cycles;
        }
        // Column work, pairing with the unpaired bursts of another group.
        if (l.frontGroup < 0) {
            l.end = std::max(l.end, start);
            l.front = k;
            l.frontGroup = l.group;
        } else if (l.frontGroup == l.group) {
            l.end = std::max(l.end, start - l.front * colL);
            l.front += k;
        } else if (l.end + l.front * colL <= start) {
            l.end = start;  // the earlier bursts went alone while this row opened
            l.front = k;
            l.frontGroup = l.group;
        } else {
            if (start > l.end) {
                l.front -= (start - l.end) / colL;
                l.end = start;
            }
            const double alone = std::max(0.0, l.front - halfWindow_);
            l.end += alone * colL;
            const double rest = l.front - alone;
            const double pairs = std::min(rest, k);
            l.end += 2 * pairs * colS;
            if (rest > k) {
                l.front = rest - k;
            } else {
                l.frontGroup = l.group;
                l.front = k - pairs;
            }
        }
        const double columnsEnd =
            std::max(start + c_.bank_cycle_per_burst_cycles * k,
                     l.end + (l.frontGroup == l.group ? l.front * colL : 0.0));
        const double tail = c_.bank_cycle_base_cycles - c_.act_to_column_cycles;
        double ready = columnsEnd + tail;
        if (!hit)
            ready = std::max(ready, activate + std::max(c_.bank_cycle_min_cycles,
                                                        c_.bank_cycle_base_cycles + c_.bank_cycle_per_burst_cycles * k));
        bankReady_[bi] = std::max(bankReady_[bi], ready);
        // Queued work of other banks covers a wait only while there is some:
        // the visit itself still comes after its activation.
        if (!hit) l.ownEnd = std::max(l.ownEnd, activate + c_.act_to_column_cycles + colS + colL * (k - 1));
        openRow_[bi] = closedPage_ ? -1 : l.row;
        l.any = true;
        l.len = 0;
        l.chunk = -1;
    }

    // `count` whole chunks from `chunk`: visits one by one until a whole bank
    // period repeats the previous one shifted in time, then shifts the state
    // over the periods in between (the model is time-invariant) and does the
    // last period explicitly. Returns the first burst after them.
    uint64_t addFullChunks(uint64_t chunk, uint64_t count) {
        const uint64_t period = uint64_t(g_.banks);
        const uint64_t chunkBursts = uint64_t(1) << g_.chunk_shift;
        uint64_t done = 0;
        auto step = [&](uint64_t n) {
            for (uint64_t i = 0; i < n; ++i, ++done) addSegment(chunk + done, (chunk + done) << g_.chunk_shift, chunkBursts);
        };
        if (count < 4 * period) {
            step(count);
            return (chunk + count) << g_.chunk_shift;
        }
        step(period);
        std::vector<double> prev = timeState(), cur;
        std::vector<double> deltaPrev;
        bool steady = false;
        while (!steady && count - done >= 3 * period) {
            step(period);
            cur = timeState();
            std::vector<double> delta(cur.size());
            for (size_t i = 0; i < cur.size(); ++i) delta[i] = cur[i] - prev[i];
            steady = !deltaPrev.empty() && sameShift(delta, deltaPrev);

            deltaPrev = std::move(delta);
            prev = std::move(cur);
        }
        const uint64_t skipPeriods = steady ? (count - done) / period - 1 : 0;
        if (steady && banksRepeat(chunk + done - 1, skipPeriods * period)) {
            shiftTime(deltaPrev, double(skipPeriods));
            done += skipPeriods * period;
            // The lanes hold the last chunk's visit: move it along.
            for (Lane& l : lanes_)
                if (l.chunk >= 0) {
                    l.chunk += int64_t(skipPeriods * period);
                    l.row = mc_.mapping().decode(uint64_t(l.chunk) << (g_.chunk_shift + g_.burst_shift)).row;
                }
        }
        step(count - done);
        return (chunk + count) << g_.chunk_shift;
    }

    // Everything in the state that grows with the visits (lanes, then
    // banks; the unpaired bursts of a lane grow along a run within one bank
    // group), for steady-state checks.
    std::vector<double> timeState() const {
        std::vector<double> v;
        v.reserve(lanes_.size() * 4 + bankReady_.size());
        for (const Lane& l : lanes_) {
            v.push_back(l.slot);
            v.push_back(l.end);
            v.push_back(l.front);
            v.push_back(l.ownEnd);
        }
        for (double b : bankReady_) v.push_back(b);
        return v;
    }
    // The visits repeat only if the chunks `shift` later hit the same banks
    // (true when the bank bits lie right above the chunk, as in RoBaRaCoCh).
    bool banksRepeat(uint64_t lastChunk, uint64_t shift) const {
        const int s = g_.chunk_shift + g_.burst_shift;
        for (uint64_t i = 0; i < uint64_t(g_.banks); ++i) {
            const DramAddress a = mc_.mapping().decode((lastChunk - i) << s);
            const DramAddress b = mc_.mapping().decode((lastChunk - i + shift) << s);
            if (a.rank != b.rank || a.bankgroup != b.bankgroup || a.bank != b.bank || a.row == b.row) return false;
        }
        return true;
    }
    static bool sameShift(const std::vector<double>& a, const std::vector<double>& b) {
        for (size_t i = 0; i < a.size(); ++i) {
            const bool inf = a[i] != a[i] || std::fabs(a[i]) > 1e200 || std::fabs(b[i]) > 1e200;
            if (inf) continue;  // a bank that was never visited
            if (std::fabs(a[i] - b[i]) > 1e-9 * std::max(1.0, std::fabs(a[i]))) return false;
        }
        return true;
    }
    void shiftTime(const std::vector<double>& delta, double periods) {
        size_t i = 0;
        for (Lane& l : lanes_) {
            l.slot += delta[i++] * periods;
            l.end += delta[i++] * periods;
            l.front += delta[i++] * periods;
            l.ownEnd += delta[i++] * periods;
        }
        for (double& b : bankReady_) {
            const double d = delta[i++];
            if (b > kLongAgo / 2 && std::fabs(d) < 1e200) b += d * periods;
        }
    }

    const MemoryCharacterization& mc_;
    const DirectionCosts& c_;
    const MemoryCharacterization::Geometry& g_;
    std::vector<Lane>& lanes_;
    std::vector<double>& bankReady_;
    std::vector<int64_t>& openRow_;
    double halfWindow_ = 0, queueDepth_ = 32;
    bool closedPage_ = false;
    int channelBits_ = 0;
};

}  // namespace

// A list whose segments go back in the address space (an L2's write-backs
// in eviction order) is served as the request queues see it: the controller
// takes the row hits among the queued requests first, so within what the
// queues hold (queue_depth bursts per channel) the bursts are served in
// address order, row by row, not in list order. Sorting each window of that
// many bursts gives the model that order; a list in address order (every
// tile list) is left alone.
const DmaSegment* MemoryCharacterization::queueOrder(const DmaSegment* segments, size_t count,
                                                     std::vector<DmaSegment>& scratch) const {
    bool ordered = true;
    for (size_t i = 1; i < count && ordered; ++i) ordered = segments[i].address >= segments[i - 1].address;
    if (ordered) return segments;
    scratch.assign(segments, segments + count);
    const uint64_t burst = uint64_t(1) << geometry_.burst_shift;
    const uint64_t window = uint64_t(std::max(1, dram_.queue_depth)) * uint64_t(std::max(1, geometry_.channels));
    const auto byAddress = [](const DmaSegment& a, const DmaSegment& b) { return a.address < b.address; };
    size_t i = 0;
    while (i < scratch.size()) {
        size_t j = i;
        for (uint64_t bursts = 0; j < scratch.size() && bursts < window; ++j)
            bursts += (scratch[j].address + scratch[j].bytes + burst - 1) / burst - scratch[j].address / burst;
        std::sort(scratch.begin() + std::ptrdiff_t(i), scratch.begin() + std::ptrdiff_t(j), byAddress);
        i = j;
    }
    return scratch.data();
}

double MemoryCharacterization::dramServiceCycles(const DmaSegment* segments, size_t count, bool write) const {
    static thread_local Scratch scratch;
    static thread_local std::vector<DmaSegment> reordered;
    segments = queueOrder(segments, count, reordered);
    LaneModel m(*this, write, scratch);
    for (size_t i = 0; i < count; ++i) m.addRun(segments[i].address, segments[i].bytes);
    const double t = m.finish();
    return t < 0 ? 0.0 : t + costs(write).restart_cycles;
}

}  // namespace hcm
