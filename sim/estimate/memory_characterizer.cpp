// The measurements behind MemoryCharacterization. Per direction:
//   row-visit patterns (every channel visits the same (bank, row), k bursts
//   each; built with the address mapping, so they mean the same on any
//   mapping):
//     Rotate     consecutive visits rotate bank groups, then banks (a
//                sequential stream's order): per-visit cost for k = 1..12,
//                the interleaved column spacing, the activate interval;
//     SameGroup  consecutive visits in one bank group: the same-group spacing;
//     GroupRuns  a group's banks in turn, then the next group: how many bursts
//                neighbouring visits overlap (interleave window);
//     SameBank   every visit in one bank, row after row: the bank cycle;
//   single bursts: first-access latency of a hit, a miss, a conflict;
//   a reference list (Rotate, 24 visits of 16 bursts) queued behind an unrelated
//   transfer of the same / the other direction and alone on an idle memory:
//   restart, direction switch and fill constants;
//   alternating read and write lists in two regions: the mixed table;
//   a long sequential stream: sustained bandwidth; a short and a long
//   transfer at arrival times spread over one refresh interval: the expected
//   refresh cost.
// Per-visit costs are differences of two lengths of the same pattern, so
// start-up and drain cancel. Everything except the refresh figures runs with
// refresh off, so a measurement does not depend on where a refresh falls.
#include "memory_characterizer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "hw/dram/dram_controller.hpp"
#include "hw/dram/gather_replay.hpp"

namespace hcm {

namespace memory_probe {

int64_t warmUp(DramController& dram) {
    const DramOrganization& o = dram.params().org;
    const AddressMapping& m = dram.mapping();
    std::vector<DmaSegment> v;
    for (int c = 0; c < o.channels; ++c)
        for (int r = 0; r < o.ranks; ++r)
            for (int g = 0; g < o.bankgroups; ++g)
                for (int b = 0; b < o.banks_per_group; ++b) {
                    DramAddress a;
                    a.channel = c, a.rank = r, a.bankgroup = g, a.bank = b;
                    a.row = o.rows - 1 - (b + 7 * g + 3 * r) % 5;
                    v.push_back({m.encode(a), 1});
                }
    return replayGather(dram, v, false, 0).finish;
}

namespace {

// One row visit per channel, `bursts` each, in `bank` (flat index in a rank)
// of rank `rank`, row `row`.
std::vector<DmaSegment> rowVisit(const DramParams& p, const AddressMapping& m, int rank, int bank, int64_t row,
                                 int bursts) {
    const DramOrganization& o = p.org;
    std::vector<DmaSegment> v;
    const uint64_t burst = uint64_t(o.burstBytes());
    for (int j = 0; j < bursts; ++j)
        for (int c = 0; c < o.channels; ++c) {
            DramAddress a;
            a.channel = c, a.rank = rank;
            a.bankgroup = bank / o.banks_per_group;
            a.bank = bank % o.banks_per_group;
            a.row = row;
            a.column = j;
            v.push_back({m.encode(a), burst});
        }
    return v;
}

// The bank (flat, in the rank of the list's first burst) the list reaches
// last for the first time, or never: a predecessor there does not delay it.
int latestFirstTouch(const DramParams& p, const AddressMapping& m, const std::vector<DmaSegment>& list) {
    const DramOrganization& o = p.org;
    std::vector<int64_t> first(size_t(o.banks()), int64_t(1) << 62);
    int64_t index = 0;
    const uint64_t burst = uint64_t(o.burstBytes());
    for (const DmaSegment& s : list) {
        if (s.bytes == 0) continue;
        for (uint64_t a = s.address & ~(burst - 1); a < s.address + s.bytes; a += burst, ++index) {
            const DramAddress d = m.decode(a);
            int64_t& f = first[size_t(d.bankgroup * o.banks_per_group + d.bank)];
            f = std::min(f, index);
        }
        if (index > 4096) break;  // far enough: the start is what matters
    }
    int best = 0;
    for (int b = 1; b < o.banks(); ++b)
        if (first[size_t(b)] > first[size_t(best)]) best = b;
    return best;
}

}  // namespace

double serviceBehind(const DramParams& p, const std::vector<DmaSegment>& list, bool write, bool predecessorWrite) {
    DramController dram(p);
    warmUp(dram);
    const AddressMapping& m = dram.mapping();
    const DramAddress first = m.decode(list.empty() ? 0 : list.front().address);
    const int64_t row = (first.row + p.org.rows / 2) % p.org.rows;
    const auto pred = rowVisit(p, m, first.rank, latestFirstTouch(p, m, list), row, p.org.burstsPerRow());
    const int64_t before = replayGather(dram, pred, predecessorWrite, 0).finish;
    const int64_t after = replayGather(dram, list, write, 0).finish;
    return double(after - before);
}

double transferIdle(const DramParams& p, const std::vector<DmaSegment>& list, bool write, int64_t idleGap,
                    double* firstData) {
    DramController dram(p);
    const int64_t arrival = warmUp(dram) + idleGap;
    const GatherReplay r = replayGather(dram, list, write, arrival);
    if (firstData) *firstData = r.first_data < 0 ? 0.0 : double(r.first_data - arrival);
    return double(r.finish - arrival);
}

}  // namespace memory_probe

namespace {

using memory_probe::rowVisit;
using memory_probe::serviceBehind;
using memory_probe::transferIdle;
using memory_probe::warmUp;

enum class Order { Rotate, SameGroup, GroupRuns, SameBank };

// `visits` row visits of `k` bursts per channel in the given order; rows
// change whenever a bank comes round again.
std::vector<DmaSegment> visitPattern(const DramParams& p, const AddressMapping& m, Order order, int k, int visits) {
    const DramOrganization& o = p.org;
    const int groups = o.bankgroups, perGroup = o.banks_per_group, ranks = o.ranks;
    std::vector<DmaSegment> v;
    for (int i = 0; i < visits; ++i) {
        int rank = 0, group = 0, bank = 0;
        int64_t lap = 0;
        switch (order) {
            case Order::Rotate:
                group = i % groups;
                bank = (i / groups) % perGroup;
                rank = (i / (groups * perGroup)) % ranks;
                lap = i / (groups * perGroup * ranks);
                break;
            case Order::SameGroup:
                bank = i % perGroup;
                lap = i / perGroup;
                break;
            case Order::GroupRuns:
                bank = i % perGroup;
                group = (i / perGroup) % groups;
                lap = i / (perGroup * groups);
                break;
            case Order::SameBank:
                lap = i;
                break;
        }
        const int64_t row = (lap * 7 + 3) % o.rows;
        const auto visit = rowVisit(p, m, rank, group * perGroup + bank, row, k);
        v.insert(v.end(), visit.begin(), visit.end());
    }
    return v;
}

class Characterizer {
public:
    Characterizer(const DramParams& dram, MemoryCharacterization& out)
        : full_(atPhaseZero(dram)), core_(withoutRefresh(dram)), mapping_(dram.org, dram.address_mapping), out_(out) {}

