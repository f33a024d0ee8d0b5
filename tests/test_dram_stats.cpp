// DRAM statistics and energy arithmetic on tiny cases worked by hand, and the
// bounded latency histogram.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "hw/dram/dram_controller.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/latency_histogram.hpp"

namespace hcm {
namespace {

// DDR4-2400 timing in cycles, but tCK = 1 ns and round energies so the
// arithmetic is easy: ACT+PRE 100 pJ, RD 10 pJ, WR 20 pJ, REF 1000 pJ,
// active standby 2 mW (= 2 pJ per ns), precharge standby 1 mW.
DramParams tiny(bool refresh = false) {
    DramParams p = dramPreset("ddr4_2400");
    p.timing.tCK_ns = 1.0;
    p.refresh = refresh;
    p.energy = DramEnergy{100, 10, 20, 1000, 2, 1};
    return p;
}

uint64_t rowAddr(const DramController& d, int64_t row, int col = 0) {
    DramAddress a;
    a.row = row;
    a.column = col;
    return d.mapping().encode(a);
}

TEST(DramStats, OneReadToAClosedBank) {
    DramController d(tiny());
    d.enqueue({rowAddr(d, 5), false, 0, 0});
    d.drainAll(nullptr);
    const DramStats s = d.stats();
    // ACT 0, RD 16, done 36 (see test_dram_controller).
    EXPECT_EQ(s.act_cmds, 1u);
    EXPECT_EQ(s.rd_cmds, 1u);
    EXPECT_EQ(s.bytes_read, 64u);
    EXPECT_EQ(s.windowCycles(), 36);
    // Commands 100 + 10; the bank is open over the whole window [0, 36):
    // 36 ns x 2 mW = 72 pJ. Total 182 pJ.
    EXPECT_DOUBLE_EQ(s.commandEnergyPj(), 110.0);
    EXPECT_EQ(s.active_rank_cycles, 36u);
    EXPECT_DOUBLE_EQ(s.background_energy_pj, 72.0);
    EXPECT_DOUBLE_EQ(s.totalEnergyPj(), 182.0);
    // 64 B in 36 ns.
    EXPECT_DOUBLE_EQ(s.bandwidthGBps(), 64.0 / 36.0);
}

TEST(DramStats, MissThenConflict) {
    DramController d(tiny());
    d.enqueue({rowAddr(d, 5), false, 0, 0});
    d.drainAll(nullptr);
    d.enqueue({rowAddr(d, 9), false, 100, 1});
    d.drainAll(nullptr);
    const DramStats s = d.stats();
    // Second read: PRE 100, ACT 116, RD 132, done 152 (latency 52).
    EXPECT_EQ(s.row_misses, 1u);
    EXPECT_EQ(s.row_conflicts, 1u);
    EXPECT_EQ(s.row_hits, 0u);
    EXPECT_EQ(s.pre_cmds, 1u);
    // Latencies 36 and 52: mean 44 ns; p99 by nearest rank = the 2nd of 2 = 52 ns.
    EXPECT_DOUBLE_EQ(s.avgReadLatencyNs(), 44.0);
    EXPECT_DOUBLE_EQ(s.p99ReadLatencyNs(), 52.0);
    // Energy: 2 ACT x 100 + 2 RD x 10 = 220. Bank open [0, 100) and
    // [116, 152): 136 ns x 2 mW = 272; closed [100, 116): 16 ns x 1 mW = 16.
    EXPECT_DOUBLE_EQ(s.commandEnergyPj(), 220.0);
    EXPECT_EQ(s.active_rank_cycles, 136u);
    EXPECT_EQ(s.total_rank_cycles, 152u);
    EXPECT_DOUBLE_EQ(s.background_energy_pj, 288.0);
    EXPECT_DOUBLE_EQ(s.totalEnergyPj(), 508.0);
    // 128 B over [0, 152) ns.
    EXPECT_DOUBLE_EQ(s.bandwidthGBps(), 128.0 / 152.0);
}

TEST(DramStats, ClosedPageWriteAndBackground) {
    DramParams p = tiny();
    p.page_policy = PagePolicy::Closed;
    DramController d(p);
    d.enqueue({rowAddr(d, 1), true, 0, 0});
    d.drainAll(nullptr);
    const DramStats s = d.stats();
    // ACT 0, WRA 16, data done 16 + CWL + BL/2 = 32. The bank closes at
    // WR + CWL + BL/2 + tWR = 50, after the window [0, 32): all of it active.
    EXPECT_EQ(s.windowCycles(), 32);
    EXPECT_EQ(s.auto_precharges, 1u);
    EXPECT_EQ(s.bytes_written, 64u);
    EXPECT_DOUBLE_EQ(s.avgWriteLatencyNs(), 32.0);
    // 100 + 20 + 32 ns x 2 mW = 184 pJ.
    EXPECT_DOUBLE_EQ(s.totalEnergyPj(), 184.0);
}

TEST(DramStats, RefreshEnergyAndRefreshCountsAsActive) {
    DramController d(tiny(true));
    d.enqueue({rowAddr(d, 1), false, 9360, 0});
    d.drainAll(nullptr);
    const DramStats s = d.stats();
    // REF 9360, ACT 9780, RD 9796, done 9816. Commands: 1000 + 100 + 10.
    // Background over [0, 9816): refreshing [9360, 9780) and open
    // [9780, 9816) = 456 ns at 2 mW = 912; the other 9360 ns at 1 mW = 9360.
    EXPECT_EQ(s.ref_cmds, 1u);
    EXPECT_DOUBLE_EQ(s.commandEnergyPj(), 1110.0);
    EXPECT_EQ(s.active_rank_cycles, 456u);
    EXPECT_DOUBLE_EQ(s.background_energy_pj, 912.0 + 9360.0);
    EXPECT_DOUBLE_EQ(s.totalEnergyPj(), 11382.0);
    // The bandwidth window starts at the first arrival.
    EXPECT_EQ(s.windowCycles(), 9816 - 9360);
}

TEST(DramStats, BackgroundUpToALaterEnd) {
    DramController d(tiny());
    d.enqueue({rowAddr(d, 5), false, 0, 0});
    d.drainAll(nullptr);
    // Up to cycle 100 instead of 36: the row stays open, 100 ns x 2 mW.
    const DramStats s = d.stats(100);
    EXPECT_DOUBLE_EQ(s.background_energy_pj, 200.0);
    EXPECT_EQ(s.windowCycles(), 36);  // the bandwidth window is unchanged
    EXPECT_DOUBLE_EQ(d.stats(10).background_energy_pj, 72.0);  // never before the last burst
}

TEST(DramStats, JsonNamesCarryUnits) {
    DramController d(tiny());
    d.enqueue({0, false, 0, 0});
    d.drainAll(nullptr);
    const nlohmann::json j = d.stats().toJson();
    EXPECT_EQ(j.at("cycles"), 36);
    EXPECT_DOUBLE_EQ(j.at("ns").get<double>(), 36.0);
    EXPECT_EQ(j.at("bytes_read"), 64);
    EXPECT_DOUBLE_EQ(j.at("avg_read_latency_ns").get<double>(), 36.0);
    EXPECT_DOUBLE_EQ(j.at("energy_pj").at("total").get<double>(), 182.0);
    EXPECT_EQ(j.at("commands").at("act"), 1);
    EXPECT_EQ(j.at("row_misses"), 1);
    EXPECT_TRUE(j.contains("bandwidth_gbytes_per_s"));
    EXPECT_TRUE(j.contains("p99_read_latency_ns"));
}

TEST(LatencyHistogram, ExactBelow128) {
    LatencyHistogram h;
    for (uint64_t v : {5, 7, 7, 127, 64}) h.add(v);
    EXPECT_EQ(h.count(), 5u);
    EXPECT_EQ(h.min(), 5u);
    EXPECT_EQ(h.max(), 127u);
    EXPECT_DOUBLE_EQ(h.mean(), (5 + 7 + 7 + 127 + 64) / 5.0);
    EXPECT_EQ(h.percentile(0.5), 7u);    // 3rd of 5
    EXPECT_EQ(h.percentile(0.8), 64u);   // 4th of 5
    EXPECT_EQ(h.percentile(1.0), 127u);
}

TEST(LatencyHistogram, LogLinearBucketsAreWithinOneSixtyFourth) {
    LatencyHistogram h;
    for (uint64_t v = 1; v <= 1000; ++v) h.add(v);
    // Nearest rank 990; 990 lies in [984, 991] (512..1023 split in 64 buckets of 8).
    EXPECT_EQ(h.percentile(0.99), 991u);
    EXPECT_EQ(h.percentile(1.0), 1000u);  // capped at the largest sample
    for (uint64_t v : {200ull, 5000ull, 123456789ull, 1ull << 40}) {
        const uint64_t ub = LatencyHistogram::upperBound(LatencyHistogram::indexOf(v));
        EXPECT_GE(ub, v);
        EXPECT_LE(double(ub - v), double(v) / 64.0);
    }
}

TEST(LatencyHistogram, MemoryIsBounded) {
    LatencyHistogram h;
    for (int i = 0; i < 200000; ++i) h.add(uint64_t(i) * 7919u * 104729u);
    EXPECT_LT(LatencyHistogram::indexOf(~uint64_t(0)), 4000u);
    EXPECT_EQ(h.count(), 200000u);
    LatencyHistogram g;
    g.add(3);
    g.merge(h);
    EXPECT_EQ(g.count(), 200001u);
    EXPECT_EQ(g.min(), 0u);
}

}  // namespace
}  // namespace hcm
