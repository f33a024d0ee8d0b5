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

MemoryPath::MemoryPath(const MemoryTiming& timing, const InterconnectParams& link, const L2CacheParams& l2,
                       sc_time clock, const DramParams& dram)
    : timing_(&timing),
      link_(link),
      clock_(clock),
      burst_(std::max<uint64_t>(1, uint64_t(dram.org.burstBytes()))),
      l2Params_(l2),
      mapping_(dram.org, dram.address_mapping),
      geometry_(MemoryCharacterization::geometryOf(dram, mapping_)) {
    rowSpan_ = std::max<uint64_t>(burst_, uint64_t(dram.org.rowBytes()) * uint64_t(dram.org.channels));
    openRow_.assign(size_t(geometry_.channels) * size_t(geometry_.banks), -1);
    if (l2.enabled) l2_.emplace(l2);
    refreshOnTimer_ = dram.refresh && timing.refreshOnTimer();
    if (refreshOnTimer_) {
        const DramTiming& t = dram.timing;
        tckPs_ = t.tCK_ns * 1000.0;
        refreshInterval_ = t.tREFI;
        firstDueCycle_ = t.tREFI - dram.refresh_phase_cycles;
        const auto ofCycles = [&](int64_t n) { return fromPs(uint64_t(std::llround(double(n) * tckPs_))); };
        refreshRecovery_ = ofCycles(t.tRFC);
        precharge_ = ofCycles(t.tRP);
        rowReopen_ = ofCycles(t.tRCD);
    }
}

sc_time MemoryPath::refreshDue() const {
    const int64_t cycle = firstDueCycle_ + nextRefresh_ * refreshInterval_;
    return fromPs(uint64_t(std::llround(double(cycle) * tckPs_)));
}

void MemoryPath::closeAllRows() {
    std::fill(openRow_.begin(), openRow_.end(), -1);
    lastSpan_ = ~uint64_t(0);
    lastBank_ = ~size_t(0);
    rowsOpened_ = false;
}

sc_time MemoryPath::refreshesBefore(sc_time start) {
    if (!refreshOnTimer_) return start;
    // An idle DRAM skips whole intervals at once (nothing to close in them).
    const sc_time due = refreshDue();
    if (due <= start && !rowsOpened_) {
        const double intervalPs = double(refreshInterval_) * tckPs_;
        const double behind = (double(toPs(start)) - double(toPs(due))) / intervalPs;
        if (behind >= 2.0) nextRefresh_ += int64_t(behind) - 1;
    }
    while (refreshDue() <= start) {
        const sc_time end = refreshDue() + (rowsOpened_ ? precharge_ : sc_core::SC_ZERO_TIME) + refreshRecovery_;
        closeAllRows();
        ++nextRefresh_;
        start = std::max(start, end);
    }
    return start;
}

sc_time MemoryPath::refreshesWithin(sc_time done) {
    if (!refreshOnTimer_) return done;
    while (refreshDue() < done) {
        done += precharge_ + refreshRecovery_ + rowReopen_;
        ++nextRefresh_;
    }
    return done;
}

size_t MemoryPath::bankSlot(const DramAddress& a) const {
    const int bank = (a.rank * geometry_.bankgroups + a.bankgroup) * geometry_.banks_per_group + a.bank;
    return size_t(a.channel) * size_t(geometry_.banks) + size_t(bank);
}

void MemoryPath::markChunk(uint64_t firstBurst, uint64_t lastBurst) {
    // Bursts of one chunk share (rank, bank, row) in every channel they touch.
    DramAddress a = mapping_.decode(firstBurst << geometry_.burst_shift);
    if (geometry_.channels == 1 || !geometry_.channel_in_chunk) {
        openRow_[bankSlot(a)] = a.row;
        return;
    }
    const int shift = geometry_.channel_shift;
    const uint64_t channels = uint64_t(geometry_.channels);
    if (((lastBurst >> shift) - (firstBurst >> shift)) + 1 >= channels) {
        for (uint64_t c = 0; c < channels; ++c) {
            a.channel = int(c);
            openRow_[bankSlot(a)] = a.row;
        }
        return;
    }
    for (uint64_t block = firstBurst >> shift; block <= lastBurst >> shift; ++block) {
        a.channel = int(block & (channels - 1));
        openRow_[bankSlot(a)] = a.row;
    }
}

void MemoryPath::markOpenRows(uint64_t address, uint64_t bytes) {
    const int shift = geometry_.chunk_shift;
    uint64_t first = address >> geometry_.burst_shift;
    const uint64_t last = (address + bytes - 1) >> geometry_.burst_shift;
    // Consecutive chunks rotate through the banks: only the last few of a
    // long run decide which rows stay open.
    const uint64_t keep = 4 * uint64_t(geometry_.banks) + 4;
    if ((last >> shift) - (first >> shift) >= keep) first = ((last >> shift) - keep + 1) << shift;
    while (first <= last) {
        const uint64_t chunkLast = std::min(last, (((first >> shift) + 1) << shift) - 1);
        markChunk(first, chunkLast);
        first = chunkLast + 1;
    }
}

sc_time MemoryPath::read(const SegmentList& segments, const sc_time& at) { return transfer(segments, false, at); }

sc_time MemoryPath::write(const SegmentList& segments, const sc_time& at) { return transfer(segments, true, at); }

