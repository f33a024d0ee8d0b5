// Hand-worked DDR4-2400 timing cases on the DRAM timing engine.
//
// Every expected cycle below is derived from the JEDEC parameters of the
// ddr4_2400 preset, not from running the model:
//   tRCD = 16, CL = 16, CWL = 12, BL/2 = 4, tRP = 16, tRAS = 39, tRC = 55,
//   tCCD_S/L = 4/6, tRRD_S/L = 4/6, tFAW = 26, tRTP = 9, tWR = 18,
//   tWTR_S/L = 3/9, READ->WRITE = CL + BL/2 + 2 - CWL = 10, tRFC = 420, tREFI = 9360.
// A command may issue in the cycle its request arrives; one command per cycle.
#include <gtest/gtest.h>

#include <vector>

#include "hw/dram/dram_controller.hpp"
#include "hw/dram/dram_presets.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {
namespace {

DramParams ddr4(bool refresh = false) {
    DramParams p = dramPreset("ddr4_2400");
    p.refresh = refresh;
    return p;
}

// Address of (bank group, bank, row, column-burst) in rank 0, channel 0.
uint64_t at(const DramController& d, int bg, int bank, int64_t row, int col = 0, int rank = 0) {
    DramAddress a;
    a.bankgroup = bg;
    a.bank = bank;
    a.row = row;
    a.column = col;
    a.rank = rank;
    return d.mapping().encode(a);
}

struct Trace {
    std::vector<DramCompletion> done;
    std::vector<DramCommandRecord> log;
};

// Enqueues `reqs` (all must fit in the queue) and drains.
void run(DramController& d, Trace& r, const std::vector<DramRequest>& reqs) {
    for (const auto& q : reqs) {
        ASSERT_TRUE(d.canAccept(q.addr));
        d.enqueue(q);
    }
    d.drainAll(&r.done);
}

const DramCompletion& byTag(const Trace& r, uint64_t tag) {
    for (const auto& c : r.done)
        if (c.tag == tag) return c;
    ADD_FAILURE() << "no completion with tag " << tag;
    return r.done.front();
}

int64_t cycleOf(const Trace& r, DramCommand cmd, int nth = 0) {
    for (const auto& c : r.log)
        if (c.cmd == cmd && nth-- == 0) return c.cycle;
    ADD_FAILURE() << "command " << toString(cmd) << " not issued";
    return -1;
}

TEST(DramTiming, ReadToClosedBankTakesRcdPlusClPlusBurst) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 5), false, 0, 1}});
    // ACT at 0, RD at tRCD = 16, last data beat at 16 + CL + BL/2 = 36.
    EXPECT_EQ(cycleOf(r, DramCommand::ACT), 0);
    EXPECT_EQ(cycleOf(r, DramCommand::RD), 16);
    EXPECT_EQ(byTag(r, 1).completion_cycle, 36);
    EXPECT_EQ(byTag(r, 1).outcome, RowOutcome::Miss);
    const DramStats s = d.stats();
    EXPECT_EQ(s.row_misses, 1u);
    EXPECT_EQ(s.read_latency_cycles.max(), 36u);
}

TEST(DramTiming, RowHitTakesClPlusBurst) {
    DramController d(ddr4());
    Trace r;
    run(d, r, {{at(d, 0, 0, 5, 0), false, 0, 1}});
    run(d, r, {{at(d, 0, 0, 5, 1), false, 100, 2}});
    // Row 5 is still open: RD at 100, done at 100 + CL + BL/2 = 120.
    EXPECT_EQ(byTag(r, 2).completion_cycle, 120);
    EXPECT_EQ(byTag(r, 2).completion_cycle - byTag(r, 2).arrival_cycle, 16 + 4);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Hit);
}

TEST(DramTiming, RowConflictTakesRpPlusRcdPlusClPlusBurst) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 5), false, 0, 1}});
    run(d, r, {{at(d, 0, 0, 9), false, 100, 2}});
    // tRAS (0 + 39) and tRTP (16 + 9) long satisfied: PRE 100, ACT 116, RD 132,
    // done 152: latency tRP + tRCD + CL + BL/2 = 52.
    EXPECT_EQ(cycleOf(r, DramCommand::PRE), 100);
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 1), 116);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 152);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Conflict);
}

