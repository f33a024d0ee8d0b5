#include "channel_engine.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace hcm {

namespace {

inline int64_t max2(int64_t a, int64_t b) { return a > b ? a : b; }

// Far enough in the past that "oldest ACT + tFAW" never constrains.
constexpr int64_t kLongAgo = -(int64_t(1) << 40);

}  // namespace

ChannelEngine::ChannelEngine(const DramParams& p, int channel, DramStats* stats)
    : channel_(channel), depth_(p.queue_depth), stats_(stats) {
    const DramTiming& t = p.timing;
    const DramOrganization& o = p.org;
    tRCD_ = t.tRCD;
    tRCDWR_ = t.rcdWrite();
    tRP_ = t.tRP;
    tRAS_ = t.tRAS;
    tRC_ = t.tRC;
    tCCD_L_ = t.tCCD_L;
    tRRD_S_ = t.tRRD_S;
    tRRD_L_ = t.tRRD_L;
    tFAW_ = t.tFAW;
    tRTP_ = t.tRTP;
    tRFC_ = t.tRFC;
    tREFI_ = t.tREFI;
    burst_ = t.burstCycles(o);
    ccdS_ = std::max(t.tCCD_S, burst_);         // the data bus is busy BL/2 clocks
    rdToWr_ = t.readToWrite(o);
    wrToRdS_ = t.CWL + burst_ + t.tWTR_S;       // tWTR counts from the end of write data
    wrToRdL_ = t.CWL + burst_ + t.tWTR_L;
    wrToPre_ = t.CWL + burst_ + t.tWR;          // tWR counts from the end of write data
    rdLatency_ = t.CL + burst_;
    wrLatency_ = t.CWL + burst_;
    // Other rank on the same data bus: only the bus and the switch bubble.
    sibRdRd_ = burst_ + t.tRTRS;
    sibWrWr_ = burst_ + t.tRTRS;
    sibRdWr_ = std::max(1, t.CL + burst_ + t.tRTRS - t.CWL);
    sibWrRd_ = std::max(1, t.CWL + burst_ + t.tRTRS - t.CL);
    burstBytes_ = o.burstBytes();
    banksPerRank_ = o.banks();
    banksPerGroup_ = o.banks_per_group;
    bankgroups_ = o.bankgroups;
    refresh_ = p.refresh;
    closedPage_ = p.page_policy == PagePolicy::Closed;

    slots_.resize(size_t(depth_));
    freeSlots_.reserve(size_t(depth_));
    for (int i = depth_ - 1; i >= 0; --i) freeSlots_.push_back(i);
    ranks_.resize(size_t(o.ranks));
    for (auto& r : ranks_) {
        std::fill(std::begin(r.faw), std::end(r.faw), kLongAgo);
        r.refreshDue = tREFI_ - p.refresh_phase_cycles;  // first refresh one interval after power-up, less the phase
    }
    groups_.resize(size_t(o.ranks * o.bankgroups));
    banks_.resize(size_t(o.ranks * banksPerRank_));
    for (int r = 0; r < o.ranks; ++r)
        for (int g = 0; g < o.bankgroups; ++g)
            for (int b = 0; b < banksPerGroup_; ++b) {
                Bank& k = banks_[size_t(r * banksPerRank_ + g * banksPerGroup_ + b)];
                k.rank = r;
                k.group = r * o.bankgroups + g;
                k.bankgroup = g;
                k.bank = b;
            }
    active_.reserve(banks_.size());
    dirtyBanks_.reserve(banks_.size());
    floors_.assign(groups_.size() * 3 + 1, 0);
    due_.assign(ranks_.size(), kDramNever);
    for (int r = 0; r < o.ranks; ++r) {
        if (refresh_) due_[size_t(r)] = ranks_[size_t(r)].refreshDue;
        updateFloors(r);
    }
}

// ---------------------------------------------------------------- queueing

