// The sectored L2 cache (hw/cache): tags worked by hand on a tiny cache, the
// TLM component's timing against a memory of fixed latency, the `cache:`
// config section, and the platform with an L2 between the interconnect and
// the DRAM. Each test case runs in its own process.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "hw/cache/l2_cache.hpp"
#include "hw/common/payload_data.hpp"
#include "hw/common/time_units.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/platform_config.hpp"
#include "support/cli_runner.hpp"

using namespace hcm;
using nlohmann::json;
using sc_core::SC_NS;
using sc_core::sc_time;

namespace {

// 1 KiB, 128-byte lines of 4 sectors, 2 ways: 1024 / (128·2) = 4 sets; line
// L sits in set L mod 4, so addresses 0, 512, 1024 share set 0.
L2CacheParams tiny() {
    L2CacheParams p;
    p.enabled = true;
    p.capacity_bytes = 1024;
    p.line_bytes = 128;
    p.sector_bytes = 32;
    p.ways = 2;
    p.hit_latency_cycles = 10;
    p.bytes_per_cycle = 64;
    return p;
}

}  // namespace

TEST(SectorCache, SectorFillHitsAndRequests) {
    SectorCache c(tiny());
    std::vector<DmaSegment> fetch, wb;
    // Bytes [0, 64): one line (one request), sectors 0 and 1, both missing.
    SectorAccess a = c.read(0, 64, fetch, wb);
    EXPECT_EQ(a.requests, 1);
    EXPECT_EQ(a.sectors, 2);
    EXPECT_EQ(a.misses, 2);
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].address, 0u);
    EXPECT_EQ(fetch[0].bytes, 64u);  // only the two sectors asked for, not the 128-byte line
    EXPECT_FALSE(c.holds(64));       // sector 2 was not fetched
    fetch.clear();
    a = c.read(0, 64, fetch, wb);
    EXPECT_EQ(a.hits, 2);
    EXPECT_TRUE(fetch.empty());
    // Bytes [96, 160) straddle lines 0 and 1: two requests, one sector each,
    // fetched as one merged range [96, 160).
    a = c.read(96, 64, fetch, wb);
    EXPECT_EQ(a.requests, 2);
    EXPECT_EQ(a.sectors, 2);
    EXPECT_EQ(a.misses, 2);
    ASSERT_EQ(fetch.size(), 1u);
    EXPECT_EQ(fetch[0].address, 96u);
    EXPECT_EQ(fetch[0].bytes, 64u);
    // A 10-byte read inside sector 1 touches one sector.
    a = c.read(40, 10, fetch, wb);
    EXPECT_EQ(a.sectors, 1);
    EXPECT_EQ(a.hits, 1);
}

TEST(SectorCache, LeastRecentlyUsedWayIsEvicted) {
    SectorCache c(tiny());
    std::vector<DmaSegment> fetch, wb;
    c.read(0, 32, fetch, wb);     // line 0 -> set 0
    c.read(512, 32, fetch, wb);   // line 4 -> set 0 (both ways used)
    c.read(0, 32, fetch, wb);     // line 0 is now the most recent
    c.read(1024, 32, fetch, wb);  // line 8 -> set 0: evicts line 4
    EXPECT_TRUE(c.holds(0));
    EXPECT_FALSE(c.holds(512));
    EXPECT_TRUE(c.holds(1024));
    EXPECT_TRUE(wb.empty());      // clean lines leave without a write-back
}

TEST(SectorCache, WritesAllocateWithoutFetchAndDirtySectorsAreWrittenBack) {
    SectorCache c(tiny());
    std::vector<DmaSegment> fetch, wb;
    // Write bytes [0, 64) and [96, 128) of line 0: allocated without a fetch.
    SectorAccess a = c.write(0, 64, wb);
    EXPECT_EQ(a.misses, 2);
    a = c.write(96, 32, wb);
    EXPECT_EQ(a.misses, 1);
    EXPECT_TRUE(c.isDirty(0));
    EXPECT_TRUE(c.isDirty(96));
    EXPECT_FALSE(c.holds(64));
    EXPECT_EQ(c.dirtySectors(), 3);
    // Reading what was written hits.
    a = c.read(0, 64, fetch, wb);
    EXPECT_EQ(a.hits, 2);
    EXPECT_TRUE(fetch.empty());
    // Two more lines in set 0 evict line 0 (least recently used): its three
    // dirty sectors go back as [0, 64) and [96, 128).
    c.read(512, 32, fetch, wb);
    a = c.read(1024, 32, fetch, wb);
    EXPECT_EQ(a.writeback_sectors, 3);
    ASSERT_EQ(wb.size(), 2u);
    EXPECT_EQ(wb[0].address, 0u);
    EXPECT_EQ(wb[0].bytes, 64u);
    EXPECT_EQ(wb[1].address, 96u);
    EXPECT_EQ(wb[1].bytes, 32u);
    EXPECT_EQ(c.dirtySectors(), 0);
}

