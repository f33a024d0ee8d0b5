#pragma once
// A sectored L2 cache as a TLM-2.0 component between the interconnect (the
// SMs' crossbar) and the DRAM, as in a GPU where every global access of
// every SM goes through the shared L2.
//
// Params: L2CacheParams (capacity, line and sector size, ways, hit latency,
//         bandwidth). Tags: SectorCache (LRU, sector fill, write-back,
//         write-allocate without fetch).
// Ports:  `socket` (target) from the interconnect; `to_memory` (initiator)
//         to the DRAM.
// Timing: loosely timed. A transaction (one range, or a scatter-gather
//         GatherList from the DMA) is looked up sector by sector when it
//         arrives; the cache serves `bytes_per_cycle` of it per cycle, first
//         come first served, and answers after `hit_latency_cycles`. The
//         missing sectors go to the DRAM as one scatter-gather read (issued
//         after the tag lookup; adjacent sectors merged), so the DRAM
//         schedules them together; the transaction completes when the last
//         fill has arrived. Dirty sectors evicted on the way are written back
//         as one scatter-gather write issued after the fills (a write-back
//         buffer: nobody waits for it, but it occupies the DRAM).
// Stats:  L2Stats (requests = lines touched, sectors, read/write hits and
//         misses, write-backs, busy cycles); l2Counters() turns them into the
//         per-layer columns of layers.csv.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <vector>

#include "hw/common/compute_engine.hpp"
#include "sector_cache.hpp"

namespace hcm {

struct L2Stats {
    int64_t transactions = 0;
    int64_t requests = 0;             // (transaction, 128-byte line) pairs
    int64_t sectors = 0;              // sectors touched, reads and writes
    int64_t read_sectors = 0, read_hits = 0;
    int64_t write_sectors = 0, write_hits = 0;
    int64_t fill_sectors = 0;         // read misses fetched from DRAM
    int64_t writeback_sectors = 0;    // dirty sectors evicted to DRAM
    int64_t busy_cycles = 0;          // cycles spent serving sectors
};

class L2Cache : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<L2Cache> socket;
    tlm_utils::simple_initiator_socket<L2Cache> to_memory;

    // Throws std::invalid_argument on inconsistent parameters.
    L2Cache(sc_core::sc_module_name name, const L2CacheParams& params, sc_core::sc_time clockPeriod);

    const L2Stats& stats() const { return stats_; }
    const SectorCache& tags() const { return tags_; }
    const L2CacheParams& params() const { return tags_.params(); }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    sc_core::sc_time toMemory(tlm::tlm_command command, const std::vector<DmaSegment>& segs,
                              const sc_core::sc_time& at);

    SectorCache tags_;
    sc_core::sc_time clock_;
    sc_core::sc_time free_;           // when the sector pipeline is next free
    L2Stats stats_;
    std::vector<DmaSegment> fetch_, writeback_;
    tlm::tlm_generic_payload gp_;
};

// Cumulative counters for the platform's per-layer snapshots, in a fixed
// order: l2_requests, l2_sectors, l2_read_sectors, l2_read_hit_sectors,
// l2_write_sectors, l2_fill_sectors, l2_writeback_sectors, and two ratio
// columns, l2_hit_rate and l2_sectors_per_request, left 0 here: the platform
// subtracts the snapshot at a layer's start from the one at its end and
// deriveL2Ratios() then fills them from that layer's counts.
EngineCounters l2Counters(const L2Stats& stats);
void appendL2Counters(EngineCounters& out, const L2Stats& stats);
// l2_hit_rate = read hit sectors / read sectors (only reads can miss to
// DRAM; writes allocate without a fetch); l2_sectors_per_request = sectors /
// requests. Leaves counters without those names untouched.
void deriveL2Ratios(EngineCounters& layer);

}  // namespace hcm
