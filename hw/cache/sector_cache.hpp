#pragma once
// The tag array of a sectored, set-associative, write-back cache (a GPU L2):
// lines of `line_bytes` hold `line_bytes / sector_bytes` sectors, each with
// its own valid and dirty bit. Pure C++, no timing.
//
//   read   every sector of the range: a hit when valid, else a miss that is
//          fetched alone (sector fill: only the sectors asked for, never the
//          whole line) and becomes valid.
//   write  write-allocate without fetching (write-validate, as GPU L2s with
//          byte masks do): the sectors become valid and dirty; a sector that
//          was not valid counts as a write miss.
//   evict  the least recently used way of the set makes room; its dirty
//          sectors are written back.
//
// Missing sectors and write-backs come out as DRAM byte ranges, adjacent
// sectors merged (also across lines), so a streaming miss is one range.
#include <cstdint>
#include <vector>

#include "hw/common/gather_list.hpp"
#include "l2_cache_params.hpp"

namespace hcm {

// What one access did. A request is one line touched by the access (a warp's
// coalesced request covers at most one 128-byte line).
struct SectorAccess {
    int64_t requests = 0;
    int64_t sectors = 0;
    int64_t hits = 0;
    int64_t misses = 0;
    int64_t writeback_sectors = 0;
};

class SectorCache {
public:
    // Throws std::invalid_argument when checkL2Params fails.
    explicit SectorCache(const L2CacheParams& params);

    // Bytes [address, address + bytes). `fetch` / `writeback` receive the
    // DRAM ranges to read / write (appended).
    SectorAccess read(uint64_t address, uint64_t bytes, std::vector<DmaSegment>& fetch,
                      std::vector<DmaSegment>& writeback);
    SectorAccess write(uint64_t address, uint64_t bytes, std::vector<DmaSegment>& writeback);

    // Whether the sector holding `address` is valid / dirty (for tests).
    bool holds(uint64_t address) const;
    bool isDirty(uint64_t address) const;
    int64_t dirtySectors() const;
    const L2CacheParams& params() const { return p_; }

private:
    struct Way {
        uint64_t tag = 0;       // line number (address / line_bytes)
        uint64_t valid = 0;     // sector bit masks
        uint64_t dirty = 0;
        uint64_t used = 0;      // LRU stamp
        bool present = false;
    };

    SectorAccess access(uint64_t address, uint64_t bytes, bool isWrite, std::vector<DmaSegment>* fetch,
                        std::vector<DmaSegment>& writeback);
    Way& lineFor(uint64_t line, std::vector<DmaSegment>& writeback, SectorAccess& a);
    const Way* find(uint64_t line) const;
    void append(std::vector<DmaSegment>& out, uint64_t address, uint64_t bytes) const;

    L2CacheParams p_;
    uint64_t sets_;
    std::vector<Way> ways_;     // sets x ways
    uint64_t tick_ = 0;
};

}  // namespace hcm