TEST(SectorCache, RejectsInconsistentGeometry) {
    L2CacheParams p = tiny();
    p.capacity_bytes = 1000;  // not a whole number of 256-byte sets
    EXPECT_EQ(checkL2Params(p).key, "capacity_kib");
    EXPECT_THROW(SectorCache{p}, std::invalid_argument);
    p = tiny();
    p.line_bytes = 100;       // not a multiple of the 32-byte sector
    EXPECT_EQ(checkL2Params(p).key, "line_bytes");
}

namespace {

// A memory that answers every transaction `latencyNs` after it arrives and
// records what reached it (scatter-gather segments included).
struct FixedMemory : sc_core::sc_module {
    tlm_utils::simple_target_socket<FixedMemory> socket;
    double latencyNs;
    std::vector<std::vector<DmaSegment>> reads, writes;
    FixedMemory(sc_core::sc_module_name n, double latency) : sc_module(n), socket("socket"), latencyNs(latency) {
        socket.register_b_transport(this, &FixedMemory::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
        GatherList* g = nullptr;
        gp.get_extension(g);
        std::vector<DmaSegment> segs;
        if (g)
            segs.assign(g->segments, g->segments + g->count);
        else
            segs.push_back({gp.get_address(), gp.get_data_length()});
        (gp.is_read() ? reads : writes).push_back(segs);
        delay += sc_time(latencyNs, SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct Initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Initiator> socket;
    explicit Initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
    // One transaction at `at` ns (segments as a gather list); returns its completion in ns.
    double access(tlm::tlm_command cmd, std::vector<DmaSegment> segs, double at) {
        tlm::tlm_generic_payload gp;
        uint64_t bytes = 0;
        for (const auto& s : segs) bytes += s.bytes;
        GatherList list;
        list.segments = segs.data();
        list.count = segs.size();
        gp.set_extension(&list);
        gp.set_command(cmd);
        gp.set_address(segs.front().address);
        gp.set_data_ptr(dummyPayloadData());
        gp.set_data_length(unsigned(bytes));
        gp.set_streaming_width(unsigned(bytes));
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time delay(at, SC_NS);
        socket->b_transport(gp, delay);
        gp.clear_extension(&list);
        EXPECT_FALSE(gp.is_response_error());
        return delay.to_seconds() * 1e9;
    }
};

// cpu -> the tiny L2 at 1 GHz -> a memory answering in 100 ns.
struct CacheBench {
    bool resolutionSet = (setPicosecondResolution(), true);  // before any module exists
    Initiator cpu{"cpu"};
    L2Cache l2{"l2", tiny(), sc_time(1, SC_NS)};
    FixedMemory mem{"mem", 100};
    CacheBench() {
        cpu.socket.bind(l2.socket);
        l2.to_memory.bind(mem.socket);
    }
};

}  // namespace

TEST(L2Cache, HitsAreServedAtLatencyPlusBandwidthMissesWaitForMemory) {
    CacheBench bench;
    Initiator& cpu = bench.cpu;
    const L2Cache& l2 = bench.l2;
    FixedMemory& mem = bench.mem;
    // A cold 256-byte read (8 sectors, 2 lines): 8·32/64 = 4 cycles of the
    // sector pipeline; the fill leaves after the 10-cycle lookup and returns
    // 100 ns later: done at 10 + 100 = 110 ns.
    EXPECT_DOUBLE_EQ(cpu.access(tlm::TLM_READ_COMMAND, {{0, 256}}, 0), 110.0);
    ASSERT_EQ(mem.reads.size(), 1u);
    EXPECT_EQ(mem.reads[0].size(), 1u);  // one merged range
    EXPECT_EQ(mem.reads[0][0].bytes, 256u);
    // The same bytes again at 200 ns: all hits, 200 + 10 + 4 = 214 ns, no memory traffic.
    EXPECT_DOUBLE_EQ(cpu.access(tlm::TLM_READ_COMMAND, {{0, 256}}, 200), 214.0);
    EXPECT_EQ(mem.reads.size(), 1u);
    // Two requests arriving together share the pipeline: the second 64-byte
    // hit waits for the first's 4 cycles: 300 + 4 + 10 + 1 = 315 ns.
    cpu.access(tlm::TLM_READ_COMMAND, {{0, 256}}, 300);
    EXPECT_DOUBLE_EQ(cpu.access(tlm::TLM_READ_COMMAND, {{0, 64}}, 300), 315.0);
    // A gather of two segments, one cached and one not: one fill of the missing one.
    cpu.access(tlm::TLM_READ_COMMAND, {{0, 32}, {256, 32}}, 400);
    ASSERT_EQ(mem.reads.size(), 2u);
    ASSERT_EQ(mem.reads[1].size(), 1u);
    EXPECT_EQ(mem.reads[1][0].address, 256u);
    const L2Stats& s = l2.stats();
    EXPECT_EQ(s.read_sectors, 8 + 8 + 8 + 2 + 2);
    EXPECT_EQ(s.read_hits, 8 + 8 + 2 + 1);
    EXPECT_EQ(s.fill_sectors, 8 + 1);
    EXPECT_EQ(s.requests, 2 + 2 + 2 + 1 + 2);
}

TEST(L2Cache, StoresStayOnChipUntilEvictedThenGoBackAsOneWrite) {
    CacheBench bench;
    Initiator& cpu = bench.cpu;
    const L2Cache& l2 = bench.l2;
    FixedMemory& mem = bench.mem;
    // A 128-byte store: write-allocate, no fetch, no DRAM traffic: 10 + 2 cycles.
    EXPECT_DOUBLE_EQ(cpu.access(tlm::TLM_WRITE_COMMAND, {{0, 128}}, 0), 12.0);
    EXPECT_TRUE(mem.reads.empty());
    EXPECT_TRUE(mem.writes.empty());
    // Two reads into set 0 evict line 0: its four dirty sectors are written back.
    cpu.access(tlm::TLM_READ_COMMAND, {{512, 32}}, 100);
    cpu.access(tlm::TLM_READ_COMMAND, {{1024, 32}}, 300);
    ASSERT_EQ(mem.writes.size(), 1u);
    ASSERT_EQ(mem.writes[0].size(), 1u);
    EXPECT_EQ(mem.writes[0][0].address, 0u);
    EXPECT_EQ(mem.writes[0][0].bytes, 128u);
    EXPECT_EQ(l2.stats().writeback_sectors, 4);
    // Per-layer ratio columns from counts.
    EngineCounters layer = l2Counters(l2.stats());
    deriveL2Ratios(layer);
    auto value = [&](const char* n) {
        for (const auto& [k, v] : layer)
            if (k == n) return v;
        return -1.0;
    };
    EXPECT_DOUBLE_EQ(value("l2_hit_rate"), 0.0);               // two reads, two misses
    EXPECT_DOUBLE_EQ(value("l2_sectors_per_request"), 6.0 / 3.0);  // 4 + 1 + 1 sectors, 3 requests
}

TEST(L2CacheConfig, SectionIsOptionalAndChecked) {
    const std::string base =
        "name: x\nclock_mhz: 1000\ncompute: {kind: bit_parallel, rows: 4, cols: 4}\n"
        "buffers: {shared: {capacity_kib: 64}}\ndram: {preset: ddr4_2400}\n";
    EXPECT_FALSE(parsePlatformConfig(base, "a.yaml").cache.enabled);
    const PlatformConfig c = parsePlatformConfig(base + "cache: {capacity_kib: 512, ways: 8}\n", "b.yaml");
    EXPECT_TRUE(c.cache.enabled);
    EXPECT_EQ(c.cache.capacity_bytes, 512 * 1024);
    EXPECT_EQ(c.cache.ways, 8);
    EXPECT_EQ(c.cache.line_bytes, 128);
    EXPECT_EQ(c.cache.sector_bytes, 32);
    EXPECT_EQ(c.cache.sets(), 512);
    // --set alone adds an L2 to any platform.
    EXPECT_TRUE(parsePlatformConfig(base, "c.yaml", {"cache.capacity_kib=256"}).cache.enabled);
    try {
        parsePlatformConfig(base + "cache: {capacity_kib: 1, ways: 16}\n", "d.yaml");
        FAIL() << "1 KiB cannot hold a 16-way set of 128-byte lines";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("cache.capacity_kib"), std::string::npos) << e.what();
    }
    try {
        parsePlatformConfig(base + "cache: {capacity_kib: 64, sectors: 4}\n", "e.yaml");
        FAIL() << "unknown key";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("cache.sectors"), std::string::npos) << e.what();
    }
}

TEST(L2CachePlatform, NextLayerReadsItsInputFromTheL2) {
    // ResNet-18 layer1.0.conv1 then layer1.0.conv2 on configs/gpu_sm.yaml
    // (1 MiB L2). conv1 writes its 64x56x56 output (200,704 bytes at 8 bits)
    // into the L2 (write-allocate, no DRAM traffic); conv2 reads it back as
    // hits: its DRAM reads are essentially its weights, 64·64·9 = 36,864 bytes.
    const std::string dir = test::tempDir("l2_r18_layer1");
    const auto r = test::runHcmsim({"run", "--hw", "gpu_sm", "--net", "resnet18", "--layers",
                                    "layer1.0.conv1,layer1.0.conv2", "--out", dir, "--quiet"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(test::readFile(dir + "/summary.json"));
    const json& conv2 = j["layers"][1]["engine"];
    EXPECT_GE(conv2["l2_read_hit_sectors"].get<double>(), 200704.0 / 32);
    EXPECT_GT(conv2["l2_hit_rate"].get<double>(), 0.8);
    EXPECT_LT(j["layers"][1]["dram_read_bytes"].get<int64_t>(), int64_t(36864 * 1.1));
    EXPECT_GE(j["layers"][1]["dram_read_bytes"].get<int64_t>(), 36864);
    // Whole 128-byte lines requested by the DMA's long runs: 4 sectors a request.
    EXPECT_NEAR(conv2["l2_sectors_per_request"].get<double>(), 4.0, 0.1);
    const std::string header = test::csvHeader(test::readFile(dir + "/layers.csv"));
    for (const char* col : {"l2_hit_rate", "l2_sectors_per_request", "l2_writeback_sectors"})
        EXPECT_NE(header.find(col), std::string::npos) << col;
}