int64_t ChannelEngine::enqueue(const DramRequest& r, const DramAddress& a) {
    if (!hasSpace()) throw std::logic_error("ChannelEngine::enqueue: queue full");
    Pending p{r, a};
    p.req.arrival_cycle = max2(r.arrival_cycle, now_);
    if (p.req.arrival_cycle == now_ && incoming_.empty()) {
        // Every later decision is at or after now_: visible immediately.
        if (queued_ == 0) {
            catchUpRefresh(p.req.arrival_cycle);
            cacheValid_ = false;
        }
        admit(p);
    } else {
        // Keep incoming_ sorted by arrival (stable for equal arrivals).
        cacheValid_ = false;
        auto it = incoming_.end();
        while (it != incoming_.begin() && std::prev(it)->req.arrival_cycle > p.req.arrival_cycle) --it;
        incoming_.insert(it, p);
    }
    return p.req.arrival_cycle;
}

void ChannelEngine::admit(const Pending& p) {
    const int s = freeSlots_.back();
    freeSlots_.pop_back();
    Slot& q = slots_[size_t(s)];
    q.addr = p.req.addr;
    q.tag = p.req.tag;
    q.arrival = p.req.arrival_cycle;
    q.isWrite = p.req.is_write;
    q.row = p.addr.row;
    q.seq = nextSeq_++;
    q.outcome = RowOutcome::None;
    q.bank = p.addr.rank * banksPerRank_ + p.addr.bankgroup * banksPerGroup_ + p.addr.bank;
    Bank& k = banks_[size_t(q.bank)];
    q.prev = k.tail;
    q.next = -1;
    if (k.tail >= 0) {
        slots_[size_t(k.tail)].next = s;
    } else {
        k.head = s;
    }
    k.tail = s;
    ++queued_;
    if (stats_->first_arrival_cycle < 0 || q.arrival < stats_->first_arrival_cycle)
        stats_->first_arrival_cycle = q.arrival;
    bool changed = false;
    if (k.activePos < 0) {
        k.activePos = int(active_.size());
        Candidate c;
        c.bank = q.bank;
        c.rank = k.rank;
        active_.push_back(c);
        evalBank(k);
        changed = true;
    } else if (!k.dirty && k.cmd == DramCommand::PRE && q.row == k.openRow) {
        evalBank(k);  // a hit now exists: serve it instead of closing the row
        changed = true;
    }
    // Keep a valid cached choice valid: only this bank's candidate changed,
    // and a new candidate can only win over the cached one.
    if (!cacheValid_ || !changed) return;
    if (!cache_.refresh && cache_.bank == q.bank) {
        cacheValid_ = false;
        return;
    }
    const Candidate& c = active_[size_t(k.activePos)];
    const int64_t t = candidateTime(c);
    if (t < due_[size_t(c.rank)] && better(t, c.key, cache_)) {
        cache_.t = t;
        cache_.refresh = false;
        cache_.bank = c.bank;
        cache_.rank = c.rank;
        cache_.cmd = k.cmd;
        cache_.key = c.key;
    }
}

void ChannelEngine::unlink(Bank& k, int s) {
    Slot& q = slots_[size_t(s)];
    if (q.prev >= 0) {
        slots_[size_t(q.prev)].next = q.next;
    } else {
        k.head = q.next;
    }
    if (q.next >= 0) {
        slots_[size_t(q.next)].prev = q.prev;
    } else {
        k.tail = q.prev;
    }
    freeSlots_.push_back(s);
    --queued_;
    if (k.head < 0) {
        // Swap-remove from the active list.
        const int pos = k.activePos;
        active_[size_t(pos)] = active_.back();
        banks_[size_t(active_[size_t(pos)].bank)].activePos = pos;
        active_.pop_back();
        k.activePos = -1;
        k.dirty = false;
    }
}

// ---------------------------------------------------------------- scheduling

