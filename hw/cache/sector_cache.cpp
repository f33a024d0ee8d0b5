#include "sector_cache.hpp"

#include <algorithm>
#include <stdexcept>

namespace hcm {

L2ParamsProblem checkL2Params(const L2CacheParams& p) {
    if (p.sector_bytes < 1) return {"sector_bytes", "must be >= 1"};
    if (p.line_bytes < p.sector_bytes || p.line_bytes % p.sector_bytes != 0)
        return {"line_bytes", "must be a multiple of sector_bytes (" + std::to_string(p.sector_bytes) + ")"};
    if (p.sectorsPerLine() > 64) return {"line_bytes", "at most 64 sectors per line"};
    if (p.ways < 1) return {"ways", "must be >= 1"};
    if (p.capacity_bytes < p.line_bytes * p.ways || p.capacity_bytes % (p.line_bytes * p.ways) != 0)
        return {"capacity_kib", "must be a whole number of sets (line_bytes x ways = " +
                                    std::to_string(p.line_bytes * p.ways) + " bytes)"};
    if (p.hit_latency_cycles < 0) return {"hit_latency_cycles", "must be >= 0"};
    if (p.bytes_per_cycle < 0) return {"bytes_per_cycle", "must be >= 0"};
    return {};
}

SectorCache::SectorCache(const L2CacheParams& params) : p_(params) {
    const L2ParamsProblem problem = checkL2Params(p_);
    if (!problem.ok()) throw std::invalid_argument("L2 cache: " + problem.key + ": " + problem.message);
    sets_ = uint64_t(p_.sets());
    ways_.resize(size_t(sets_ * uint64_t(p_.ways)));
}

void SectorCache::append(std::vector<DmaSegment>& out, uint64_t address, uint64_t bytes) const {
    if (!out.empty() && out.back().address + out.back().bytes == address)
        out.back().bytes += bytes;
    else
        out.push_back({address, bytes});
}

const SectorCache::Way* SectorCache::find(uint64_t line) const {
    const size_t base = size_t(line % sets_) * size_t(p_.ways);
    for (size_t w = 0; w < size_t(p_.ways); ++w)
        if (ways_[base + w].present && ways_[base + w].tag == line) return &ways_[base + w];
    return nullptr;
}

SectorCache::Way& SectorCache::lineFor(uint64_t line, std::vector<DmaSegment>& writeback, SectorAccess& a) {
    const size_t base = size_t(line % sets_) * size_t(p_.ways);
    Way* victim = &ways_[base];
    for (size_t w = 0; w < size_t(p_.ways); ++w) {
        Way& way = ways_[base + w];
        if (way.present && way.tag == line) {
            way.used = ++tick_;
            return way;
        }
        // An empty way first, else the least recently used one.
        if (!victim->present) continue;
        if (!way.present || way.used < victim->used) victim = &way;
    }
    if (victim->present && victim->dirty) {
        const uint64_t lineBase = victim->tag * uint64_t(p_.line_bytes);
        for (int64_t s = 0; s < p_.sectorsPerLine(); ++s)
            if (victim->dirty >> s & 1) {
                append(writeback, lineBase + uint64_t(s * p_.sector_bytes), uint64_t(p_.sector_bytes));
                a.writeback_sectors += 1;
            }
    }
    *victim = Way{line, 0, 0, ++tick_, true};
    return *victim;
}

SectorAccess SectorCache::access(uint64_t address, uint64_t bytes, bool isWrite, std::vector<DmaSegment>* fetch,
                                 std::vector<DmaSegment>& writeback) {
    SectorAccess a;
    if (bytes == 0) return a;
    const uint64_t lineBytes = uint64_t(p_.line_bytes), sectorBytes = uint64_t(p_.sector_bytes);
    const uint64_t end = address + bytes;
    for (uint64_t line = address / lineBytes; line * lineBytes < end; ++line) {
        const uint64_t lineBase = line * lineBytes;
        const uint64_t lo = std::max(address, lineBase), hi = std::min(end, lineBase + lineBytes);
        const uint64_t s0 = (lo - lineBase) / sectorBytes, s1 = (hi - lineBase + sectorBytes - 1) / sectorBytes;
        Way& way = lineFor(line, writeback, a);
        a.requests += 1;
        for (uint64_t s = s0; s < s1; ++s) {
            const uint64_t bit = uint64_t(1) << s;
            a.sectors += 1;
            if (way.valid & bit) {
                a.hits += 1;
            } else {
                a.misses += 1;
                if (!isWrite) append(*fetch, lineBase + s * sectorBytes, sectorBytes);
            }
            way.valid |= bit;
            if (isWrite) way.dirty |= bit;
        }
    }
    return a;
}

SectorAccess SectorCache::read(uint64_t address, uint64_t bytes, std::vector<DmaSegment>& fetch,
                               std::vector<DmaSegment>& writeback) {
    return access(address, bytes, false, &fetch, writeback);
}

SectorAccess SectorCache::write(uint64_t address, uint64_t bytes, std::vector<DmaSegment>& writeback) {
    return access(address, bytes, true, nullptr, writeback);
}

bool SectorCache::holds(uint64_t address) const {
    const Way* w = find(address / uint64_t(p_.line_bytes));
    return w && (w->valid >> (address % uint64_t(p_.line_bytes) / uint64_t(p_.sector_bytes)) & 1);
}

bool SectorCache::isDirty(uint64_t address) const {
    const Way* w = find(address / uint64_t(p_.line_bytes));
    return w && (w->dirty >> (address % uint64_t(p_.line_bytes) / uint64_t(p_.sector_bytes)) & 1);
}

int64_t SectorCache::dirtySectors() const {
    int64_t n = 0;
    for (const Way& w : ways_)
        if (w.present) n += __builtin_popcountll(w.dirty);
    return n;
}

}  // namespace hcm
