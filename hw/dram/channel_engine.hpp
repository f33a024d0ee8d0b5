#pragma once
// Cycle-level timing engine of one DRAM channel (plain C++, no SystemC).
//
// Event-driven over commands, not a loop over cycles: every bank, bank group
// and rank keeps the earliest cycle at which each command type (ACT, PRE, RD,
// WR) may issue, updated when a command issues. To pick the next command, each
// bank with queued requests offers one candidate (the column command of its
// oldest row hit; else PRE when another row is open; else ACT for its oldest
// request); its issue cycle is the max of the bank, bank-group, rank and
// command-bus constraints. The earliest candidate wins; at equal cycles a row
// hit beats a miss and then the oldest request wins. That is exactly what a
// per-cycle first-ready FCFS scheduler (Rixner et al., ISCA 2000; Ramulator's
// FRFCFS) issues, minus the idle cycles. A row with queued hits is not closed
// for an older conflicting request (Ramulator's "prior hit" rule).
//
// Requests are visible to the scheduler from their arrival cycle; a request
// whose arrival is before the channel's current cycle (the last issued
// command) is taken as arriving now (temporal decoupling upstream).
//
// Refresh: all-bank REF per rank every tREFI, on time, with priority over
// requests: from the due cycle no new command for that rank issues until open
// banks are precharged (PREA) and REF issued; ACT waits tRFC after REF.
//
// Page policy: open keeps rows open; closed precharges (RDA/WRA) after a
// column command unless another queued request hits the same row.
#include <deque>
#include <vector>

#include "address_mapping.hpp"
#include "dram_params.hpp"
#include "dram_stats.hpp"
#include "dram_types.hpp"

namespace hcm {

class ChannelEngine {
public:
    ChannelEngine(const DramParams& p, int channel, DramStats* stats);

    int occupancy() const { return queued_ + int(incoming_.size()); }
    bool hasSpace() const { return occupancy() < depth_; }
    bool busy() const { return occupancy() > 0; }
    // Cycle of the last issued command.
    int64_t now() const { return now_; }
    int64_t lastCompletion() const { return lastCompletion_; }

    // Precondition hasSpace(). Returns the effective arrival cycle.
    int64_t enqueue(const DramRequest& r, const DramAddress& a);
    // Cycle of the next command, kDramNever when nothing is queued.
    int64_t nextCommandCycle() { return cacheValid_ ? cache_.t : computeNext(); }
    // Issues the next command; true when it was a column command, whose
    // request then left the queue and is described in *done (if not null).
    bool issueNext(DramCompletion* done);
    // Issues the refreshes due up to `until` (only while nothing is queued).
    void catchUpRefresh(int64_t until);
    // Rank-cycles with some bank open or refreshing, in [0, end).
    uint64_t activeRankCycles(int64_t end) const;

