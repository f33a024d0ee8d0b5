// Absurd but well-formed inputs fail fast with a clear message or run in
// bounded memory (docs/limits.md).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::tempDir;
using hcm::test::writeFile;

TEST(Bounds, OversizedYamlIsRefusedBeforeParsing) {
    const std::string dir = tempDir("bounds_yaml");
    {
        std::ofstream f(dir + "/big.yaml");
        f << "name: big\nlayers:\n";
        const std::string pad(1023, '#');
        for (int i = 0; i < 9 * 1024; ++i) f << pad << "\n";  // 9 MiB of comments
    }
    const auto r = runHcmsim({"estimate", "--net", dir + "/big.yaml"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find(dir + "/big.yaml: file is 9 MiB; YAML inputs are limited to 8 MiB"), std::string::npos) << r.err;
}

TEST(Bounds, TooManyLayers) {
    const std::string dir = tempDir("bounds_layers");
    {
        std::ofstream f(dir + "/deep.yaml");
        f << "name: deep\nlayers:\n";
        for (int i = 0; i <= 50000; ++i) f << "  - {name: l" << i << ", op: fc, in: 4, out: 4}\n";
    }
    const auto r = runHcmsim({"estimate", "--net", dir + "/deep.yaml"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("layers: 50001 layers; networks are limited to 50000"), std::string::npos) << r.err;
}

TEST(Bounds, TooManyStudyPoints) {
    const std::string dir = tempDir("bounds_study");
    std::string axis = "[";
    for (int i = 1; i <= 40; ++i) axis += (i > 1 ? ", " : "") + std::to_string(i);
    axis += "]";
    writeFile(dir + "/s.yaml", "name: s\naxes:\n  compute.rows: " + axis + "\n  compute.cols: " + axis +
                                   "\n  clock_mhz: " + axis + "\n  buffers.ifmap.capacity_kib: " + axis + "\n");
    const auto r = runHcmsim({"sweep", "--study", dir + "/s.yaml", "--list"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("the axes give 2560000 points; a study is limited to 1000000"), std::string::npos) << r.err;
}

TEST(Bounds, HugeArraysAndBuffersAreBookkeepingOnly) {
    // 4·10^9 PEs with terabyte buffers: estimated at once.
    const auto e = runHcmsim({"estimate", "--net", "resnet18", "--set", "compute.rows=65536", "--set",
                              "compute.cols=65536", "--set", "buffers.ifmap.capacity_kib=1073741824", "--set",
                              "buffers.weight.capacity_kib=1073741824", "--set",
                              "buffers.ofmap.capacity_kib=1073741824", "--format", "json"});
    ASSERT_EQ(e.exitCode, 0) << e.err;
    EXPECT_GT(nlohmann::json::parse(e.out)["totals"]["cycles"].get<int64_t>(), 0);
    // 10^12 PEs on 64 KiB buffers: the estimate, like the run, says it cannot hold a fold.
    const auto big = runHcmsim({"estimate", "--net", "resnet18", "--set", "compute.rows=1048576", "--set",
                                "compute.cols=1048576", "--format", "json"});
    EXPECT_EQ(big.exitCode, 2);
    EXPECT_NE(big.err.find("cannot be tiled"), std::string::npos) << big.err;
    // A 10^9-PE array cannot hold one fold's operands in 64 KiB buffers: a clear error.
    const std::string dir = tempDir("bounds_pe");
    const auto run = runHcmsim({"run", "--net", "resnet18", "--out", dir, "--quiet", "--set", "compute.rows=31623",
                                "--set", "compute.cols=31623"});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.err.find("cannot be tiled"), std::string::npos) << run.err;
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    // Terabyte buffers run (nothing is allocated per byte).
    const auto tb = runHcmsim({"run", "--net", "resnet20", "--out", dir, "--quiet", "--set",
                               "buffers.ifmap.capacity_kib=1073741824", "--set", "buffers.weight.capacity_kib=1073741824",
                               "--set", "buffers.ofmap.capacity_kib=1073741824"});
    EXPECT_EQ(tb.exitCode, 0) << tb.err;
    // Beyond 1 TiB is a config error naming the key.
    const auto over = runHcmsim({"estimate", "--set", "buffers.ifmap.capacity_kib=2147483648"});
    EXPECT_EQ(over.exitCode, 2);
    EXPECT_NE(over.err.find("--set buffers.ifmap.capacity_kib: value 2147483648 is out of range"), std::string::npos)
        << over.err;
}

TEST(Bounds, NetworkLargerThanDram) {
    const auto r = runHcmsim({"run", "--net", "vgg16", "--batch", "1048576", "--quiet", "--out", tempDir("bounds_dram")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("does not fit in DRAM"), std::string::npos) << r.err;
}