void ChannelEngine::evalBank(Bank& k) {
    k.dirty = false;
    Candidate& c = active_[size_t(k.activePos)];
    constexpr uint64_t kNotHit = uint64_t(1) << 63;
    if (k.openRow >= 0) {
        for (int s = k.head; s >= 0; s = slots_[size_t(s)].next) {
            const Slot& q = slots_[size_t(s)];
            if (q.row == k.openRow) {
                k.cmd = q.isWrite ? DramCommand::WR : DramCommand::RD;
                k.slot = s;
                c.bankTime = max2(q.isWrite ? k.nextWr : k.nextRd, q.arrival);
                c.key = q.seq;
                c.floor = k.group * 3 + (q.isWrite ? 2 : 1);
                return;
            }
        }
        const Slot& q = slots_[size_t(k.head)];
        k.cmd = DramCommand::PRE;
        k.slot = k.head;
        c.bankTime = max2(k.nextPre, q.arrival);
        c.key = kNotHit | q.seq;
        c.floor = int(floors_.size()) - 1;
        return;
    }
    const Slot& q = slots_[size_t(k.head)];
    k.cmd = DramCommand::ACT;
    k.slot = k.head;
    c.bankTime = max2(k.nextAct, q.arrival);
    c.key = kNotHit | q.seq;
    c.floor = k.group * 3;
}

void ChannelEngine::markDirty(Bank& k) {
    if (k.activePos < 0 || k.dirty) return;
    k.dirty = true;
    dirtyBanks_.push_back(int(&k - banks_.data()));
}

void ChannelEngine::updateFloors(int rank) {
    const Rank& r = ranks_[size_t(rank)];
    const int64_t fawFloor = r.faw[r.fawIdx] + tFAW_;
    for (int g = rank * bankgroups_; g < (rank + 1) * bankgroups_; ++g) {
        const Group& x = groups_[size_t(g)];
        int64_t* f = &floors_[size_t(g) * 3];
        f[0] = max2(max2(x.nextAct, r.nextAct), fawFloor);
        f[1] = max2(x.nextRd, r.nextRd);
        f[2] = max2(x.nextWr, r.nextWr);
    }
}

int64_t ChannelEngine::candidateTime(const Candidate& c) const {
    return max2(max2(c.bankTime, floors_[size_t(c.floor)]), cmdBusFree_);
}

bool ChannelEngine::better(int64_t t, uint64_t key, const Choice& best) const {
    if (t != best.t) return t < best.t;
    return !best.refresh && key < best.key;  // refresh wins ties
}

ChannelEngine::Choice ChannelEngine::refreshChoice(int rank) const {
    const Rank& r = ranks_[size_t(rank)];
    Choice c;
    c.refresh = true;
    c.rank = rank;
    int64_t t = max2(r.refreshDue, cmdBusFree_);
    const size_t first = size_t(rank * banksPerRank_);
    if (r.openRows > 0) {
        c.cmd = DramCommand::PREA;
        for (size_t b = first; b < first + size_t(banksPerRank_); ++b)
            if (banks_[b].openRow >= 0) t = max2(t, banks_[b].nextPre);
    } else {
        c.cmd = DramCommand::REF;  // all banks precharged: tRP after PRE, tRC after ACT
        for (size_t b = first; b < first + size_t(banksPerRank_); ++b) t = max2(t, banks_[b].nextAct);
    }
    c.t = t;
    return c;
}

ChannelEngine::Choice ChannelEngine::computeChoice() {
    Choice best;
    if (queued_ == 0) return best;
    for (const int b : dirtyBanks_) {
        Bank& k = banks_[size_t(b)];
        if (k.dirty) evalBank(k);
    }
    dirtyBanks_.clear();
    // The hot loop: the earliest cycle wins, then the priority key; a rank
    // whose refresh is due takes no new command but refresh. Branch-free
    // (the comparisons are data-dependent and would mispredict half the time).
    using u128 = unsigned __int128;
    u128 bestK = ~u128(0);
    size_t chosen = 0;
    const int64_t bus = cmdBusFree_;
    const int64_t* floors = floors_.data();
    const int64_t* due = due_.data();
    const Candidate* cands = active_.data();
    const size_t n = active_.size();
    for (size_t i = 0; i < n; ++i) {
        const Candidate& c = cands[i];
        const int64_t t = max2(max2(c.bankTime, floors[c.floor]), bus);
        const u128 k = (u128(uint64_t(t)) << 64) | c.key;
        const bool take = (t < due[c.rank]) & (k < bestK);
        bestK = take ? k : bestK;
        chosen = take ? i : chosen;
    }
    if (bestK != ~u128(0)) {
        const Candidate& c = cands[chosen];
        best.t = int64_t(uint64_t(bestK >> 64));
        best.key = c.key;
        best.bank = c.bank;
        best.rank = c.rank;
        best.cmd = banks_[size_t(c.bank)].cmd;
    }
    if (refresh_) {
        for (int r = 0; r < int(ranks_.size()); ++r) {
            if (ranks_[size_t(r)].refreshDue > best.t) continue;
            const Choice c = refreshChoice(r);
            if (c.t <= best.t) best = c;  // refresh wins ties
        }
    }
    return best;
}