    void setCommandLog(std::vector<DramCommandRecord>* log) { log_ = log; }

private:
    struct Slot {
        uint64_t addr = 0, tag = 0, seq = 0;
        int64_t arrival = 0, row = 0;
        int bank = 0;
        int prev = -1, next = -1;
        bool isWrite = false;
        RowOutcome outcome = RowOutcome::None;
    };
    struct Bank {
        int64_t openRow = -1;
        int64_t nextAct = 0, nextPre = 0, nextRd = 0, nextWr = 0;
        int rank = 0, group = 0;    // group: flat bank-group index in the channel
        int bankgroup = 0, bank = 0;
        int head = -1, tail = -1;
        int activePos = -1;         // index in active_, -1 when no request is queued
        bool dirty = false;         // active_[activePos] must be recomputed
        // Cached candidate (the rest is in active_[activePos]).
        DramCommand cmd = DramCommand::ACT;
        int slot = -1;
    };
    // The candidate of one bank with queued requests, kept contiguous so the
    // scheduler's scan touches little memory: issue cycle =
    // max(bankTime, floors_[floor], command bus).
    struct Candidate {
        int64_t bankTime = 0;       // bank-local constraints and the request's arrival
        uint64_t key = 0;           // priority at equal cycles: row hits first, then age (seq)
        int floor = 0;              // index into floors_
        int bank = 0;
        int rank = 0;
    };
    struct Group {
        int64_t nextAct = 0, nextRd = 0, nextWr = 0;
    };
    struct Rank {
        int64_t nextAct = 0, nextRd = 0, nextWr = 0;
        int64_t faw[4];             // last four ACT cycles (ring)
        int fawIdx = 0;             // oldest entry
        int64_t refreshDue = 0;
        int openRows = 0;           // banks with a row open (scheduler state)
        // Background-energy accounting: open intervals of banks and REFs.
        int acctOpen = 0;
        int64_t acctSince = 0;
        uint64_t acctActive = 0;
        std::vector<int64_t> pendingCloses;  // future close cycles (auto-precharge, REF end)
    };
    struct Pending {
        DramRequest req;
        DramAddress addr;
    };
    struct Choice {
        int64_t t = kDramNever;
        bool refresh = false;
        int bank = -1, rank = -1;
        DramCommand cmd = DramCommand::ACT;
        uint64_t key = 0;
    };

    void admit(const Pending& p);
    void evalBank(Bank& k);
    void markDirty(Bank& k);
    void updateFloors(int rank);
    int64_t candidateTime(const Candidate& c) const;
    bool better(int64_t t, uint64_t key, const Choice& best) const;
    Choice computeChoice();
    int64_t computeNext();
    Choice refreshChoice(int rank) const;
    bool rankQuiet(int rank);

    void doAct(int b, int64_t t);
    void doPre(int b, int64_t t);
    void doColumn(int b, int64_t t, DramCompletion* done);
    void doRefresh(int rank, DramCommand cmd, int64_t t);
    bool bankHasHit(const Bank& k) const;
    void unlink(Bank& k, int s);
    void log(int64_t t, DramCommand c, int rank, int bankgroup, int bank, int64_t row);

    void acctFlush(Rank& r, int64_t t);
    void acctOpen(Rank& r, int64_t t);
    void acctClose(Rank& r, int64_t t);

    // Timing (cycles), precomputed from DramParams.
    int tRCD_, tRCDWR_, tRP_, tRAS_, tRC_, tCCD_L_, tRRD_S_, tRRD_L_, tFAW_, tRTP_, tRFC_, tREFI_;
    int burst_, ccdS_, rdToWr_, wrToRdS_, wrToRdL_, wrToPre_, rdLatency_, wrLatency_;
    int sibRdRd_, sibRdWr_, sibWrWr_, sibWrRd_;
    int burstBytes_, banksPerRank_, banksPerGroup_, bankgroups_;
    bool refresh_, closedPage_;

    int channel_;
    int depth_;
    DramStats* stats_;
    std::vector<DramCommandRecord>* log_ = nullptr;

    std::vector<Slot> slots_;
    std::vector<int> freeSlots_;
    std::vector<Bank> banks_;
    std::vector<Group> groups_;
    std::vector<Rank> ranks_;
    std::vector<Candidate> active_; // one per bank with queued requests
    std::vector<int> dirtyBanks_;   // banks whose candidate must be recomputed
    // Per bank group: earliest ACT / RD / WR from the rank and bank-group
    // constraints (tRRD, tFAW, tCCD, tWTR, read-to-write, other ranks);
    // the last entry is 0 (PRE has no such constraint).
    std::vector<int64_t> floors_;
    std::vector<int64_t> due_;      // per rank: refresh due cycle, kDramNever without refresh
    std::deque<Pending> incoming_;  // requests whose arrival is still ahead, by arrival
    int queued_ = 0;
    uint64_t nextSeq_ = 0;

    int64_t now_ = 0;
    int64_t cmdBusFree_ = 0;        // one command per clock
    int64_t lastCompletion_ = 0;

    bool cacheValid_ = false;
    Choice cache_;
};

}  // namespace hcm