    void run() {
        for (const bool w : {false, true}) measureDirection(w, w ? out_.write : out_.read);
        measureSequential();
        measurePatterns();
        measureMixes();
    }

private:
    static DramParams withoutRefresh(DramParams p) {
        p.refresh = false;
        p.refresh_phase_cycles = 0;
        return p;
    }
    // Refresh enters as its cost over every phase: the configured phase
    // changes nothing measured (and is not part of the cache key).
    static DramParams atPhaseZero(DramParams p) {
        p.refresh_phase_cycles = 0;
        return p;
    }

    // Per-visit cost: difference of two lengths on an idle warm memory.
    double perVisit(Order order, int k, bool write) const {
        constexpr int kShort = 16, kLong = 80;
        const double a = transferIdle(core_, visitPattern(core_, mapping_, order, k, kShort), write);
        const double b = transferIdle(core_, visitPattern(core_, mapping_, order, k, kLong), write);
        return (b - a) / double(kLong - kShort);
    }

    void measureDirection(bool write, DirectionCosts& c) {
        const DramOrganization& o = core_.org;
        const int kmax = o.burstsPerRow();
        constexpr int kTable = 12;
        c.visit_cycles.assign(1, 0.0);
        for (int k = 1; k <= std::min(kmax, kTable); ++k) c.visit_cycles.push_back(perVisit(Order::Rotate, k, write));
        c.act_interval_cycles = c.visit_cycles[1];
        const int ka = std::max(1, std::min(8, kmax / 2)), kb = std::min(16, kmax);
        const double span = double(std::max(1, kb - ka));
        c.col_interleaved_cycles_per_burst =
            (perVisit(Order::Rotate, kb, write) - perVisit(Order::Rotate, ka, write)) / span;
        c.col_same_group_cycles_per_burst =
            (perVisit(Order::SameGroup, kb, write) - perVisit(Order::SameGroup, ka, write)) / span;
        if (c.col_same_group_cycles_per_burst > c.col_interleaved_cycles_per_burst + 1e-9) {
            // A group run of banks_per_group full-row visits: its bursts beyond
            // the window pay the same-group spacing.
            const double bursts = double(kmax) * double(o.banks_per_group);
            const double run = perVisit(Order::GroupRuns, kmax, write) * double(o.banks_per_group);
            const double alone = (run - c.col_interleaved_cycles_per_burst * bursts) /
                                 (c.col_same_group_cycles_per_burst - c.col_interleaved_cycles_per_burst);
            c.interleave_window_bursts = std::max(0.0, bursts - alone);
        } else {
            c.interleave_window_bursts = 2.0 * double(core_.queue_depth);  // nothing to gain: no bank groups
        }
        c.bank_cycle_min_cycles = perVisit(Order::SameBank, 1, write);
        const int kh = std::max(1, kmax / 2);
        const double sh = perVisit(Order::SameBank, kh, write), sf = perVisit(Order::SameBank, kmax, write);
        c.bank_cycle_per_burst_cycles = kmax > kh ? (sf - sh) / double(kmax - kh) : c.col_same_group_cycles_per_burst;
        c.bank_cycle_base_cycles = sf - c.bank_cycle_per_burst_cycles * double(kmax);

        measureFirstAccess(write, c);

        // Reference list: restart (queued behind the same direction), the
        // direction switch, fill (idle path).
        const auto ref = visitPattern(core_, mapping_, Order::Rotate, std::min(16, kmax), 24);
        c.restart_cycles = 0;
        const double modelCore = coreModel(ref, write, c);
        const double same = serviceBehind(core_, ref, write, write);
        c.restart_cycles = same - modelCore;
        c.after_other_direction_cycles = serviceBehind(core_, ref, write, !write) - same;
        c.fill_cycles = transferIdle(core_, ref, write) - same;
        measureRefresh(write, c);
    }

