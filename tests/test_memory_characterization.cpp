// The memory-path characterization: hand-derived constants, the platform
// arithmetic around the DRAM model (checked against the SystemC interconnect
// and DRAM target), refresh as an expected cost, read/write mixes, the O(1)
// summary, JSON and the cache. The per-list accuracy against the DRAM model
// is test_memory_path_accuracy.cpp. Each test case runs in its own process.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "hw/common/time_units.hpp"
#include "hw/controller/tensor_layout.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/dram_target.hpp"
#include "hw/dram/gather_replay.hpp"
#include "hw/interconnect/interconnect.hpp"
#include "sim/config/platform_config.hpp"
#include "sim/estimate/characterization_cache.hpp"
#include "sim/estimate/memory_characterizer.hpp"
#include "tests/support/cli_runner.hpp"

namespace hcm {
namespace {

DramParams ddr4(bool refresh = false) {
    DramParams p = dramPreset("ddr4_2400");
    p.refresh = refresh;
    return p;
}

// An interconnect that costs nothing and a platform clock equal to the DRAM
// clock: queries then return memory-clock cycles.
InterconnectParams noInterconnect() {
    InterconnectParams ic;
    ic.width_bits = 0;
    ic.latency_cycles = 0;
    return ic;
}
double dramClockMhz(const DramParams& p) { return 1000.0 / p.timing.tCK_ns; }

const MemoryCharacterization& uncached(const DramParams& p, const InterconnectParams& ic, double mhz) {
    setenv("HCMSIM_CACHE_DIR", "", 1);
    return characterize(p, ic, mhz);
}

SegmentList activationTile(uint64_t base, int64_t c, int64_t h, int64_t w, int64_t c0, int64_t c1, int64_t h0,
                           int64_t h1) {
    TensorRegion t;
    t.base = base;
    t.c = c, t.h = h, t.w = w;
    SegmentList s;
    addActivationBlock(s, t, 0, 1, c0, c1, h0, h1);
    return s;
}

double relErr(double model, double measured) { return std::fabs(model - measured) / measured; }

TEST(MemoryCharacterization, Ddr4ConstantsMatchTheTimingParameters) {
    const MemoryCharacterization& mc = uncached(ddr4(true), InterconnectParams{}, 1000.0);
    const DirectionCosts& r = mc.read;
    EXPECT_DOUBLE_EQ(r.col_interleaved_cycles_per_burst, 4.0);  // BL/2 = tCCD_S
    EXPECT_DOUBLE_EQ(r.col_same_group_cycles_per_burst, 6.0);   // tCCD_L
    EXPECT_DOUBLE_EQ(r.act_interval_cycles, 6.5);               // tFAW / 4
    EXPECT_DOUBLE_EQ(r.bank_cycle_min_cycles, 55.0);            // tRC
    EXPECT_DOUBLE_EQ(r.act_to_column_cycles, 16.0);             // tRCD
    EXPECT_DOUBLE_EQ(r.first_access_hit_cycles, 20.0);          // CL + BL/2
    EXPECT_DOUBLE_EQ(r.first_access_miss_cycles, 36.0);         // tRCD + CL + BL/2
    EXPECT_DOUBLE_EQ(r.first_access_conflict_cycles, 52.0);     // tRP + tRCD + CL + BL/2
    EXPECT_DOUBLE_EQ(mc.write.first_access_conflict_cycles, 48.0);  // tRP + tRCD + CWL + BL/2
    EXPECT_DOUBLE_EQ(mc.write.bank_cycle_min_cycles, 66.0);     // ACT, WR at tRCD, tWR after the data, tRP
    // A long sequential stream with refresh: about 0.748 of peak (docs/simulation.md).
    EXPECT_NEAR(mc.sequential_read_bytes_per_dram_cycle / 16.0, 0.748, 0.005);
    EXPECT_GT(r.refresh_overhead_fraction, 0.02);
    EXPECT_LT(r.refresh_overhead_fraction, 0.06);
}

TEST(MemoryCharacterization, PatternTableCoversRunLengthsLayoutsAndDirections) {
    const MemoryCharacterization& mc = uncached(ddr4(true), InterconnectParams{}, 1000.0);
    ASSERT_EQ(mc.patterns.size(), 8u * 3u * 2u);  // 64 B .. 1 MiB by 4x, three layouts, read and write
    for (const PatternMeasurement& p : mc.patterns) {
        EXPECT_GT(p.service_dram_cycles, 0);
        EXPECT_GT(p.transfer_dram_cycles, p.first_data_dram_cycles);
        EXPECT_LE(relErr(p.model_service_dram_cycles, p.service_dram_cycles), 0.03)
            << p.layout << " " << p.run_bytes << (p.write ? " write" : " read");
    }
    ASSERT_EQ(mc.mixes.size(), 3u);
    for (const MixMeasurement& m : mc.mixes)
        EXPECT_LE(relErr(m.model_pair_dram_cycles, m.pair_dram_cycles), 0.03) << m.list_bytes;
}

TEST(MemoryCharacterization, MeasurementIsDeterministic) {
    const DramParams p = dramPreset("hbm2");
    const MemoryCharacterization a = measureMemoryPath(p, InterconnectParams{}, 1000.0);
    const MemoryCharacterization b = measureMemoryPath(p, InterconnectParams{}, 1000.0);
    EXPECT_EQ(a.measuredToJson().dump(), b.measuredToJson().dump());
}

// ---------------------------------------------------------------- SystemC

// Sends gather transactions (a GatherList on the payload, as the DMA engine
// does) at given times and records the annotated delays.
struct GatherInitiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<GatherInitiator> socket;
    struct Job {
        sc_core::sc_time at;
        bool write;
        std::vector<DmaSegment> segments;
    };
    std::vector<Job> jobs;
    std::vector<sc_core::sc_time> delays;
    unsigned char data[8] = {};

