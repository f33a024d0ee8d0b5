// Trace parsing (Ramulator formats, errors with file:line:column) and replay.
#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

#include "hw/dram/dram_presets.hpp"
#include "hw/dram/trace_reader.hpp"
#include "hw/dram/trace_replay.hpp"
#include "sim/common/input_error.hpp"
#include "tests/support/cli_runner.hpp"

namespace hcm {
namespace {

std::vector<TraceRecord> parse(const std::string& text) {
    std::istringstream in(text);
    TraceReader r(in, "t.trace");
    std::vector<TraceRecord> out;
    TraceRecord rec;
    while (r.next(rec)) out.push_back(rec);
    return out;
}

std::string parseError(const std::string& text) {
    try {
        parse(text);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(TraceReader, AcceptsRamulatorFormats) {
    const auto recs = parse(
        "# a comment\n"
        "LD 0x40\n"
        "\n"
        "ST 128   # trailing comment\n"
        "r 0XC0\r\n"
        "W 0x100\n"
        "0x140 R\n"
        "0x180 WRITE\n"
        "1000 LD 0x1c0\n"
        "   \t\n");
    ASSERT_EQ(recs.size(), 7u);
    EXPECT_EQ(recs[0].addr, 0x40u);
    EXPECT_FALSE(recs[0].is_write);
    EXPECT_EQ(recs[1].addr, 128u);
    EXPECT_TRUE(recs[1].is_write);
    EXPECT_EQ(recs[2].addr, 0xc0u);
    EXPECT_TRUE(recs[3].is_write);
    EXPECT_EQ(recs[4].addr, 0x140u);
    EXPECT_FALSE(recs[4].is_write);
    EXPECT_TRUE(recs[5].is_write);
    EXPECT_EQ(recs[6].cycle, 1000);
    EXPECT_EQ(recs[6].addr, 0x1c0u);
    EXPECT_EQ(recs[0].cycle, -1);
}

TEST(TraceReader, ErrorsNameFileLineAndColumn) {
    EXPECT_EQ(parseError("LD 0x0\nXX 0x40\n"), "t.trace:2:1: unknown operation 'XX' (expected LD, ST, R or W)");
    EXPECT_EQ(parseError("LD zz\n"),
              "t.trace:1:4: bad address 'zz' (expected 0x-prefixed hexadecimal or decimal)");
    EXPECT_EQ(parseError("LD 0x40 extra\n"), "t.trace:1:9: unexpected 'extra' after the request");
    EXPECT_EQ(parseError("# x\n  LD\n"), "t.trace:2:5: missing address after 'LD'");
    EXPECT_EQ(parseError("x1 LD 0x40\n"), "t.trace:1:1: bad cycle count 'x1' (expected a decimal integer)");
    EXPECT_EQ(parseError("0x40 FOO\n"), "t.trace:1:6: unknown operation 'FOO' (expected LD, ST, R or W)");
    EXPECT_EQ(parseError("LD 0x1ffffffffffffffff\n").substr(0, 14), "t.trace:1:4: b");
    // Time is kept in picoseconds: a cycle whose picoseconds overflow 64 bits
    // used to wrap (a 2^62 leading cycle replayed as 36 cycles).
    EXPECT_EQ(parseError("4611686018427387904 LD 0x40\n"),
              "t.trace:1:1: cycle count '4611686018427387904' beyond 2^50");
}

TEST(TraceReplay, LargestLeadingCycleKeepsItsTime) {
    std::istringstream in("LD 0x0\n1125899906842624 LD 0x40\n");
    const TraceReplayResult r = replayTrace(in, "mem", dramPreset("ddr4_2400"));
    EXPECT_GT(r.cycles, int64_t(1) << 50);
}

TEST(TraceReplay, TwoReadsInOneRow) {
    std::istringstream in("LD 0x0\nLD 0x40\n");
    DramParams p = dramPreset("ddr4_2400");
    const TraceReplayResult r = replayTrace(in, "mem", p);
    // ACT 0, RD 16, RD 22 (tCCD_L); done 36 and 42.
    EXPECT_EQ(r.reads, 2u);
    EXPECT_EQ(r.cycles, 42);
    EXPECT_DOUBLE_EQ(r.ns, 42 / 1.2);
    EXPECT_DOUBLE_EQ(r.bandwidth_gbytes_per_s, 128 / (42 / 1.2));
    EXPECT_DOUBLE_EQ(r.avg_read_latency_ns, (36 + 42) / 2 / 1.2);
    EXPECT_DOUBLE_EQ(r.p99_read_latency_ns, 42 / 1.2);
    EXPECT_EQ(r.row_misses, 1u);
    EXPECT_EQ(r.row_hits, 1u);
    EXPECT_GT(r.energy_pj, 0.0);
    const nlohmann::json j = r.toJson(p);
    for (const char* k : {"cycles", "ns", "bandwidth_gbytes_per_s", "avg_read_latency_ns", "p99_read_latency_ns",
                          "row_hits", "row_misses", "row_conflicts", "reads", "writes", "energy_pj", "dram"})
        EXPECT_TRUE(j.contains(k)) << k;
    EXPECT_EQ(j.at("preset"), "ddr4_2400");
}

TEST(TraceReplay, LeadingCycleDelaysTheRequest) {
    std::istringstream in("LD 0x0\n1000 LD 0x40\n");
    const TraceReplayResult r = replayTrace(in, "mem", dramPreset("ddr4_2400"));
    // Second read: row hit arriving at 1000, done 1020.
    EXPECT_EQ(r.cycles, 1020);
    EXPECT_EQ(r.stats.read_latency_cycles.max(), 36u);
}

TEST(TraceReplay, SmallBurstsSplitALine) {
    // LPDDR4 bursts are 32 bytes on 2 channels: one line = one burst per channel.
    std::istringstream in("LD 0x0\nST 0x40\n");
    const TraceReplayResult r = replayTrace(in, "mem", dramPreset("lpddr4_3200"));
    EXPECT_EQ(r.reads, 1u);
    EXPECT_EQ(r.writes, 1u);
    EXPECT_EQ(r.stats.read_requests, 2u);
    EXPECT_EQ(r.stats.write_requests, 2u);
    EXPECT_EQ(r.stats.bytes(), 128u);
}

TEST(TraceReplay, FileErrors) {
    EXPECT_THROW(replayTrace("/nonexistent/x.trace", dramPreset("ddr4_2400")), InputError);
    const std::string dir = test::tempDir("dram_trace");
    test::writeFile(dir + "/bad.trace", "LD 0x0\nLD 0x40 0x80\n");
    try {
        replayTrace(dir + "/bad.trace", dramPreset("ddr4_2400"));
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), dir + "/bad.trace:2:9: unexpected '0x80' after the request");
    }
    test::writeFile(dir + "/ok.trace", "LD 0x0\n");
    EXPECT_EQ(replayTrace(dir + "/ok.trace", dramPreset("ddr4_2400")).cycles, 36);
}

TEST(TraceReplay, ManyLinesStream) {
    // 200k lines through a generated stream (nothing is kept per line).
    std::string text;
    for (int i = 0; i < 200000; ++i) text += "LD 0x" + [&] {
        std::ostringstream s;
        s << std::hex << i * 64;
        return s.str();
    }() + "\n";
    std::istringstream in(text);
    const TraceReplayResult r = replayTrace(in, "mem", dramPreset("ddr4_2400"));
    EXPECT_EQ(r.reads, 200000u);
    EXPECT_NEAR(r.stats.fractionOfPeak(), 0.748, 0.01);  // see test_dram_bandwidth
}

}  // namespace
}  // namespace hcm