    // The model's figure for `list` with the costs measured so far.
    double coreModel(const std::vector<DmaSegment>& list, bool write, const DirectionCosts& c) const {
        MemoryCharacterization probe(core_, InterconnectParams{}, 1000.0);
        (write ? probe.write : probe.read) = c;
        return probe.dramServiceCycles(list.data(), list.size(), write);
    }

    void measureFirstAccess(bool write, DirectionCosts& c) const {
        // Miss: a fresh controller has every bank closed; hit: the same row
        // again once idle; conflict: a warm controller, another row open.
        DramController fresh(core_);
        DramAddress a;
        a.row = 5;
        const uint64_t first = mapping_.encode(a);
        a.column = 1;
        const uint64_t second = mapping_.encode(a);
        const uint64_t burst = uint64_t(core_.org.burstBytes());
        const GatherReplay miss = replayGather(fresh, {{first, burst}}, write, 0);
        const int64_t later = miss.finish + 200;
        const GatherReplay hit = replayGather(fresh, {{second, burst}}, write, later);
        c.first_access_miss_cycles = double(miss.finish - miss.arrival);
        c.first_access_hit_cycles = double(hit.finish - later);
        c.act_to_column_cycles = c.first_access_miss_cycles - c.first_access_hit_cycles;
        c.first_access_conflict_cycles = transferIdle(core_, {{first, burst}}, write);
        measureSameBankTurn(write, c);
    }

    // One burst queued right behind one burst to another row of the same bank,
    // against behind one to another bank (where it meets the warm-up's row):
    // what the bank's recovery after the one ahead adds.
    void measureSameBankTurn(bool write, DirectionCosts& c) const {
        const uint64_t burst = uint64_t(core_.org.burstBytes());
        DramAddress a;
        a.row = 5;
        DramAddress same = a, other = a;
        same.row = 9;
        other.row = 9;
        if (core_.org.bankgroups > 1)
            other.bankgroup = 1;
        else
            other.bank = core_.org.banks_per_group > 1 ? 1 : 0;
        const uint64_t ahead = mapping_.encode(a);
        for (const bool aheadWrote : {false, true}) {
            const auto behind = [&](const DramAddress& to) {
                DramController dram(core_);
                warmUp(dram);
                const int64_t before = replayGather(dram, {{ahead, burst}}, aheadWrote, 0).finish;
                return double(replayGather(dram, {{mapping_.encode(to), burst}}, write, 0).finish - before);
            };
            const double extra = std::max(0.0, behind(same) - behind(other));
            (aheadWrote ? c.same_bank_after_write_cycles : c.same_bank_after_read_cycles) = extra;
        }
    }