int64_t ChannelEngine::computeNext() {
    for (;;) {
        Choice c = computeChoice();
        if (!incoming_.empty() && incoming_.front().req.arrival_cycle <= c.t) {
            // The request has arrived by the time of the next decision.
            if (queued_ == 0) catchUpRefresh(incoming_.front().req.arrival_cycle);
            admit(incoming_.front());
            incoming_.pop_front();
            continue;
        }
        cache_ = c;
        cacheValid_ = true;
        return c.t;
    }
}

bool ChannelEngine::issueNext(DramCompletion* done) {
    const int64_t t = nextCommandCycle();
    if (t >= kDramNever) return false;
    const Choice c = cache_;
    cacheValid_ = false;
    now_ = t;
    cmdBusFree_ = t + 1;
    if (c.refresh) {
        doRefresh(c.rank, c.cmd, t);
        return false;
    }
    switch (c.cmd) {
        case DramCommand::ACT: doAct(c.bank, t); return false;
        case DramCommand::PRE: doPre(c.bank, t); return false;
        default: doColumn(c.bank, t, done); return true;
    }
}

// ---------------------------------------------------------------- commands

void ChannelEngine::doAct(int b, int64_t t) {
    Bank& k = banks_[size_t(b)];
    Slot& q = slots_[size_t(k.slot)];
    Rank& r = ranks_[size_t(k.rank)];
    Group& g = groups_[size_t(k.group)];
    k.openRow = q.row;
    k.nextRd = max2(k.nextRd, t + tRCD_);
    k.nextWr = max2(k.nextWr, t + tRCDWR_);
    k.nextPre = max2(k.nextPre, t + tRAS_);
    k.nextAct = max2(k.nextAct, t + tRC_);
    g.nextAct = max2(g.nextAct, t + tRRD_L_);
    r.nextAct = max2(r.nextAct, t + tRRD_S_);
    r.faw[r.fawIdx] = t;
    r.fawIdx = (r.fawIdx + 1) & 3;
    ++r.openRows;
    acctOpen(r, t);
    updateFloors(k.rank);
    if (q.outcome == RowOutcome::None) q.outcome = RowOutcome::Miss;
    ++stats_->act_cmds;
    markDirty(k);
    if (log_) log(t, DramCommand::ACT, k.rank, k.bankgroup, k.bank, k.openRow);
}

void ChannelEngine::doPre(int b, int64_t t) {
    Bank& k = banks_[size_t(b)];
    Slot& q = slots_[size_t(k.slot)];
    Rank& r = ranks_[size_t(k.rank)];
    if (log_) log(t, DramCommand::PRE, k.rank, k.bankgroup, k.bank, k.openRow);
    k.openRow = -1;
    k.nextAct = max2(k.nextAct, t + tRP_);
    --r.openRows;
    acctClose(r, t);
    if (q.outcome == RowOutcome::None) q.outcome = RowOutcome::Conflict;
    ++stats_->pre_cmds;
    markDirty(k);
}

bool ChannelEngine::bankHasHit(const Bank& k) const {
    for (int s = k.head; s >= 0; s = slots_[size_t(s)].next)
        if (slots_[size_t(s)].row == k.openRow) return true;
    return false;
}