sc_time MemoryPath::transfer(const SegmentList& segments, bool write, const sc_time& at) {
    const uint64_t bytes = segments.totalBytes();
    if (bytes == 0) return at;
    // The interconnect channel of this direction, first come first served;
    // the memory sees the request once the channel takes it.
    sc_time& linkFree = linkFree_[write ? 1 : 0];
    const int64_t linkCycles =
        link_.width_bits <= 0 ? 0 : (int64_t(bytes) * 8 + link_.width_bits - 1) / link_.width_bits;
    const sc_time begin = std::max(at, linkFree);
    const sc_time linkEnd = begin + cycles(linkCycles, clock_);
    linkFree = linkEnd;
    linkBits_ += bytes * 8;
    const sc_time memDone = l2_ ? cached(segments, write, begin) : dram(segments, write, begin);
    return std::max(memDone, linkEnd) + cycles(link_.latency_cycles, clock_);
}

sc_time MemoryPath::cached(const SegmentList& segments, bool write, const sc_time& at) {
    fetch_.clear();
    writeback_.clear();
    int64_t sectors = 0;
    for (const DmaSegment& s : segments.segments()) {
        const SectorAccess a = write ? l2_->write(s.address, s.bytes, writeback_)
                                     : l2_->read(s.address, s.bytes, fetch_, writeback_);
        sectors += a.sectors;
    }
    const sc_time start = std::max(at, l2Free_);
    const double perCycle = l2Params_.bytes_per_cycle;
    const int64_t serve =
        perCycle > 0 ? int64_t(std::ceil(double(sectors * l2Params_.sector_bytes) / perCycle - 1e-9)) : 0;
    l2Free_ = start + cycles(serve, clock_);
    const sc_time lookedUp = start + cycles(l2Params_.hit_latency_cycles, clock_);
    sc_time done = lookedUp + cycles(serve, clock_);
    // Fills after the tag lookup; write-backs after the fills (nobody waits for them).
    if (!fetch_.empty()) {
        SegmentList fills;
        for (const DmaSegment& f : fetch_) fills.addBytes(f.address, f.bytes);
        done = std::max(done, dram(fills, false, lookedUp));
    }
    if (!writeback_.empty()) {
        SegmentList backs;
        for (const DmaSegment& w : writeback_) backs.addBytes(w.address, w.bytes);
        dram(backs, true, start);
    }
    return done;
}

sc_time MemoryPath::dram(const SegmentList& segments, bool write, const sc_time& begin) {
    (write ? writeBytes_ : readBytes_) += burstBytes(segments, burst_);
    ++transfers_;
    // Alone on an idle DRAM the list takes its idle time; queued behind
    // earlier transfers it starts when they are served and adds its service
    // (and a turnaround when the direction changes). A refresh in between
    // empties the DRAM's queues: the list starts after it as on an idle DRAM.
    const bool queuedBehind = anyTransfer_ && dramFree_ > begin;
    const sc_time arrival = queuedBehind ? dramFree_ : begin;
    const sc_time start = refreshesBefore(arrival);
    const bool idle = !queuedBehind || start > arrival;

    const auto& segs = segments.segments();
    const uint64_t firstSpan = segs.front().address / rowSpan_;
    const DramAddress first = mapping_.decode(segs.front().address);
    const size_t firstBank = bankSlot(first);
    const int64_t openRow = openRow_[firstBank];
    const MemoryTiming::FirstRow firstRow = firstSpan == lastSpan_ ? MemoryTiming::FirstRow::Continues
                                            : openRow == first.row ? MemoryTiming::FirstRow::Open
                                            : openRow < 0          ? MemoryTiming::FirstRow::Closed
                                                                   : MemoryTiming::FirstRow::Conflict;
    // Open rows stay open: a run that goes on in the row span the previous
    // one ended in opens no new row.
    for (const DmaSegment& s : segments.segments()) {
        if (s.bytes == 0) continue;
        const uint64_t first = s.address / rowSpan_, last = (s.address + s.bytes - 1) / rowSpan_;
        rowOpens_ += last - first + (first == lastSpan_ ? 0 : 1);
        lastSpan_ = last;
        markOpenRows(s.address, s.bytes);
    }
    rowsOpened_ = true;
    const bool sameBankAsAhead = firstBank == lastBank_;
    for (auto it = segs.rbegin(); it != segs.rend(); ++it)
        if (it->bytes > 0) {
            lastBank_ = bankSlot(mapping_.decode(it->address + it->bytes - 1));
            break;
        }
    sc_time dramDone;
    if (idle) {
        const double idleCycles =
            timing_->idleCycles(segments, write) - timing_->firstAccessSavingCycles(write, firstRow, false);
        dramDone = start + cycles(int64_t(std::llround(std::max(0.0, idleCycles))), clock_);
    } else {
        const double service = timing_->serviceCycles(segments, write);
        const double turn = write != lastWrite_ ? timing_->turnaroundCycles() : 0.0;
        const double saving = timing_->firstAccessSavingCycles(write, firstRow, true);
        // Another row in the bank the one ahead just used: it recovers first.
        const double recovery = firstRow == MemoryTiming::FirstRow::Conflict && sameBankAsAhead
                                    ? timing_->sameBankRecoveryCycles(write, lastWrite_)
                                    : 0.0;
        dramDone = start +
                   cycles(int64_t(std::llround(std::max(0.0, service + turn + recovery - saving))), clock_);
    }
    dramDone = refreshesWithin(dramDone);
    dramFree_ = std::max(dramFree_, dramDone);
    lastWrite_ = write;
    anyTransfer_ = true;
    return dramDone;
}

}  // namespace hcm