    // Expected refresh cost. The mean extra time over arrival times spread
    // evenly across one refresh interval, for a short transfer (one row visit
    // per channel) and a long one (two intervals of streaming): a straight
    // line through the two gives the overhead per cycle of transfer and a
    // constant (a refresh in progress delays even a short transfer).
    void measureRefresh(bool write, DirectionCosts& c) {
        c.refresh_overhead_fraction = 0;
        c.refresh_wait_cycles = 0;
        const std::vector<DmaSegment> stream = sequentialRun(kStreamIntervals);
        const double off = transferIdle(core_, stream, write);
        double& sequential = write ? seqWrite_ : seqRead_;
        sequential = full_.refresh ? transferIdle(full_, stream, write) : off;
        if (!full_.refresh) return;
        const auto shortList = rowVisit(core_, mapping_, 0, 0, 3, std::min(16, core_.org.burstsPerRow()));
        const auto longList = sequentialRun(2.0);
        const double s0 = transferIdle(core_, shortList, write), s1 = transferIdle(core_, longList, write);
        const double e0 = meanOverRefreshPhase(shortList, write, 128) - s0;
        const double e1 = meanOverRefreshPhase(longList, write, 8) - s1;
        c.refresh_overhead_fraction = (e1 - e0) / (s1 - s0);
        c.refresh_wait_cycles = e0 - c.refresh_overhead_fraction * s0;
    }

    double meanOverRefreshPhase(const std::vector<DmaSegment>& list, bool write, int phases) const {
        double sum = 0;
        for (int i = 0; i < phases; ++i) {
            DramController d(full_);
            const int64_t at = warmUp(d) + 100 + int64_t(double(i) * double(full_.timing.tREFI) / phases);
            sum += double(replayGather(d, list, write, at).finish - at);
        }
        return sum / phases;
    }

    // One sequential run lasting about `intervals` refresh intervals.
    std::vector<DmaSegment> sequentialRun(double intervals) const {
        const DramOrganization& o = core_.org;
        const double bytesPerCycle = double(o.channels) * double(o.burstBytes()) / (1.3 * o.burst_length / 2.0);
        const uint64_t bytes = uint64_t(intervals * double(core_.timing.tREFI) * bytesPerCycle);
        const uint64_t chunk = uint64_t(1) << (out_.geometry().chunk_shift + out_.geometry().burst_shift);
        return {{0, (bytes + chunk - 1) / chunk * chunk}};
    }
    static constexpr double kStreamIntervals = 4.0;

    void measureSequential() {
        const double bytes = double(sequentialRun(kStreamIntervals).front().bytes);
        out_.sequential_read_bytes_per_dram_cycle = bytes / seqRead_;
        out_.sequential_write_bytes_per_dram_cycle = bytes / seqWrite_;
    }

    // The table users read: runs of 64 B .. 1 MiB back to back, with a gap
    // as large as the run (every other row of a plane), or far apart (other
    // planes: fresh rows, another bank each). Longer runs stream as the
    // sequential figures say.
    void measurePatterns() {
        const uint64_t chunk = uint64_t(1) << (out_.geometry().chunk_shift + out_.geometry().burst_shift);
        for (uint64_t len = 64; len <= (uint64_t(1) << 20); len *= 4) {
            const int64_t runs = std::clamp<int64_t>(int64_t((uint64_t(256) << 10) / len), 2, 32);
            for (const char* layout : {"back_to_back", "gap", "far"}) {
                const std::string l = layout;
                uint64_t farChunks = (len + chunk - 1) / chunk + 4;
                if (farChunks % 2 == 0) ++farChunks;  // odd: every bank in turn
                const uint64_t stride = l == "back_to_back" ? len : l == "gap" ? 2 * len : farChunks * chunk;
                std::vector<DmaSegment> list;
                for (int64_t i = 0; i < runs; ++i) list.push_back({uint64_t(i) * stride, len});
                for (const bool w : {false, true}) out_.patterns.push_back(measurePattern(l, list, stride, w));
            }
        }
    }