void ChannelEngine::doColumn(int b, int64_t t, DramCompletion* done) {
    Bank& k = banks_[size_t(b)];
    const int s = k.slot;
    Slot& q = slots_[size_t(s)];
    Rank& r = ranks_[size_t(k.rank)];
    Group& g = groups_[size_t(k.group)];
    int64_t completion;
    if (!q.isWrite) {
        r.nextRd = max2(r.nextRd, t + ccdS_);
        g.nextRd = max2(g.nextRd, t + tCCD_L_);
        r.nextWr = max2(r.nextWr, t + rdToWr_);
        k.nextPre = max2(k.nextPre, t + tRTP_);
        completion = t + rdLatency_;
    } else {
        r.nextWr = max2(r.nextWr, t + ccdS_);
        g.nextWr = max2(g.nextWr, t + tCCD_L_);
        r.nextRd = max2(r.nextRd, t + wrToRdS_);
        g.nextRd = max2(g.nextRd, t + wrToRdL_);
        k.nextPre = max2(k.nextPre, t + wrToPre_);
        completion = t + wrLatency_;
    }
    if (ranks_.size() > 1) {
        for (size_t o = 0; o < ranks_.size(); ++o) {
            if (int(o) == k.rank) continue;
            Rank& x = ranks_[o];
            if (!q.isWrite) {
                x.nextRd = max2(x.nextRd, t + sibRdRd_);
                x.nextWr = max2(x.nextWr, t + sibRdWr_);
            } else {
                x.nextWr = max2(x.nextWr, t + sibWrWr_);
                x.nextRd = max2(x.nextRd, t + sibWrRd_);
            }
            updateFloors(int(o));
        }
    }
    updateFloors(k.rank);
    const RowOutcome outcome = q.outcome == RowOutcome::None ? RowOutcome::Hit : q.outcome;
    const int64_t latency = completion - q.arrival;
    DramStats& st = *stats_;
    switch (outcome) {
        case RowOutcome::Hit: ++st.row_hits; break;
        case RowOutcome::Miss: ++st.row_misses; break;
        default: ++st.row_conflicts; break;
    }
    if (!q.isWrite) {
        ++st.read_requests;
        ++st.rd_cmds;
        st.bytes_read += uint64_t(burstBytes_);
        st.read_latency_cycles.add(uint64_t(latency));
    } else {
        ++st.write_requests;
        ++st.wr_cmds;
        st.bytes_written += uint64_t(burstBytes_);
        st.write_latency_sum_cycles += uint64_t(latency);
    }
    if (completion > lastCompletion_) lastCompletion_ = completion;
    if (completion > st.last_completion_cycle) st.last_completion_cycle = completion;
    if (done) {
        done->tag = q.tag;
        done->addr = q.addr;
        done->is_write = q.isWrite;
        done->channel = channel_;
        done->arrival_cycle = q.arrival;
        done->issue_cycle = t;
        done->completion_cycle = completion;
        done->outcome = outcome;
    }
    const bool isWrite = q.isWrite;
    unlink(k, s);
    markDirty(k);
    bool autoPrecharge = false;
    if (closedPage_ && !bankHasHit(k)) {
        // RDA/WRA: the bank precharges itself as soon as tRTP/tWR and tRAS allow.
        autoPrecharge = true;
        const int64_t closeAt = k.nextPre;
        k.nextAct = max2(k.nextAct, closeAt + tRP_);
        --r.openRows;
        r.pendingCloses.push_back(closeAt);
        ++st.auto_precharges;
    }
    if (log_) {
        const DramCommand c = isWrite ? (autoPrecharge ? DramCommand::WRA : DramCommand::WR)
                                      : (autoPrecharge ? DramCommand::RDA : DramCommand::RD);
        log(t, c, k.rank, k.bankgroup, k.bank, k.openRow);
    }
    if (autoPrecharge) k.openRow = -1;
}

void ChannelEngine::doRefresh(int rank, DramCommand cmd, int64_t t) {
    Rank& r = ranks_[size_t(rank)];
    const size_t first = size_t(rank * banksPerRank_);
    if (cmd == DramCommand::PREA) {
        for (size_t b = first; b < first + size_t(banksPerRank_); ++b) {
            Bank& k = banks_[b];
            if (k.openRow < 0) continue;
            k.openRow = -1;
            k.nextAct = max2(k.nextAct, t + tRP_);
            acctClose(r, t);
            markDirty(k);
        }
        r.openRows = 0;
        ++stats_->prea_cmds;
    } else {
        for (size_t b = first; b < first + size_t(banksPerRank_); ++b) {
            Bank& k = banks_[b];
            k.nextAct = max2(k.nextAct, t + tRFC_);
            markDirty(k);
        }
        r.refreshDue += tREFI_;
        due_[size_t(rank)] = r.refreshDue;
        acctOpen(r, t);  // a refreshing rank draws at least active-standby current
        r.pendingCloses.push_back(t + tRFC_);
        ++stats_->ref_cmds;
    }
    if (log_) log(t, cmd, rank, -1, -1, -1);
}

