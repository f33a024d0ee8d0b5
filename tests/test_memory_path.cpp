// The estimator's memory path (sim/estimate/memory_path) on sequences of
// transfers, against the DRAM model replaying the same lists at the same
// arrival times: the first access's latency by the state of its bank
// (closed, row open, another row open), and short transfers queued back to
// back; refreshes where the refresh timer puts them. Platform clock = DRAM
// clock, no interconnect, so both sides count the same cycles.
#include <gtest/gtest.h>

#include <systemc>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "hw/cache/l2_cache_params.hpp"
#include "hw/controller/tensor_layout.hpp"
#include "hw/dram/address_mapping.hpp"
#include "hw/dram/dram_controller.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/gather_replay.hpp"
#include "hw/interconnect/interconnect_params.hpp"
#include "sim/estimate/characterization_cache.hpp"
#include "sim/estimate/characterized_memory_timing.hpp"
#include "sim/estimate/memory_path.hpp"

namespace hcm {
namespace {

using sc_core::sc_time;

struct Fixture {
    DramParams dram;
    InterconnectParams link;
    sc_time clock;
    explicit Fixture(const char* preset = "ddr4_2400") : dram(dramPreset(preset)) {
        dram.refresh = false;
        link.width_bits = 0;
        link.latency_cycles = 0;
        clock = sc_time(dram.timing.tCK_ns * 1000.0, sc_core::SC_PS);
        setenv("HCMSIM_CACHE_DIR", "", 1);
    }
    const MemoryCharacterization& mc() const { return characterize(dram, link, 1000.0 / dram.timing.tCK_ns); }
    uint64_t address(int bankgroup, int bank, int64_t row, int column, int channel = 0) const {
        DramAddress a;
        a.bankgroup = bankgroup, a.bank = bank, a.row = row, a.column = column, a.channel = channel;
        return AddressMapping(dram.org, dram.address_mapping).encode(a);
    }
};

SegmentList oneBurst(uint64_t address) {
    SegmentList s;
    s.addBytes(address, 64);
    return s;
}

// Single bursts on an otherwise idle DRAM, each long after the previous one:
// a closed bank (miss), the row just used (hit), another row of that bank
// (conflict), an untouched bank (miss again).
TEST(MemoryPath, FirstAccessLatencyFollowsTheBankState) {
    const Fixture f;
    const CharacterizedMemoryTiming timing(f.mc());
    MemoryPath path(timing, f.link, L2CacheParams{}, f.clock, f.dram);
    DramController dram(f.dram);
    const std::vector<uint64_t> addresses = {f.address(0, 0, 5, 0), f.address(0, 0, 5, 1), f.address(0, 0, 9, 0),
                                             f.address(2, 1, 3, 0)};
    const char* what[] = {"closed bank", "open row", "other row open", "untouched bank"};
    int64_t at = 100;
    for (size_t i = 0; i < addresses.size(); ++i, at += 400) {
        const int64_t measured = replayGather(dram, {{addresses[i], 64}}, false, at).finish - at;
        const double model = (path.read(oneBurst(addresses[i]), f.clock * double(at)) - f.clock * double(at)) / f.clock;
        EXPECT_NEAR(model, double(measured), 3.0) << what[i];
    }
}

// Several channels: a bank keeps its row per channel. A burst to another row
// of the same bank in another channel leaves the first channel's row open
// (a depthwise tile's weights and outputs in one bank, different channels).
TEST(MemoryPath, OpenRowsArePerChannel) {
    const Fixture f("hbm2");
    ASSERT_GT(f.dram.org.channels, 1);
    const CharacterizedMemoryTiming timing(f.mc());
    MemoryPath path(timing, f.link, L2CacheParams{}, f.clock, f.dram);
    DramController dram(f.dram);
    const std::vector<uint64_t> addresses = {f.address(0, 1, 5, 0, 0), f.address(0, 1, 9, 0, 1),
                                             f.address(0, 1, 5, 1, 0), f.address(0, 1, 9, 1, 1)};
    const char* what[] = {"closed bank", "same bank, other channel", "row still open in channel 0",
                          "row still open in channel 1"};
    int64_t at = 100;
    for (size_t i = 0; i < addresses.size(); ++i, at += 400) {
        const int64_t measured = replayGather(dram, {{addresses[i], 32}}, false, at).finish - at;
        SegmentList one;
        one.addBytes(addresses[i], 32);
        const double model = (path.read(one, f.clock * double(at)) - f.clock * double(at)) / f.clock;
        EXPECT_NEAR(model, double(measured), 3.0) << what[i];
    }
}

// A read queued right behind a write to another row of the same bank waits
// for the bank's write recovery before it can switch rows (a depthwise
// tile's input read right behind the previous tile's output store); behind
// a read the wait is shorter, and another bank does not wait at all.
TEST(MemoryPath, SameBankAfterTheOneAheadRecoversFirst) {
    const Fixture f;
    const CharacterizedMemoryTiming timing(f.mc());
    struct Case {
        bool aheadWrote;
        int bankgroup;
        const char* what;
    };
    for (const Case& k : {Case{true, 0, "after a write, same bank"}, Case{false, 0, "after a read, same bank"},
                          Case{true, 1, "after a write, other bank"}}) {
        MemoryPath path(timing, f.link, L2CacheParams{}, f.clock, f.dram);
        DramController dram(f.dram);
        const int64_t at = 100;
        const uint64_t ahead = f.address(0, 0, 5, 0), next = f.address(k.bankgroup, 0, 9, 0);
        replayGather(dram, {{ahead, 64}}, k.aheadWrote, at);
        const int64_t measured = replayGather(dram, {{next, 64}}, false, at).finish - at;
        const sc_time start = f.clock * double(at);
        if (k.aheadWrote)
            path.write(oneBurst(ahead), start);
        else
            path.read(oneBurst(ahead), start);
        const double model = (path.read(oneBurst(next), start) - start) / f.clock;
        // Without the recovery the same-bank read after a write was 40% short.
        EXPECT_NEAR(model, double(measured), 0.12 * double(measured)) << k.what;
    }
}

// Short transfers issued together (a tile's small loads): each queues behind
// the previous one; an open row saves the activation.
TEST(MemoryPath, QueuedShortTransfersToOneRow) {
    const Fixture f;
    const CharacterizedMemoryTiming timing(f.mc());
    MemoryPath path(timing, f.link, L2CacheParams{}, f.clock, f.dram);
    DramController dram(f.dram);
    const int64_t at = 100;
    int64_t measured = 0;
    double model = 0;
    for (int i = 0; i < 16; ++i) {
        const uint64_t a = f.address(0, 0, 7, i);
        measured = replayGather(dram, {{a, 64}}, false, at).finish - at;
        model = (path.read(oneBurst(a), f.clock * double(at)) - f.clock * double(at)) / f.clock;
    }
    // 16 bursts of one row: one activation, then a column command each.
    EXPECT_LE(std::fabs(model - double(measured)) / double(measured), 0.15) << model << " vs " << measured;
}

// Refresh on: the path places each refresh where the DRAM's refresh timer
// does (every rank at tREFI - refresh_phase_cycles, then every tREFI). A
// burst arriving during a refresh waits out its end; a row opened before a
// refresh is closed after it; a long stream across a refresh stalls for it.
// With refresh as an expected cost instead, the stream and the burst in the
// refresh are off by most of a tRFC.
struct RefreshCase {
    const char* what;
    std::vector<std::pair<uint64_t, int64_t>> before;  // (address, arrival cycle) of bursts ahead
    uint64_t address;
    uint64_t bytes;
    int64_t at;
};

TEST(MemoryPath, RefreshesFallWhereTheRefreshTimerPutsThem) {
    Fixture f;
    f.dram.refresh = true;
    const int64_t due = 1000;
    f.dram.refresh_phase_cycles = f.dram.timing.tREFI - due;
    const CharacterizedMemoryTiming onTimer(f.mc(), true), expected(f.mc(), false);
    const int64_t tRFC = f.dram.timing.tRFC;
    const std::vector<RefreshCase> cases = {
        {"burst arriving during a refresh", {}, f.address(1, 0, 3, 0), 64, due + tRFC / 2},
        {"row opened before the refresh is closed after it", {{f.address(0, 0, 5, 0), 100}}, f.address(0, 0, 5, 1),
         64, due + tRFC + 200},
        {"64 KiB stream across the refresh", {}, f.address(0, 0, 20, 0), 65536, due - 600},
    };
    for (const RefreshCase& c : cases) {
        DramController dram(f.dram);
        MemoryPath timer(onTimer, f.link, L2CacheParams{}, f.clock, f.dram);
        MemoryPath mean(expected, f.link, L2CacheParams{}, f.clock, f.dram);
        for (const auto& [address, at] : c.before) {
            replayGather(dram, {{address, 64}}, false, at);
            timer.read(oneBurst(address), f.clock * double(at));
            mean.read(oneBurst(address), f.clock * double(at));
        }
        const int64_t measured = replayGather(dram, {{c.address, c.bytes}}, false, c.at).finish - c.at;
        SegmentList list;
        list.addBytes(c.address, c.bytes);
        const sc_time start = f.clock * double(c.at);
        const double model = (timer.read(list, start) - start) / f.clock;
        const double meanModel = (mean.read(list, start) - start) / f.clock;
        EXPECT_NEAR(model, double(measured), std::max(4.0, 0.01 * double(measured))) << c.what;
        if (c.before.empty()) {
            EXPECT_GT(std::fabs(meanModel - double(measured)), 0.3 * double(tRFC)) << c.what;
        }
    }
}

}  // namespace
}  // namespace hcm