TEST(DramTiming, RowConflictWaitsForTras) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 5), false, 0, 1}, {at(d, 0, 0, 9), false, 0, 2}});
    // ACT 0, RD 16. PRE no earlier than ACT + tRAS = 39 (RD + tRTP = 25 is
    // earlier); ACT at 39 + tRP = 55 (= tRC after the first ACT too); RD 71; done 91.
    EXPECT_EQ(cycleOf(r, DramCommand::PRE), 39);
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 1), 55);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 91);
}

TEST(DramTiming, RowConflictWaitsForTrtp) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 5), false, 0, 1}});
    run(d, r, {{at(d, 0, 0, 5, 1), false, 35, 2}});  // hit: RD at 35
    run(d, r, {{at(d, 0, 0, 9), false, 36, 3}});
    // PRE no earlier than RD + tRTP = 35 + 9 = 44 (> ACT + tRAS = 39);
    // ACT 60, RD 76, done 96.
    EXPECT_EQ(cycleOf(r, DramCommand::RD, 1), 35);
    EXPECT_EQ(cycleOf(r, DramCommand::PRE), 44);
    EXPECT_EQ(byTag(r, 3).completion_cycle, 96);
}

TEST(DramTiming, FifthActivationWaitsForFaw) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    // Five reads to five banks; Ba values 0..4 alternate bank groups (0,1,2,3,0).
    std::vector<DramRequest> reqs;
    for (int v = 0; v < 5; ++v) reqs.push_back({at(d, v % 4, v / 4, 7), false, 0, uint64_t(v)});
    run(d, r, reqs);
    // ACTs at 0, 4, 8, 12 (tRRD_S = 4). The fifth: tRRD_S from 12 -> 16,
    // tRRD_L from 0 (same group) -> 6, tFAW from the first -> 26. So 26.
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 0), 0);
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 1), 4);
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 2), 8);
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 3), 12);
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 4), 26);
    // RDs at ACT + 16 = 16, 20, 24, 28 (tCCD_S = 4 apart, other groups), the
    // fifth at 26 + 16 = 42; done = RD + 20.
    EXPECT_EQ(byTag(r, 0).completion_cycle, 36);
    EXPECT_EQ(byTag(r, 3).completion_cycle, 48);
    EXPECT_EQ(byTag(r, 4).completion_cycle, 62);
}

TEST(DramTiming, SameBankGroupActivationsWaitForTrrdLong) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 1), false, 0, 1}, {at(d, 0, 1, 1), false, 0, 2}});
    // Same bank group: second ACT at tRRD_L = 6; its RD at 6 + 16 = 22, which
    // is also tCCD_L after the first RD at 16. Done 36 and 42.
    EXPECT_EQ(cycleOf(r, DramCommand::ACT, 1), 6);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 42);
}

TEST(DramTiming, ReadsInOneRowArePacedByTccdLong) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 3, 0), false, 0, 1}, {at(d, 0, 0, 3, 1), false, 0, 2},
               {at(d, 0, 0, 3, 2), false, 0, 3}});
    // RD 16, 22, 28 (tCCD_L = 6 within a bank group), done 36, 42, 48.
    EXPECT_EQ(cycleOf(r, DramCommand::RD, 1), 22);
    EXPECT_EQ(byTag(r, 3).completion_cycle, 48);
}

TEST(DramTiming, ReadsToOtherBankGroupsArePacedByTccdShort) {
    DramController d(ddr4());
    Trace r;
    run(d, r, {{at(d, 0, 0, 3), false, 0, 1}, {at(d, 1, 0, 3), false, 0, 2}});
    run(d, r, {{at(d, 0, 0, 3, 1), false, 100, 3}, {at(d, 1, 0, 3, 1), false, 100, 4}});
    // Both rows open: RD 100 (group 0), RD 104 (group 1, tCCD_S): done 120, 124.
    EXPECT_EQ(byTag(r, 3).completion_cycle, 120);
    EXPECT_EQ(byTag(r, 4).completion_cycle, 124);
}