    SC_HAS_PROCESS(GatherInitiator);
    explicit GatherInitiator(sc_core::sc_module_name n) : sc_core::sc_module(n), socket("socket") { SC_THREAD(run); }

    void run() {
        for (const Job& j : jobs) {
            if (j.at > sc_core::sc_time_stamp()) wait(j.at - sc_core::sc_time_stamp());
            uint64_t bytes = 0;
            for (const DmaSegment& s : j.segments) bytes += s.bytes;
            GatherList list;
            list.segments = j.segments.data();
            list.count = j.segments.size();
            tlm::tlm_generic_payload gp;
            gp.set_command(j.write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
            gp.set_address(j.segments.front().address);
            gp.set_data_length(unsigned(bytes));
            gp.set_streaming_width(unsigned(bytes));
            gp.set_data_ptr(data);
            gp.set_extension(&list);
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            socket->b_transport(gp, delay);
            gp.clear_extension(&list);
            delays.push_back(delay);
            wait(delay);
        }
    }
};

TEST(MemoryCharacterization, GatherReplayServesListsAsDramTargetDoes) {
    setPicosecondResolution();
    const DramParams p = ddr4(true);
    GatherInitiator init("init");
    DramTarget dram("dram", p);
    init.socket.bind(dram.socket);
    const SegmentList a = activationTile(0x100000, 64, 56, 56, 0, 16, 10, 20);        // 16 runs of 560 B
    const SegmentList b = activationTile(0x800040, 32, 7, 7, 3, 30, 0, 7);           // one run, unaligned
    std::vector<DmaSegment> shared = {{0x2000020, 40}, {0x2000048, 100}, {0x2010000, 64}};  // a shared burst
    const std::vector<std::pair<double, bool>> when = {{0.5, false}, {3.0, true}, {8.6, false}, {9.0, true}};
    const std::vector<const std::vector<DmaSegment>*> lists = {&a.segments(), &b.segments(), &shared, &a.segments()};
    for (size_t i = 0; i < lists.size(); ++i)
        init.jobs.push_back({sc_core::sc_time(when[i].first, sc_core::SC_US), when[i].second, *lists[i]});
    sc_core::sc_start();
    ASSERT_EQ(init.delays.size(), lists.size());

    DramController ctrl(p);
    const double tckPs = p.timing.tCK_ns * 1000.0;
    uint64_t readyPs = 0;  // each job starts once the previous one has returned
    for (size_t i = 0; i < lists.size(); ++i) {
        const uint64_t atPs = std::max<uint64_t>(uint64_t(when[i].first * 1e6), readyPs);
        const int64_t arrival = int64_t(std::ceil(double(atPs) / tckPs - 1e-6));
        const GatherReplay r = replayGather(ctrl, *lists[i], when[i].second, arrival);
        const uint64_t finishPs = uint64_t(std::llround(double(r.finish) * tckPs));
        EXPECT_EQ(toPs(init.delays[i]), finishPs - atPs) << "job " << i;
        readyPs = finishPs;
    }
}

// One transfer through Interconnect -> DramTarget on a warm, idle memory,
// against transferCycles (platform cycles, interconnect included).
double platformTransfer(const PlatformConfig& cfg, const std::vector<DmaSegment>& list, bool write) {
    setPicosecondResolution();
    const sc_core::sc_time clock = fromPs(uint64_t(std::llround(cfg.cyclePs())));
    GatherInitiator init("init");
    Interconnect ic("interconnect", cfg.interconnect, clock);
    DramTarget dram("dram", cfg.dram);
    init.socket.bind(ic.targets);
    ic.to_memory.bind(dram.socket);
    memory_probe::warmUp(dram.controller());
    init.jobs.push_back({clock * 2000.0, write, list});
    sc_core::sc_start();
    return init.delays.at(0) / clock;
}

TEST(MemoryCharacterization, TransferMatchesInterconnectAndDramTarget) {
    PlatformConfig cfg = loadPlatformConfig("default", {"dram.refresh=false"});
    const SegmentList tile = activationTile(0x400000, 64, 56, 56, 8, 24, 0, 40);  // 16 runs of 2240 B
    const double measured = platformTransfer(cfg, tile.segments(), false);
    setenv("HCMSIM_CACHE_DIR", "", 1);
    const double model = characterize(cfg).transferCycles(tile, false);
    EXPECT_LE(relErr(model, measured), 0.03) << model << " vs " << measured;
}

TEST(MemoryCharacterization, NarrowInterconnectBoundsTheTransfer) {
    // bismo: a 64-bit link at 200 MHz (1.6 GB/s) in front of DDR4-2400.
    PlatformConfig cfg = loadPlatformConfig("bismo", {"dram.refresh=false"});
    const SegmentList tile = activationTile(0x400000, 64, 56, 56, 8, 24, 0, 40);
    const double measured = platformTransfer(cfg, tile.segments(), true);
    setenv("HCMSIM_CACHE_DIR", "", 1);
    const MemoryCharacterization& mc = characterize(cfg);
    const double link = std::ceil(double(tile.totalBytes()) * 8.0 / 64.0);
    EXPECT_DOUBLE_EQ(mc.transferCycles(tile, true), link + 2.0);
    EXPECT_DOUBLE_EQ(mc.serviceCycles(tile, true), link);
    EXPECT_NEAR(measured, link + 2.0, 1.0);
}

// ---------------------------------------------------------------- refresh, mixes, summaries

// Mean transfer time over arrival times spread evenly across one refresh
// interval, on a warm memory with refresh.
double meanOverRefreshPhase(const DramParams& p, const std::vector<DmaSegment>& list, bool write, int phases) {
    double sum = 0;
    for (int i = 0; i < phases; ++i) {
        DramController dram(p);
        const int64_t start = memory_probe::warmUp(dram) + 100;
        const int64_t at = start + int64_t(double(i) * double(p.timing.tREFI) / phases);
        sum += double(replayGather(dram, list, write, at).finish - at);
    }
    return sum / phases;
}

TEST(MemoryCharacterization, RefreshIsItsExpectedCost) {
    const DramParams p = ddr4(true);
    const MemoryCharacterization& mc = uncached(p, noInterconnect(), dramClockMhz(p));
    const SegmentList small = activationTile(0x300000, 16, 64, 64, 0, 1, 0, 64);       // one 4 KiB run
    const SegmentList tile = activationTile(0x400000, 64, 56, 56, 8, 40, 0, 40);       // 32 runs of 2240 B
    const SegmentList big = activationTile(0x1000000, 128, 56, 56, 0, 128, 0, 56);     // 392 KiB
    EXPECT_LE(relErr(mc.transferCycles(small, false), meanOverRefreshPhase(p, small.segments(), false, 240)), 0.03);
    EXPECT_LE(relErr(mc.transferCycles(tile, true), meanOverRefreshPhase(p, tile.segments(), true, 120)), 0.03);
    EXPECT_LE(relErr(mc.transferCycles(big, false), meanOverRefreshPhase(p, big.segments(), false, 12)), 0.03);
}

TEST(MemoryCharacterization, MixOfReadAndWriteListsAddsUpOnTheDram) {
    // Loads and stores in flight together: DramTarget serves one transaction
    // after the other, each behind the one of the other direction.
    const DramParams p = ddr4();
    const MemoryCharacterization& mc = uncached(p, noInterconnect(), dramClockMhz(p));
    const SegmentList loads = activationTile(0x400000, 64, 56, 56, 8, 24, 0, 40);
    TensorRegion out;
    out.base = 0x8000000, out.c = 128, out.h = 28, out.w = 28;
    SegmentList stores;
    addOutputBlock(stores, out, 0, 32, 0, 392);
    DramController dram(p);
    memory_probe::warmUp(dram);
    const uint64_t shift = uint64_t(p.org.capacityBytes() / 8) + 5 * 8192;
    int64_t first = 0, last = 0;
    constexpr int kPairs = 6;
    for (int i = 0; i < kPairs; ++i) {
        auto moved = [&](const SegmentList& s) {
            std::vector<DmaSegment> v = s.segments();
            for (DmaSegment& d : v) d.address = (d.address + uint64_t(i) * shift) % uint64_t(p.org.capacityBytes());
            return v;
        };
        replayGather(dram, moved(loads), false, 0);
        last = replayGather(dram, moved(stores), true, 0).finish;
        if (i == 0) first = last;
    }
    const double measured = double(last - first) / (kPairs - 1);
    EXPECT_LE(relErr(mc.mixServiceCycles(loads, stores), measured), 0.03);
    // Both directions at once beat either alone, never their sum on a full-duplex link.
    const double bothWays = mc.mixedBytesPerCycle(0.5, 65536, 2048);
    EXPECT_GT(bothWays, 0);
    EXPECT_LE(bothWays, mc.mixedBytesPerCycle(0.0, 65536, 2048) * 1.0001);
}

TEST(MemoryCharacterization, SummaryAgreesWithTheListItDescribes) {
    // The summary stands for runs of one length at unrelated places: an odd
    // number of row chunks apart, shifted by five bursts; it models up to two
    // rounds over the 16 banks x 16 channels and extends linearly beyond.
    const DramParams p = dramPreset("hbm2");
    const MemoryCharacterization& mc = uncached(p, noInterconnect(), dramClockMhz(p));
    const uint64_t chunk = uint64_t(1) << (mc.geometry().chunk_shift + mc.geometry().burst_shift);
    for (const uint64_t len : {uint64_t(96), uint64_t(3136), uint64_t(40000)})
        for (const int runs : {1, 6, 32, 96}) {
            uint64_t chunks = (len + chunk - 1) / chunk + 1;
            if (chunks % 2 == 0) ++chunks;
            std::vector<DmaSegment> v;
            for (int i = 0; i < runs; ++i) v.push_back({uint64_t(i) * (chunks * chunk + 5 * 32), len});
            const TransferSummary s{double(len) * runs, double(runs), false};
            const double list = mc.serviceCycles(v.data(), v.size(), false);
            const double tolerance = runs <= 32 ? 1e-9 : 0.02;
            EXPECT_LE(relErr(mc.serviceCycles(s), list), tolerance) << len << " x " << runs;
            EXPECT_LE(relErr(mc.transferCycles(s), mc.transferCycles(v.data(), v.size(), false)), tolerance);
        }
}

// ---------------------------------------------------------------- JSON and cache

class CacheDir : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = test::tempDir(std::string("memchar_") + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        setenv("HCMSIM_CACHE_DIR", dir_.c_str(), 1);
        clearCharacterizationMemoryCache();
    }
    std::string file() const {
        for (const auto& e : std::filesystem::directory_iterator(dir_)) return e.path().string();
        return "";
    }
    std::string dir_;
};

TEST_F(CacheDir, DiskCacheGivesTheSameNumbersBitForBit) {
    const DramParams p = dramPreset("lpddr4_3200");
    const std::string measured = characterize(p, InterconnectParams{}, 1300.0).toJson().dump();
    EXPECT_EQ(lastCharacterizationSource(), CharacterizationSource::Measured);
    ASSERT_FALSE(file().empty());
    EXPECT_EQ(characterize(p, InterconnectParams{}, 1300.0).toJson().dump(), measured);
    EXPECT_EQ(lastCharacterizationSource(), CharacterizationSource::Memory);
    clearCharacterizationMemoryCache();
    const MemoryCharacterization& loaded = characterize(p, InterconnectParams{}, 1300.0);
    EXPECT_EQ(lastCharacterizationSource(), CharacterizationSource::Disk);
    EXPECT_EQ(loaded.toJson().dump(), measured);
    const MemoryCharacterization fresh = measureMemoryPath(p, InterconnectParams{}, 1300.0);
    for (const bool w : {false, true}) {
        const DirectionCosts &a = loaded.costs(w), &b = fresh.costs(w);
        EXPECT_EQ(std::memcmp(&a.restart_cycles, &b.restart_cycles, sizeof(double)), 0);
        EXPECT_EQ(std::memcmp(&a.refresh_wait_cycles, &b.refresh_wait_cycles, sizeof(double)), 0);
        ASSERT_EQ(a.visit_cycles.size(), b.visit_cycles.size());
        EXPECT_EQ(std::memcmp(a.visit_cycles.data(), b.visit_cycles.data(), a.visit_cycles.size() * sizeof(double)), 0);
    }
    const SegmentList tile = activationTile(0x400000, 64, 56, 56, 8, 24, 0, 40);
    EXPECT_EQ(loaded.transferCycles(tile, false), fresh.transferCycles(tile, false));
}

TEST_F(CacheDir, CorruptedOrStaleFilesAreMeasuredAgainAndRewritten) {
    const DramParams p = ddr4(true);
    characterize(p, InterconnectParams{}, 1000.0);
    const std::string path = file();
    const std::string good = test::readFile(path);
    for (const std::string& bad : {std::string("{\"format\": 1, \"fingerprint\": "), std::string("not json"),
                                  std::string("{\"format\": 0}"), std::string()}) {
        test::writeFile(path, bad);
        clearCharacterizationMemoryCache();
        characterize(p, InterconnectParams{}, 1000.0);
        EXPECT_EQ(lastCharacterizationSource(), CharacterizationSource::Measured);
        EXPECT_EQ(test::readFile(path), good);
    }
    // The same file name with another configuration's fingerprint inside.
    nlohmann::json j = nlohmann::json::parse(good);
    j["fingerprint"] = "something else";
    test::writeFile(path, j.dump());
    clearCharacterizationMemoryCache();
    characterize(p, InterconnectParams{}, 1000.0);
    EXPECT_EQ(lastCharacterizationSource(), CharacterizationSource::Measured);
}

TEST_F(CacheDir, UnwritableOrDisabledCacheIsSkippedSilently) {
    const DramParams p = ddr4();
    setenv("HCMSIM_CACHE_DIR", "/proc/hcmsim-cannot-write-here", 1);
    EXPECT_NO_THROW(characterize(p, InterconnectParams{}, 1000.0));
    EXPECT_EQ(lastCharacterizationSource(), CharacterizationSource::Measured);
    clearCharacterizationMemoryCache();
    setenv("HCMSIM_CACHE_DIR", "", 1);
    EXPECT_EQ(characterizationCacheDir(), "");
    characterize(p, InterconnectParams{}, 1000.0);
    EXPECT_TRUE(file().empty());
    unsetenv("HCMSIM_CACHE_DIR");
    setenv("XDG_CACHE_HOME", "/somewhere", 1);
    EXPECT_EQ(characterizationCacheDir(), "/somewhere/hcmsim");
    unsetenv("XDG_CACHE_HOME");
    setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(characterizationCacheDir(), "/home/someone/.cache/hcmsim");
}

TEST(MemoryCharacterization, FingerprintCoversWhatChangesTheResult) {
    const DramParams base = ddr4(true);
    const InterconnectParams ic;
    const std::string f = characterizationFingerprint(base, ic, 1000.0);
    auto differs = [&](DramParams p, InterconnectParams i, double mhz) {
        return characterizationFingerprint(p, i, mhz) != f;
    };
    DramParams p = base;
    p.timing.tRCD = 17;
    EXPECT_TRUE(differs(p, ic, 1000.0));
    p = base;
    p.org.channels = 2;
    EXPECT_TRUE(differs(p, ic, 1000.0));
    p = base;
    p.address_mapping = "RoRaBaCoCh";
    EXPECT_TRUE(differs(p, ic, 1000.0));
    p = base;
    p.page_policy = PagePolicy::Closed;
    EXPECT_TRUE(differs(p, ic, 1000.0));
    p = base;
    p.queue_depth = 16;
    EXPECT_TRUE(differs(p, ic, 1000.0));
    p = base;
    p.refresh = false;
    EXPECT_TRUE(differs(p, ic, 1000.0));
    p = base;
    p.timing.tCK_ns = 0.8333;
    EXPECT_TRUE(differs(p, ic, 1000.0));
    InterconnectParams wide = ic;
    wide.width_bits = 512;
    EXPECT_TRUE(differs(base, wide, 1000.0));
    InterconnectParams slow = ic;
    slow.latency_cycles = 3;
    EXPECT_TRUE(differs(base, slow, 1000.0));
    EXPECT_TRUE(differs(base, ic, 1000.5));
    // Energy does not change any time.
    p = base;
    p.energy.act_pj *= 2;
    EXPECT_FALSE(differs(p, ic, 1000.0));
    EXPECT_EQ(fingerprintHash(f).size(), 16u);
}

// ---------------------------------------------------------------- CLI

TEST(MemoryCharacterizationCli, PrintsJsonWithUnitsAndTheSameWithTheCache) {
    const std::string dir = test::tempDir("memchar_cli");
    setenv("HCMSIM_CACHE_DIR", dir.c_str(), 1);
    const auto first = test::runHcmsim({"dram", "--characterize", "--hw", "jetson_like"});
    ASSERT_EQ(first.exitCode, 0) << first.err;
    const auto second = test::runHcmsim({"dram", "--characterize", "--hw", "jetson_like"});
    ASSERT_EQ(second.exitCode, 0) << second.err;
    EXPECT_EQ(first.out, second.out);
    setenv("HCMSIM_CACHE_DIR", "", 1);
    const auto uncachedRun = test::runHcmsim({"dram", "--characterize", "--hw", "jetson_like"});
    EXPECT_EQ(uncachedRun.out, first.out);
    EXPECT_EQ(first.out.find("gbps"), std::string::npos);
    const auto j = nlohmann::json::parse(first.out);
    EXPECT_EQ(j.at("platform").at("dram_preset"), "lpddr4_3200");
    EXPECT_EQ(j.at("platform").at("dram_channels"), 8);
    EXPECT_DOUBLE_EQ(j.at("platform").at("clock_mhz").get<double>(), 1300.0);
    EXPECT_GT(j.at("sequential_read").at("bytes_per_cycle").get<double>(), 0);
    EXPECT_TRUE(j.contains("l2_cache_note"));  // jetson_like has an L2 the model leaves out
    EXPECT_EQ(j.at("patterns").size(), 48u);

    const auto both = test::runHcmsim({"dram", "--characterize", "--trace", "x.trace"});
    EXPECT_EQ(both.exitCode, 2);
    const auto none = test::runHcmsim({"dram"});
    EXPECT_EQ(none.exitCode, 2);
}

}  // namespace
}  // namespace hcm
