// hcmsim dram end to end: JSON on stdout, errors with exit code 2.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/cli_runner.hpp"

namespace {

using hcm::test::runHcmsim;

std::string traceFile(const std::string& name, const std::string& text) {
    const std::string path = hcm::test::tempDir("dram_cli_" + name) + "/" + name + ".trace";
    hcm::test::writeFile(path, text);
    return path;
}

TEST(DramCli, PrintsJsonWithUnits) {
    const auto r = runHcmsim({"dram", "--trace", traceFile("ok", "LD 0x0\nLD 0x40\n")});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    // Default platform: ddr4_2400. ACT 0, RD 16 and 22: done 42 cycles = 35 ns.
    EXPECT_EQ(j.at("preset"), "ddr4_2400");
    EXPECT_EQ(j.at("cycles"), 42);
    EXPECT_DOUBLE_EQ(j.at("ns").get<double>(), 35.0);
    EXPECT_NEAR(j.at("bandwidth_gbytes_per_s").get<double>(), 128.0 / 35.0, 1e-9);  // 10 significant digits
    EXPECT_DOUBLE_EQ(j.at("avg_read_latency_ns").get<double>(), 32.5);
    EXPECT_EQ(j.at("row_hits"), 1);
    EXPECT_EQ(j.at("row_misses"), 1);
    EXPECT_EQ(j.at("row_conflicts"), 0);
}

TEST(DramCli, PresetAndSetOverrides) {
    const std::string trace = traceFile("ovr", "LD 0x0\nLD 0x40\n");
    auto r = runHcmsim({"dram", "--trace", trace, "--preset", "hbm2", "--set", "dram.page_policy=closed"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("preset"), "hbm2");
    EXPECT_EQ(j.at("page_policy"), "closed");
    EXPECT_EQ(j.at("channels"), 16);
    r = runHcmsim({"dram", "--trace", trace, "--hw", "default", "--set", "dram.timing.CL=20"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("cycles"), 42 + 4);  // CL 16 -> 20
}

TEST(DramCli, BadInputExitsWithTwo) {
    auto r = runHcmsim({"dram", "--trace", traceFile("bad", "LD 0x0\nLD 0x40 junk\n")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("bad.trace:2:9: unexpected 'junk'"), std::string::npos) << r.err;
    r = runHcmsim({"dram", "--trace", "/nonexistent.trace"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("cannot open trace file"), std::string::npos) << r.err;
    r = runHcmsim({"dram"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("--trace"), std::string::npos);
    r = runHcmsim({"dram", "--trace", traceFile("x", "LD 0x0\n"), "--preset", "ddr9"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("dram.preset"), std::string::npos) << r.err;
    r = runHcmsim({"dram", "--trace", traceFile("y", "LD 0x0\n"), "--set", "dram.timing.tRC=10"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("dram.timing.tRC: must be at least tRAS + tRP"), std::string::npos) << r.err;
}

TEST(DramCli, Help) {
    const auto r = runHcmsim({"dram", "--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("--trace"), std::string::npos);
    EXPECT_NE(r.out.find("--preset"), std::string::npos);
}

}  // namespace