TEST(DramTiming, WriteToReadTurnaround) {
    DramController d(ddr4());
    Trace r;
    // Open rows in groups 0 and 1: ACT 0 / 4, RD 16 / 20.
    run(d, r, {{at(d, 0, 0, 3), false, 0, 1}, {at(d, 1, 0, 3), false, 0, 2}});
    // Write hit in group 0 at 100 (READ->WRITE 20 + 10 = 30 long past): WR 100,
    // its data ends at 100 + CWL + BL/2 = 116 (the write's completion).
    // Read hit in group 1: RD >= 116 + tWTR_S = 119 -> done 139.
    // Read hit in group 0: RD >= 116 + tWTR_L = 125 -> done 145.
    run(d, r, {{at(d, 0, 0, 3, 1), true, 100, 3}, {at(d, 1, 0, 3, 1), false, 101, 4},
               {at(d, 0, 0, 3, 2), false, 101, 5}});
    EXPECT_EQ(byTag(r, 3).completion_cycle, 116);
    EXPECT_EQ(byTag(r, 4).completion_cycle, 139);
    EXPECT_EQ(byTag(r, 5).completion_cycle, 145);
}

TEST(DramTiming, ReadToWriteTurnaround) {
    DramController d(ddr4());
    Trace r;
    run(d, r, {{at(d, 0, 0, 3, 0), false, 0, 1}, {at(d, 0, 0, 3, 1), true, 0, 2}});
    // RD 16; WR >= 16 + (CL + BL/2 + 2 - CWL = 10) = 26; write data ends
    // 26 + CWL + BL/2 = 42.
    EXPECT_EQ(byTag(r, 1).completion_cycle, 36);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 42);
}

TEST(DramTiming, WriteRecoveryDelaysPrecharge) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 3), true, 0, 1}, {at(d, 0, 0, 4), false, 0, 2}});
    // ACT 0, WR 16; PRE >= 16 + CWL + BL/2 + tWR = 16 + 12 + 4 + 18 = 50
    // (> ACT + tRAS = 39); ACT 66; RD 82; done 102.
    EXPECT_EQ(cycleOf(r, DramCommand::PRE), 50);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 102);
}

TEST(DramTiming, FrFcfsServesYoungerRowHitBeforeOlderConflict) {
    DramController d(ddr4());
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 0), false, 0, 1}});  // row 0 open
    // Older request A to row 1 (conflict), then younger B to row 0 (hit).
    run(d, r, {{at(d, 0, 0, 1), false, 100, 2}, {at(d, 0, 0, 0, 1), false, 100, 3}});
    // B: RD at 100, done 120. A: PRE >= RD_B + tRTP = 109, ACT 125, RD 141, done 161.
    // (FCFS would have served A first: PRE 100 ... done 152, B after it.)
    EXPECT_EQ(byTag(r, 3).completion_cycle, 120);
    EXPECT_EQ(cycleOf(r, DramCommand::PRE), 109);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 161);
    EXPECT_EQ(byTag(r, 3).outcome, RowOutcome::Hit);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Conflict);
}

TEST(DramTiming, FrFcfsIssuesTheRowHitBeforeAnOlderMissInTheSameCycle) {
    DramController d(ddr4());
    Trace r;
    run(d, r, {{at(d, 0, 0, 0), false, 0, 1}});  // bank (0,0) row 0 open
    d.setCommandLog(&r.log);
    // Older A: a closed bank (miss, needs ACT); younger B: a hit. Both can
    // issue at 100: the hit's RD goes first, A's ACT the cycle after.
    run(d, r, {{at(d, 1, 0, 0), false, 100, 2}, {at(d, 0, 0, 0, 1), false, 100, 3}});
    ASSERT_GE(r.log.size(), 2u);
    EXPECT_EQ(r.log[0].cmd, DramCommand::RD);
    EXPECT_EQ(r.log[0].cycle, 100);
    EXPECT_EQ(r.log[1].cmd, DramCommand::ACT);
    EXPECT_EQ(r.log[1].cycle, 101);
    // B done 120; A: ACT 101, RD 117, done 137.
    EXPECT_EQ(byTag(r, 3).completion_cycle, 120);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 137);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Miss);
}