    // Load and store streams together: a read list, then a write list in
    // another region, and so on, each pair a bank period further on.
    void measureMixes() {
        const uint64_t chunk = uint64_t(1) << (out_.geometry().chunk_shift + out_.geometry().burst_shift);
        const uint64_t half = uint64_t(core_.org.capacityBytes() / 2);
        for (const uint64_t listBytes : {uint64_t(4) << 10, uint64_t(64) << 10, uint64_t(1) << 20}) {
            const uint64_t run = std::min<uint64_t>(listBytes, 2048);
            std::vector<DmaSegment> reads, writes;
            for (uint64_t o = 0; o < listBytes; o += run) {
                reads.push_back({2 * o, run});
                writes.push_back({half + 2 * o, run});
            }
            DramController dram(core_);
            warmUp(dram);
            constexpr int kPairs = 5;
            const uint64_t step = (2 * listBytes + chunk - 1) / chunk * chunk + 5 * chunk;
            int64_t first = 0, last = 0;
            for (int i = 0; i <= kPairs; ++i) {
                auto moved = [&](std::vector<DmaSegment> v) {
                    for (DmaSegment& d : v) d.address += uint64_t(i) * step;
                    return v;
                };
                replayGather(dram, moved(reads), false, 0);
                last = replayGather(dram, moved(writes), true, 0).finish;
                if (i == 0) first = last;
            }
            MixMeasurement m;
            m.list_bytes = listBytes;
            m.run_bytes = run;
            const double refresh = 1.0 + 0.5 * (out_.read.refresh_overhead_fraction + out_.write.refresh_overhead_fraction);
            m.pair_dram_cycles = double(last - first) / kPairs * refresh;
            m.model_pair_dram_cycles =
                (out_.dramServiceCycles(reads.data(), reads.size(), false) * (1.0 + out_.read.refresh_overhead_fraction) +
                 out_.dramServiceCycles(writes.data(), writes.size(), true) * (1.0 + out_.write.refresh_overhead_fraction) +
                 out_.read.after_other_direction_cycles + out_.write.after_other_direction_cycles);
            out_.mixes.push_back(m);
        }
    }

    PatternMeasurement measurePattern(const std::string& layout, const std::vector<DmaSegment>& list, uint64_t stride,
                                      bool write) const {
        PatternMeasurement m;
        m.layout = layout;
        m.write = write;
        m.run_bytes = list.front().bytes;
        m.stride_bytes = stride;
        m.runs = int64_t(list.size());
        const DirectionCosts& c = out_.costs(write);
        const double refresh = 1.0 + c.refresh_overhead_fraction;
        m.service_dram_cycles = serviceBehind(core_, list, write, write) * refresh;
        // Idle path, with the row outcomes of the list's own bursts.
        DramController dram(core_);
        const int64_t arrival = warmUp(dram) + 200;
        const DramStats before = dram.stats();
        const GatherReplay r = replayGather(dram, list, write, arrival);
        const DramStats after = dram.stats();
        m.transfer_dram_cycles = double(r.finish - arrival) * refresh + c.refresh_wait_cycles;
        m.first_data_dram_cycles = double(r.first_data - arrival);
        const double runs = double(m.runs);
        m.bursts_per_run = double(r.bursts) / runs;
        m.row_hits_per_run = double(after.row_hits - before.row_hits) / runs;
        m.row_misses_per_run = double(after.row_misses - before.row_misses) / runs;
        m.row_conflicts_per_run = double(after.row_conflicts - before.row_conflicts) / runs;
        m.model_service_dram_cycles = out_.dramServiceCycles(list.data(), list.size(), write) * refresh;
        return m;
    }

    DramParams full_, core_;
    AddressMapping mapping_;
    MemoryCharacterization& out_;
    double seqRead_ = 1, seqWrite_ = 1;
};

}  // namespace

MemoryCharacterization measureMemoryPath(const DramParams& dram, const InterconnectParams& interconnect,
                                         double clockMhz) {
    const auto t0 = std::chrono::steady_clock::now();
    MemoryCharacterization out(dram, interconnect, clockMhz);
    Characterizer(dram, out).run();
    out.measure_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
}

}  // namespace hcm
