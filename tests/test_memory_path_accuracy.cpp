// The memory-path model against the DRAM model: for random tile-like gather
// lists on every DRAM preset at the channel counts of configs/*.yaml, the
// predicted service time (queued behind another transfer) and transfer time
// (idle memory path) against what DramController measures replaying the same
// list as DramTarget serves it. Refresh is off here so every list has one
// true answer; the expected refresh cost is checked separately
// (test_memory_characterization.cpp). Set HCMSIM_ACCURACY_REPORT=1 to print
// the figures docs/memory_characterization.md quotes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "hw/cache/sector_cache.hpp"
#include "hw/dram/dram_presets.hpp"
#include "sim/estimate/characterization_cache.hpp"
#include "sim/estimate/memory_characterizer.hpp"
#include "tests/support/tile_lists.hpp"

namespace hcm {
namespace {

constexpr uint64_t kBigList = 4096;           // the accuracy target applies from here
constexpr uint64_t kLargestList = 2u << 20;   // keeps each case to about a second

struct ErrorStats {
    std::vector<double> errors;  // |model - measured| / measured, %
    void add(double model, double measured) { errors.push_back(100.0 * std::fabs(model - measured) / measured); }
    double quantile(double q) const {
        std::vector<double> v = errors;
        std::sort(v.begin(), v.end());
        return v.empty() ? 0.0 : v[std::min(v.size() - 1, size_t(q * double(v.size())))];
    }
    double mean() const {
        double s = 0;
        for (double e : errors) s += e;
        return errors.empty() ? 0.0 : s / double(errors.size());
    }
    double max() const { return errors.empty() ? 0.0 : *std::max_element(errors.begin(), errors.end()); }
};

struct Accuracy {
    ErrorStats bigService, smallService, bigTransfer, smallTransfer;
};

DramParams coreParams(const char* preset, int channels) {
    DramParams p = dramPreset(preset);
    p.org.channels = channels;
    p.refresh = false;
    return p;
}

Accuracy measureAccuracy(const DramParams& p, bool write, int lists, uint64_t seed) {
    if (const char* n = std::getenv("HCMSIM_ACCURACY_LISTS")) lists = std::atoi(n);  // longer runs for the docs
    setenv("HCMSIM_CACHE_DIR", "", 1);
    const MemoryCharacterization& mc = characterize(p, InterconnectParams{}, 1000.0);
    const DirectionCosts& c = mc.costs(write);
    std::mt19937_64 rng(seed);
    Accuracy a;
    for (int i = 0; i < lists;) {
        const test::TileList t = test::randomTileList(rng, uint64_t(p.org.capacityBytes()));
        const uint64_t bytes = t.segments.totalBytes();
        if (bytes > kLargestList) continue;
        ++i;
        const std::vector<DmaSegment>& segs = t.segments.segments();
        const double model = mc.dramServiceCycles(segs.data(), segs.size(), write);
        const double service = memory_probe::serviceBehind(p, segs, write, write);
        const double transfer = memory_probe::transferIdle(p, segs, write);
        const bool big = bytes >= kBigList;
        if (const char* r = std::getenv("HCMSIM_ACCURACY_REPORT"); r && std::string(r) == "2" &&
            std::fabs(model - service) > 0.03 * service)
            std::printf("  %s %s: %zu runs, %llu bytes: model %.1f measured %.1f\n", write ? "write" : "read",
                        t.what.c_str(), segs.size(), (unsigned long long)bytes, model, service);
        (big ? a.bigService : a.smallService).add(model, service);
        (big ? a.bigTransfer : a.smallTransfer).add(model + c.fill_cycles, transfer);
    }
    if (std::getenv("HCMSIM_ACCURACY_REPORT")) {
        std::printf("| %s %s | %d | %s | %zu | %.2f | %.2f | %.1f | %.1f | %.2f | %.1f | %zu | %.1f | %.1f |\n",
                    p.preset.c_str(), p.address_mapping.c_str(), p.org.channels, write ? "write" : "read",
                    a.bigService.errors.size(), a.bigService.mean(), a.bigService.quantile(0.95),
                    a.bigService.quantile(0.99), a.bigService.max(), a.bigTransfer.quantile(0.95), a.bigTransfer.max(),
                    a.smallService.errors.size(), a.smallService.quantile(0.95), a.smallService.max());
    }
    return a;
}

struct Bound {
    double p95, max, smallP95;
};

void expectWithin(const Accuracy& a, const Bound& b) {
    EXPECT_LE(a.bigService.quantile(0.95), b.p95);
    EXPECT_LE(a.bigService.max(), b.max);
    EXPECT_LE(a.bigService.mean(), 1.0);
    EXPECT_LE(a.bigTransfer.quantile(0.95), b.p95);
    EXPECT_LE(a.bigTransfer.max(), b.max);
    EXPECT_LE(a.smallService.quantile(0.95), b.smallP95);
}

constexpr int kLists = 160;

TEST(MemoryPathAccuracy, Ddr4_2400OneChannel) {
    const DramParams p = coreParams("ddr4_2400", 1);
    expectWithin(measureAccuracy(p, false, kLists, 1), {3.0, 3.0, 8.0});
    expectWithin(measureAccuracy(p, true, kLists, 2), {3.0, 3.0, 8.0});
}

TEST(MemoryPathAccuracy, Lpddr4_3200TwoChannels) {
    const DramParams p = coreParams("lpddr4_3200", 2);
    expectWithin(measureAccuracy(p, false, kLists, 3), {3.0, 3.0, 8.0});
    expectWithin(measureAccuracy(p, true, kLists, 4), {3.0, 3.0, 8.0});
}

TEST(MemoryPathAccuracy, Lpddr4_3200EightChannels) {
    const DramParams p = coreParams("lpddr4_3200", 8);
    expectWithin(measureAccuracy(p, false, kLists, 5), {3.0, 3.0, 8.0});
    expectWithin(measureAccuracy(p, true, kLists, 6), {3.0, 3.0, 8.0});
}

TEST(MemoryPathAccuracy, Hbm2SixteenChannels) {
    const DramParams p = coreParams("hbm2", 16);
    expectWithin(measureAccuracy(p, false, kLists, 7), {3.0, 8.0, 8.0});
    expectWithin(measureAccuracy(p, true, kLists, 8), {3.0, 8.0, 8.0});
}

// Beyond the presets' defaults: bank bits above the row bits (a sequential
// stream stays in one bank, row after row), and the closed-page policy.
TEST(MemoryPathAccuracy, OtherMappingAndClosedPage) {
    DramParams p = coreParams("hbm2", 8);
    p.address_mapping = "BaRoRaCoCh";
    expectWithin(measureAccuracy(p, false, kLists, 11), {3.0, 3.0, 8.0});
    DramParams q = coreParams("ddr4_2400", 1);
    q.page_policy = PagePolicy::Closed;
    expectWithin(measureAccuracy(q, false, kLists, 12), {3.0, 3.0, 15.0});
    expectWithin(measureAccuracy(q, true, kLists, 13), {3.0, 3.0, 15.0});
}

TEST(MemoryPathAccuracy, Hbm2EightChannels) {
    const DramParams p = coreParams("hbm2", 8);
    expectWithin(measureAccuracy(p, false, kLists, 9), {3.0, 8.0, 8.0});
    expectWithin(measureAccuracy(p, true, kLists, 10), {3.0, 8.0, 8.0});
}

// An L2's write-backs leave in eviction order, not address order: dirty
// sectors of lines all over the output tensors. The DRAM's request queues
// serve them row by row (row hits first), which the model follows by taking
// each queue-full of bursts in address order. Lists from a sector cache that
// writes output tiles and reads input tiles (what a GPU layer does).
TEST(MemoryPathAccuracy, CacheWriteBacksInEvictionOrder) {
    const DramParams p = coreParams("hbm2", 8);
    setenv("HCMSIM_CACHE_DIR", "", 1);
    const MemoryCharacterization& mc = characterize(p, InterconnectParams{}, 1000.0);
    L2CacheParams l2;
    l2.enabled = true;
    l2.capacity_bytes = 256 << 10;
    SectorCache cache(l2);
    std::mt19937_64 rng(21);
    std::vector<DmaSegment> fetch, backs;
    ErrorStats err;
    int outOfOrder = 0;
    // Output tiles of a 256 x 56 x 56 byte tensor (channel planes of 3136
    // bytes): `bc` channels x `bh` rows each; input tiles read in between.
    const uint64_t out = 64 << 20, plane = 56 * 56;
    uint64_t in = 0;
    for (uint64_t tile = 0; err.errors.size() < 40; ++tile) {
        const uint64_t bc = 8 + rng() % 56, bh = 2 + rng() % 14;
        const uint64_t c0 = (tile * 37) % 256, h0 = rng() % (56 - bh);
        backs.clear();
        for (uint64_t c = c0; c < std::min<uint64_t>(256, c0 + bc); ++c)
            cache.write(out + c * plane + h0 * 56, bh * 56, backs);
        fetch.clear();
        cache.read(in, 64 << 10, fetch, backs);
        in += 64 << 10;
        if (backs.size() < 8) continue;
        bool ordered = true;
        for (size_t i = 1; i < backs.size(); ++i) ordered = ordered && backs[i].address >= backs[i - 1].address;
        outOfOrder += ordered ? 0 : 1;
        const double model = mc.dramServiceCycles(backs.data(), backs.size(), true);
        err.add(model, memory_probe::serviceBehind(p, backs, true, true));
    }
    EXPECT_GE(outOfOrder, 30);  // the case this test is about
    // In list order the model is off by 20% on average, 85% at worst.
    EXPECT_LE(err.mean(), 8.0) << "mean";
    EXPECT_LE(err.max(), 45.0);
}

}  // namespace
}  // namespace hcm