TEST(DramTiming, ArrivalInThePastIsTakenAsNow) {
    DramController d(ddr4());
    Trace r;
    run(d, r, {{at(d, 0, 0, 0), false, 0, 1}, {at(d, 0, 0, 0, 1), false, 0, 2}});
    // The model has issued its last command at 22; a request stamped 5 arrives at 22.
    run(d, r, {{at(d, 0, 0, 0, 2), false, 5, 3}});
    EXPECT_EQ(byTag(r, 3).arrival_cycle, 22);
    EXPECT_EQ(byTag(r, 3).completion_cycle, 22 + 6 + 20);  // tCCD_L after RD at 22, then CL + BL/2
}

TEST(DramTiming, SecondRankIsLimitedOnlyByTheDataBus) {
    DramParams p = ddr4();
    p.org.ranks = 2;
    DramController d(p);
    Trace r;
    run(d, r, {{at(d, 0, 0, 1, 0, 0), false, 0, 1}, {at(d, 0, 0, 1, 0, 1), false, 0, 2}});
    // ACT rank 0 at 0, ACT rank 1 at 1 (command bus; no tRRD across ranks).
    // RD rank 0 at 16; RD rank 1 at max(1 + 16, 16 + BL/2 + tRTRS = 21) = 21.
    EXPECT_EQ(byTag(r, 1).completion_cycle, 36);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 41);
}

TEST(DramRefresh, IdleRankRefreshesOnTimeAndBlocksTrfc) {
    DramController d(ddr4(true));
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 2), false, 9360, 1}});
    // REF at tREFI = 9360 (all banks closed), ACT >= 9360 + tRFC = 9780, RD 9796,
    // done 9816: latency tRFC + tRCD + CL + BL/2 = 456.
    EXPECT_EQ(cycleOf(r, DramCommand::REF), 9360);
    EXPECT_EQ(cycleOf(r, DramCommand::ACT), 9780);
    EXPECT_EQ(byTag(r, 1).completion_cycle, 9816);
}

// The refresh phase moves every refresh: with 9000 cycles of the first interval
// gone at power-up, the first REF is due at 9360 - 9000 = 360.
TEST(DramRefresh, PhaseMovesTheFirstRefresh) {
    DramParams p = ddr4(true);
    p.refresh_phase_cycles = 9000;
    DramController d(p);
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 2), false, 360, 1}});
    EXPECT_EQ(cycleOf(r, DramCommand::REF), 360);
    EXPECT_EQ(byTag(r, 1).completion_cycle, 9816 - 9000);
    p.refresh_phase_cycles = 9360;  // beyond the interval
    EXPECT_THROW(DramController{p}, InputError);
}

TEST(DramRefresh, OpenRowsArePrechargedFirstAndLost) {
    DramController d(ddr4(true));
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 2), false, 0, 1}});          // row 2 open from cycle 0
    run(d, r, {{at(d, 0, 0, 2, 1), false, 9400, 2}});    // would be a hit
    // Due at 9360: PREA 9360, REF at 9360 + tRP = 9376, ACT 9376 + 420 = 9796,
    // RD 9812, done 9832. The row was closed by the refresh: a miss.
    EXPECT_EQ(cycleOf(r, DramCommand::PREA), 9360);
    EXPECT_EQ(cycleOf(r, DramCommand::REF), 9376);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 9832);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Miss);
}

TEST(DramRefresh, RefreshInterruptsAStreamForPrechargeRefreshAndReopen) {
    DramController d(ddr4(true));
    Trace r;
    d.setCommandLog(&r.log);
    std::vector<DramCompletion> done;
    // A stream of row hits in one bank, one request at a time as the queue
    // frees (reads every tCCD_L = 6 cycles: 16, 22, ...).
    int64_t t = 0;
    for (int i = 0; i < 1700; ++i) {
        const uint64_t a = at(d, 0, 0, 0, i % 128) + uint64_t(i / 128) * d.params().org.rowBytes() * 16;
        d.waitForSpace(a, &done);
        t = d.enqueue({a, false, t, uint64_t(i)});
    }
    d.drainAll(&done);
    // Reads are at 16 + 6k (row switches of this bank-0-only stream happen
    // every 128 reads and are conflicts, so look at the first refresh only).
    // Last RD before 9360 at x with x + 6 >= 9360; PREA at x + tRTP; REF at
    // PREA + tRP; next ACT at REF + tRFC; next RD at ACT + tRCD.
    const int64_t prea = cycleOf(r, DramCommand::PREA);
    const int64_t ref = cycleOf(r, DramCommand::REF);
    EXPECT_GE(prea, 9360);
    EXPECT_EQ(ref, prea + 16);
    int64_t lastRdBefore = -1, firstRdAfter = -1;
    for (const auto& c : r.log) {
        if (c.cmd != DramCommand::RD) continue;
        if (c.cycle < prea) lastRdBefore = c.cycle;
        if (c.cycle > ref && firstRdAfter < 0) firstRdAfter = c.cycle;
    }
    EXPECT_EQ(prea, lastRdBefore + 9);
    EXPECT_EQ(firstRdAfter, ref + 420 + 16);
    // The stream loses tRTP + tRP + tRFC + tRCD - tCCD_L = 455 cycles.
    EXPECT_EQ(firstRdAfter - lastRdBefore - 6, 455);
}

