// Streaming, random and row-conflicting access patterns: the bandwidth a
// cycle-accurate DRAM simulator (Ramulator/DRAMSys with FR-FCFS, open page)
// gives, derived by hand from the JEDEC parameters. Requests are 64-byte
// reads issued in order as fast as the queue (32 entries) accepts them.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "hw/dram/dram_controller.hpp"
#include "hw/dram/dram_presets.hpp"

namespace hcm {
namespace {

// In-order front end: each request arrives when the queue has room for it.
DramStats replay(const DramParams& p, const std::vector<uint64_t>& addrs, bool isWrite = false) {
    DramController d(p);
    int64_t t = 0;
    uint64_t tag = 0;
    const uint64_t burst = uint64_t(p.org.burstBytes());
    for (uint64_t line : addrs) {
        for (uint64_t a = line; a < line + 64; a += burst) {
            d.waitForSpace(a, nullptr);
            t = d.enqueue({a, isWrite, t, tag++});
        }
    }
    d.drainAll(nullptr);
    return d.stats();
}

std::vector<uint64_t> stream(uint64_t lines) {
    std::vector<uint64_t> v;
    for (uint64_t i = 0; i < lines; ++i) v.push_back(i * 64);
    return v;
}

DramParams ddr4(bool refresh) {
    DramParams p = dramPreset("ddr4_2400");
    p.refresh = refresh;
    return p;
}

// DDR4-2400, RoBaRaCoCh: consecutive lines stay in one row (128 lines = 8 KiB)
// of one bank, so reads are tCCD_L = 6 apart although a burst takes BL/2 = 4.
// At the end of a row the stream moves to the next Ba value, which is in
// another bank group (Ba's low bits are the bank group).
//
// In-order service (queue depth 1, so nothing can be reordered): request n+1
// arrives with RD(n). Within a row RD(n+1) = RD(n) + tCCD_L. The next row's
// bank is closed: its ACT issues the cycle after the last RD of the row and
// its first RD tRCD = 16 later, a gap of 17. So RD(128 r + k) =
// 16 + 779 r + 6 k (779 = 127 x 6 + 17), and 16 rows end at
// 16 + 779 x 15 + 762 + CL + BL/2 = 12483 cycles: 8192 data cycles / 12483 =
// 0.656 of peak, i.e. 4/6 minus the row switches.
TEST(DramBandwidth, InOrderStreamingIsPacedByTccdLong) {
    DramParams p = ddr4(false);
    p.queue_depth = 1;
    const DramStats s = replay(p, stream(16 * 128));
    EXPECT_EQ(s.windowCycles(), 12483);
    EXPECT_EQ(s.row_hits, 2048u - 16u);
    EXPECT_EQ(s.row_misses, 16u);
    EXPECT_NEAR(s.fractionOfPeak(), 8192.0 / 12483, 1e-9);
}

// FR-FCFS with the default 32-entry queue: request n arrives with RD(n - 32).
// Row 0 reads at RD(n) = 16 + 6 n. Request 128 (next bank, group 1) arrives
// with RD(96) at 592, its ACT issues at 593, its RD is ready at 609. A's
// RD(99) would be at 610, so B's RD(128) goes first at 609 (tCCD_S after
// RD(98) at 604 is 608), then the two banks alternate every tCCD_S = 4 (each
// bank's own reads are 8 > tCCD_L apart): A's 29 remaining reads (99..127)
// at 613 + 8 j up to 837, B's 128..156 at 609 + 8 j. B then goes on alone at
// 841 + 6 j. The next boundary repeats the pattern: RD(226) at 1255, one row
// (128 reads) after RD(98) at 604: 651 cycles per row, 512 / 651 = 0.786 of
// peak. This is what any ready-first FR-FCFS controller (Ramulator 2's
// FRFCFS) does; a cycle-accurate simulator gives the same interleaving.
// 16 rows: RD(1920 + 98) at 604 + 651 x 15 = 10369; the last row's other 29
// reads follow at tCCD_L: RD(2047) = 10369 + 29 x 6 = 10543, done 10563.
TEST(DramBandwidth, FrFcfsStreamingOverlapsRowSwitchesAcrossBankGroups) {
    const DramStats s = replay(ddr4(false), stream(16 * 128));
    EXPECT_EQ(s.windowCycles(), 10563);
    EXPECT_EQ(s.row_hits, 2048u - 16u);
    EXPECT_NEAR(s.fractionOfPeak(), 8192.0 / 10563, 1e-9);
}

// Once all 16 banks have been used (after 16 rows = 128 KiB) the next row's
// bank still has its old row open: request 128 r arrives with RD(128 r - 32)
// at X, PRE at X + 1, ACT at X + 17 (tRP), RD ready at X + 33, issued at
// X + 34 (tCCD_S after A's read at X + 30). A's 26 remaining reads and B's
// first 26 alternate every 4 cycles up to X + 238; B continues alone from
// X + 242, and its RD(96) comes at X + 242 + 6 x 70 = X + 662: 662 cycles per
// row, 512 / 662 = 0.773 of peak. For 128 rows: 15 row switches into closed
// banks (651) and 112 into open ones (662): RD(127 x 128 + 98) at
// 604 + 15 x 651 + 112 x 662 = 84513, the last 29 reads 6 apart, done
// 84513 + 174 + 20 = 84707.
TEST(DramBandwidth, FrFcfsStreamingOverOpenRowsPaysPrechargeAtRowSwitches) {
    const DramStats s = replay(ddr4(false), stream(128 * 128));
    EXPECT_EQ(s.windowCycles(), 84707);
    EXPECT_EQ(s.row_conflicts, 112u);
    EXPECT_NEAR(s.fractionOfPeak(), 65536.0 / 84707, 1e-9);
}

TEST(DramBandwidth, StreamingWithRefreshLosesTheRefreshWindow) {
    // Each refresh: PREA tRTP = 9 after the last read, REF tRP = 16 later,
    // ACT tRFC = 420 later, first read tRCD = 16 later: the stream stops for
    // 9 + 16 + 420 + 16 - 6 = 455 cycles every tREFI = 9360 (asserted exactly
    // in test_dram_controller). Streaming share: (9360 - 455) / 9360 = 0.9514.
    // A refresh also closes every bank, and 9360 cycles is only ~14 rows, so
    // row switches go into closed banks (651 cycles per row, not 662):
    // bandwidth = 512 / 651 (= 0.7865) x 0.9514 = 0.748 of peak = 14.37 GB/s.
    // (In-order service: 0.656 x 0.9514 = 0.624, 11.98 GB/s.)
    const DramStats s = replay(ddr4(true), stream(16 * 128 * 8));  // 1 MiB, ~88k cycles, 9 refreshes
    EXPECT_NEAR(s.fractionOfPeak(), 0.748, 0.006);
    EXPECT_NEAR(s.bandwidthGBps(), 14.37, 0.12);
    EXPECT_EQ(s.ref_cmds, uint64_t(s.last_completion_cycle / 9360));
    DramParams inOrder = ddr4(true);
    inOrder.queue_depth = 1;
    EXPECT_NEAR(replay(inOrder, stream(16 * 128 * 8)).fractionOfPeak(), 0.624, 0.006);
}

TEST(DramBandwidth, RandomReadsAreLimitedByFawAndConflicts) {
    // Random lines over 8 GiB: nearly every read needs PRE + ACT (a row hit
    // has probability 1/65536). Activations are bounded by tFAW: 4 per 26
    // cycles, so at most 4 bursts x 4 cycles per 26 cycles = 0.615 of peak,
    // x 0.951 for refresh (as above) = 0.585.
    // Enough banks are busy: an ACT every 6.5 cycles with tRC = 55 needs
    // 55 / 6.5 = 8.5 banks in flight; 32 queued random requests cover
    // 16 x (1 - (15/16)^32) = 14 banks on average. So FR-FCFS should come
    // within ~10% of the bound: between 0.9 x 0.585 = 0.53 and 0.585.
    std::mt19937_64 rng(12345);
    std::vector<uint64_t> addrs;
    for (int i = 0; i < 20000; ++i) addrs.push_back((rng() % (uint64_t(8) << 30)) & ~uint64_t(63));
    const DramStats s = replay(ddr4(true), addrs);
    // Exact ceiling for this window: no ACT from a PREA until tRP + tRFC =
    // 436 cycles later, at most 4 ACTs per tFAW otherwise, one burst per ACT.
    const double window = double(s.windowCycles());
    const double ceiling = 16.0 / 26.0 * (1.0 - double(s.ref_cmds) * 436.0 / window);
    EXPECT_NEAR(ceiling, 0.588, 0.003);
    EXPECT_LE(s.fractionOfPeak(), ceiling);
    EXPECT_GE(s.fractionOfPeak(), 0.53);
    // One ACT per read, plus a few where a refresh closed a row between a
    // request's ACT and its RD (ACTs of the last ~tRCD before the due cycle,
    // tRRD_S = 4 apart: about 4 per refresh at most).
    EXPECT_GE(s.act_cmds, 20000u);
    EXPECT_LE(s.act_cmds, 20000u + 4 * s.ref_cmds);
    EXPECT_LT(s.row_hits, 10u);
    EXPECT_GT(s.row_conflicts, 19000u);
    const DramStats streaming = replay(ddr4(true), stream(20000));
    EXPECT_LT(s.bandwidthGBps(), streaming.bandwidthGBps());
    EXPECT_GT(s.avgReadLatencyNs(), streaming.avgReadLatencyNs());
}

TEST(DramBandwidth, RowConflictsInOneBankArePacedByTrc) {
    // A different row of one bank each time (no hit to reorder): every read
    // is PRE + ACT + RD, served oldest first. ACT k at
    // 55 k (PRE at ACT + tRAS = 39, ACT tRP = 16 later, = tRC), RD at
    // ACT + 16, done at ACT + 36. N reads end at 55 (N - 1) + 36.
    const DramParams p = ddr4(false);
    DramController probe(p);
    std::vector<uint64_t> addrs;
    for (int i = 0; i < 200; ++i) {
        DramAddress a;
        a.row = i;
        addrs.push_back(probe.mapping().encode(a));
    }
    const DramStats s = replay(p, addrs);
    EXPECT_EQ(s.windowCycles(), 55 * 199 + 36);
    EXPECT_EQ(s.row_conflicts, 199u);
    // 64 B every 55 cycles: 4 / 55 = 7.3% of peak, 1.40 GB/s.
    EXPECT_NEAR(s.fractionOfPeak(), 200.0 * 4 / (55 * 199 + 36), 1e-9);
}

TEST(DramBandwidth, StreamingWritesMatchStreamingReads) {
    // Writes follow the same command pattern as reads (tCCD_S/L, tRRD, tRCD
    // are the same); only the data comes CWL instead of CL after the command:
    // 10563 - (CL - CWL) = 10559.
    const DramStats s = replay(ddr4(false), stream(16 * 128), true);
    EXPECT_EQ(s.windowCycles(), 10563 - 4);
    EXPECT_EQ(s.bytes_written, 16u * 128 * 64);
}

TEST(DramBandwidth, Lpddr4StreamingIsNearPeakMinusRefresh) {
    // LPDDR4-3200, 2 x16 channels, 32-byte bursts: a line is one burst per
    // channel. No bank groups: tCCD = BL/2 = 8, so a stream keeps the bus
    // busy; the next bank's ACT is hidden. Refresh stops a channel for
    // tRTP + tRP + tRFC + tRCD - tCCD = 12 + 29 + 448 + 29 - 8 = 510 cycles
    // every tREFI = 6246: (6246 - 510) / 6246 = 0.918 of 12.8 GB/s = 11.75 GB/s.
    const DramStats s = replay(dramPreset("lpddr4_3200"), stream(40000));
    EXPECT_NEAR(s.fractionOfPeak(), 0.918, 0.01);
}

TEST(DramBandwidth, Hbm2StreamingSaturatesEachPseudoChannel) {
    // HBM2, 16 pseudo-channels of 64 bits, 32-byte bursts (BL4 = 2 cycles),
    // channel bits lowest: each pseudo-channel sees every 16th burst. A row
    // (1 KB) holds only 32 bursts, as many as the queue, so the queue always
    // spans two rows in two bank groups and FR-FCFS alternates them (as in
    // the DDR4 case above): reads tCCD_S = 2 = BL/2 apart, each bank's own
    // reads 4 >= tCCD_L = 3 apart. One ACT per 64 cycles is far inside
    // tRRD/tFAW. The bus is saturated except for refresh: tRTP + tRP + tRFC +
    // tRCD - tCCD_S = 5 + 14 + 260 + 12 - 2 = 289 lost per tREFI = 3900:
    // 0.926 of 256 GB/s = 237 GB/s.
    const DramStats s = replay(dramPreset("hbm2"), stream(200000));
    EXPECT_NEAR(s.fractionOfPeak(), 0.926, 0.01);
}

}  // namespace
}  // namespace hcm