bool ChannelEngine::rankQuiet(int rank) {
    Rank& r = ranks_[size_t(rank)];
    const int64_t due = r.refreshDue;
    if (r.openRows > 0 || cmdBusFree_ > due) return false;
    for (int64_t c : r.pendingCloses)
        if (c > due) return false;
    const size_t first = size_t(rank * banksPerRank_);
    for (size_t b = first; b < first + size_t(banksPerRank_); ++b)
        if (banks_[b].nextAct > due) return false;
    acctFlush(r, due);
    return r.acctOpen == 0;
}

void ChannelEngine::catchUpRefresh(int64_t until) {
    if (!refresh_) return;
    cacheValid_ = false;
    for (;;) {
        int rank = 0;
        for (int i = 1; i < int(ranks_.size()); ++i)
            if (ranks_[size_t(i)].refreshDue < ranks_[size_t(rank)].refreshDue) rank = i;
        Rank& r = ranks_[size_t(rank)];
        if (r.refreshDue > until) return;
        if (until - r.refreshDue >= tREFI_ && rankQuiet(rank)) {
            // An idle rank refreshes exactly on time and is idle again before
            // the next due cycle (tRFC < tREFI): count all but the last at once.
            const int64_t skip = (until - r.refreshDue) / tREFI_;
            r.refreshDue += skip * tREFI_;
            due_[size_t(rank)] = r.refreshDue;
            r.acctActive += uint64_t(skip) * uint64_t(tRFC_);
            stats_->ref_cmds += uint64_t(skip);
        }
        const Choice c = refreshChoice(rank);
        now_ = c.t;
        cmdBusFree_ = c.t + 1;
        doRefresh(rank, c.cmd, c.t);
    }
}

// ---------------------------------------------------------------- accounting

void ChannelEngine::acctFlush(Rank& r, int64_t t) {
    while (!r.pendingCloses.empty()) {
        size_t mi = 0;
        for (size_t i = 1; i < r.pendingCloses.size(); ++i)
            if (r.pendingCloses[i] < r.pendingCloses[mi]) mi = i;
        const int64_t c = r.pendingCloses[mi];
        if (c > t) return;
        r.pendingCloses[mi] = r.pendingCloses.back();
        r.pendingCloses.pop_back();
        if (--r.acctOpen == 0) r.acctActive += uint64_t(c - r.acctSince);
    }
}

void ChannelEngine::acctOpen(Rank& r, int64_t t) {
    acctFlush(r, t);
    if (r.acctOpen++ == 0) r.acctSince = t;
}

void ChannelEngine::acctClose(Rank& r, int64_t t) {
    acctFlush(r, t);
    if (--r.acctOpen == 0) r.acctActive += uint64_t(t - r.acctSince);
}

uint64_t ChannelEngine::activeRankCycles(int64_t end) const {
    uint64_t total = 0;
    for (const Rank& r0 : ranks_) {
        std::vector<int64_t> pending = r0.pendingCloses;
        std::sort(pending.begin(), pending.end());
        int open = r0.acctOpen;
        int64_t since = r0.acctSince;
        uint64_t active = r0.acctActive;
        for (int64_t c : pending) {
            if (c > end) break;
            if (--open == 0) active += uint64_t(c - since);
        }
        if (open > 0 && end > since) active += uint64_t(end - since);
        total += active;
    }
    return total;
}

void ChannelEngine::log(int64_t t, DramCommand c, int rank, int bankgroup, int bank, int64_t row) {
    DramCommandRecord rec;
    rec.cycle = t;
    rec.cmd = c;
    rec.channel = channel_;
    rec.rank = rank;
    rec.bankgroup = bankgroup;
    rec.bank = bank;
    rec.row = row;
    log_->push_back(rec);
}

}  // namespace hcm