TEST(DramRefresh, CountsOneRefreshPerIntervalOverLongRuns) {
    DramController d(ddr4(true));
    Trace r;
    run(d, r, {{at(d, 0, 0, 1), false, 0, 1}});
    run(d, r, {{at(d, 0, 0, 1, 1), false, 100 * 9360 + 5, 2}});
    // Refreshes due at 9360 k for k = 1..100 all happened (99 of them idle).
    EXPECT_EQ(d.stats().ref_cmds, 100u);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Miss);
}

TEST(DramPagePolicy, ClosedPageTurnsRepeatedRowIntoMisses) {
    DramParams p = ddr4();
    p.page_policy = PagePolicy::Closed;
    DramController d(p);
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 5, 0), false, 0, 1}});
    run(d, r, {{at(d, 0, 0, 5, 1), false, 100, 2}});
    // The first read auto-precharges (RDA): the bank is closed at
    // max(RD + tRTP = 25, ACT + tRAS = 39) and may re-activate at 55. The
    // second read to the same row is a miss: ACT 100, RD 116, done 136.
    EXPECT_EQ(r.log[1].cmd, DramCommand::RDA);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 136);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Miss);
    EXPECT_EQ(d.stats().auto_precharges, 2u);
}

TEST(DramPagePolicy, ClosedPageKeepsTheRowForQueuedHits) {
    DramParams p = ddr4();
    p.page_policy = PagePolicy::Closed;
    DramController d(p);
    Trace r;
    d.setCommandLog(&r.log);
    run(d, r, {{at(d, 0, 0, 5, 0), false, 0, 1}, {at(d, 0, 0, 5, 1), false, 0, 2}});
    // RD 16 (a hit is queued: no precharge), RDA 22: two reads, one ACT.
    ASSERT_EQ(r.log.size(), 3u);
    EXPECT_EQ(r.log[1].cmd, DramCommand::RD);
    EXPECT_EQ(r.log[2].cmd, DramCommand::RDA);
    EXPECT_EQ(byTag(r, 2).completion_cycle, 42);
    EXPECT_EQ(byTag(r, 2).outcome, RowOutcome::Hit);
}

TEST(DramController, RejectsInconsistentParameters) {
    DramParams p = ddr4();
    p.timing.tRC = 40;
    EXPECT_THROW(DramController{p}, InputError);
    p = ddr4();
    p.address_mapping = "RoBaXxCoCh";
    EXPECT_THROW(DramController{p}, InputError);
}

TEST(DramController, QueueDepthBoundsAdmission) {
    DramParams p = ddr4();
    p.queue_depth = 2;
    DramController d(p);
    EXPECT_TRUE(d.canAccept(0));
    d.enqueue({0, false, 0, 1});
    d.enqueue({64, false, 0, 2});
    EXPECT_FALSE(d.canAccept(128));
    EXPECT_THROW(d.enqueue({128, false, 0, 3}), std::logic_error);
    std::vector<DramCompletion> done;
    d.waitForSpace(128, &done);
    // The first read left the queue with its RD at 16.
    ASSERT_EQ(done.size(), 1u);
    EXPECT_EQ(done[0].issue_cycle, 16);
    EXPECT_TRUE(d.canAccept(128));
}

}  // namespace
}  // namespace hcm
