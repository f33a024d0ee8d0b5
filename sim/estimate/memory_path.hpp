#pragma once
// The memory path of the engine-aware estimator: a DMA transfer crosses the
// interconnect (one channel per direction, width bits a cycle, FCFS, plus its
// latency, as hw/interconnect does) to the DRAM, which serves transfers one
// after another at the characterized rates (MemoryTiming). With an L2 (GPU-
// like platforms) the transfer first goes through the same sector cache the
// simulation's L2 keeps (hw/cache/sector_cache), at its bandwidth and hit
// latency; only fills and write-backs reach the DRAM. Counts the DRAM bytes
// as the DRAM model moves them (whole bursts).
#include <systemc>

#include <cstdint>
#include <optional>
#include <vector>

#include "hw/cache/l2_cache_params.hpp"
#include "hw/cache/sector_cache.hpp"
#include "hw/dram/address_mapping.hpp"
#include "hw/interconnect/interconnect_params.hpp"
#include "memory_characterization.hpp"
#include "memory_timing.hpp"

namespace hcm {

class SegmentList;

// Copyable: a copy is a snapshot of the path's state (queues, open rows,
// the L2's contents) that can be assigned back.
class MemoryPath {
public:
    // `l2`: the cache section (disabled: no L2); `dram`: organization and
    // address mapping (which bank and row each burst goes to).
    MemoryPath(const MemoryTiming& timing, const InterconnectParams& link, const L2CacheParams& l2,
               sc_core::sc_time clock, const DramParams& dram);

    // When the data of a read has arrived / a write is in DRAM, issued at `at`.
    sc_core::sc_time read(const SegmentList& segments, const sc_core::sc_time& at);
    sc_core::sc_time write(const SegmentList& segments, const sc_core::sc_time& at);

    uint64_t dramReadBytes() const { return readBytes_; }
    uint64_t dramWriteBytes() const { return writeBytes_; }
    // Rows the DRAM opens for the transfers (one per row span a run touches:
    // the row of every bank a run's bursts interleave over).
    uint64_t dramRowOpens() const { return rowOpens_; }
    uint64_t linkBits() const { return linkBits_; }
    uint64_t dramTransfers() const { return transfers_; }
    void resetCounters() { readBytes_ = writeBytes_ = rowOpens_ = linkBits_ = transfers_ = 0; }

private:
    sc_core::sc_time transfer(const SegmentList& segments, bool write, const sc_core::sc_time& at);
    // The DRAM's part of a transfer reaching it at `at`: when it is done.
    sc_core::sc_time dram(const SegmentList& segments, bool write, const sc_core::sc_time& at);
    // Through the L2: when the transfer is answered.
    sc_core::sc_time cached(const SegmentList& segments, bool write, const sc_core::sc_time& at);

    const MemoryTiming* timing_;  // a pointer: a path is copied to snapshot its state
    InterconnectParams link_;
    sc_core::sc_time clock_;
    uint64_t burst_;
    std::optional<SectorCache> l2_;
    L2CacheParams l2Params_;
    sc_core::sc_time l2Free_;
    std::vector<DmaSegment> fetch_, writeback_;
    sc_core::sc_time linkFree_[2];   // per direction: 0 read, 1 write
    sc_core::sc_time dramFree_;      // when the DRAM has served everything queued
    bool lastWrite_ = false;
    bool anyTransfer_ = false;
    uint64_t readBytes_ = 0, writeBytes_ = 0, rowOpens_ = 0, linkBits_ = 0, transfers_ = 0;
    // Bytes of consecutive addresses in one row of every channel they
    // interleave over (one row visit per channel): activations are counted per span.
    uint64_t rowSpan_ = 8192;
    uint64_t lastSpan_ = ~uint64_t(0);

    // Marks the rows the bursts of [address, address + bytes) leave open.
    void markOpenRows(uint64_t address, uint64_t bytes);
    void markChunk(uint64_t firstBurst, uint64_t lastBurst);
    size_t bankSlot(const DramAddress& a) const;
    // The row last opened in each bank of each channel (-1: none yet), from
    // the real address mapping: tells a transfer whose first access finds its
    // row open from one that finds another row there (the bank of a tile's
    // weights may equal its outputs' while their bursts go to other channels).
    AddressMapping mapping_;
    MemoryCharacterization::Geometry geometry_;
    std::vector<int64_t> openRow_;
    size_t lastBank_ = ~size_t(0);  // the bank slot of the previous transfer's last burst

    // DRAM refresh on the refresh timer (MemoryTiming::refreshOnTimer): every
    // rank of every channel refreshes at the same due cycles, tREFI apart
    // from tREFI - refresh_phase_cycles, as the DRAM model schedules them.
    bool refreshOnTimer_ = false;
    double tckPs_ = 0;
    int64_t firstDueCycle_ = 0, refreshInterval_ = 0;
    int64_t nextRefresh_ = 0;      // index of the first refresh not yet placed
    bool rowsOpened_ = false;      // rows opened since the last refresh (it precharges them first)
    sc_core::sc_time refreshRecovery_, rowReopen_, precharge_;
    sc_core::sc_time refreshDue() const;
    // Places the refreshes due by `start`: they close every row; a transfer
    // that arrives while one is under way starts at its end.
    sc_core::sc_time refreshesBefore(sc_core::sc_time start);
    // Places the refreshes due while the DRAM serves a transfer until `done`:
    // each stalls it (precharge, refresh, the row opened again).
    sc_core::sc_time refreshesWithin(sc_core::sc_time done);
    void closeAllRows();
};

}  // namespace hcm
