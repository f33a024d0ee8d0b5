// The command-line front end: help, exit codes, one-line errors naming the
// file/line/key, and the estimate outputs users script against.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"

using hcm::test::runHcmsim;
using hcm::test::sourcePath;

namespace {
// Every bad-input error is a single line on stderr and exit code 2.
void expectBadInput(const std::vector<std::string>& args, const std::string& fragment) {
    const auto r = runHcmsim(args);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
}
}  // namespace

TEST(Cli, HelpForEveryCommand) {
    for (const char* cmd : {"estimate", "run", "dram", "list", "sweep", "calibrate", "search", "costchart", "export"}) {
        const auto r = runHcmsim({cmd, "--help"});
        EXPECT_EQ(r.exitCode, 0) << cmd << ": " << r.err;
        EXPECT_NE(r.out.find("usage: hcmsim"), std::string::npos) << cmd;
    }
    const auto top = runHcmsim({"--help"});
    EXPECT_EQ(top.exitCode, 0);
    EXPECT_NE(top.out.find("estimate"), std::string::npos);
}

// Only the search helper loads pagmo (its start-up alone costs more than
// 60 ms); `hcmsim search` runs the helper with the same arguments, exit
// codes and messages.
TEST(Cli, OnlyTheSearchHelperLoadsPagmo) {
    const auto libraries = [](const std::string& exe) {
        std::string out;
        FILE* p = ::popen(("ldd '" + exe + "' 2>&1").c_str(), "r");
        if (!p) return out;
        char buf[4096];
        for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
        ::pclose(p);
        return out;
    };
    const std::string hcmsim = HCMSIM_BINARY;
    const std::string helper = hcmsim.substr(0, hcmsim.rfind('/') + 1) + "hcmsim-search";
    const std::string main = libraries(hcmsim), search = libraries(helper);
    ASSERT_NE(main.find("libsystemc"), std::string::npos) << main;
    EXPECT_EQ(main.find("libpagmo"), std::string::npos) << main;
    EXPECT_NE(search.find("libpagmo"), std::string::npos) << search;
    expectBadInput({"search", "--bogus"}, "hcmsim search: error: unrecognised option '--bogus'");
}

TEST(Cli, UnknownCommandAndOptions) {
    expectBadInput({"simulate"}, "unknown command 'simulate'");
    expectBadInput({"estimate", "--nett", "resnet18"}, "unrecognised option '--nett'");
    expectBadInput({"estimate", "--wbits", "eight"}, "--wbits: 'eight' is not an integer in 1..32, fp16 or fp32");
    expectBadInput({"estimate", "--batch", "0"}, "--batch: must be in 1..1048576");
    expectBadInput({"estimate", "--wbits", "0", "--net", "resnet18"}, "--wbits: '0' is not an integer in 1..32");
    expectBadInput({"estimate", "--wbits", "fp16", "--abits", "8"},
                   "--abits: weights and activations must both be integers or both floating point");
    expectBadInput({"estimate", "--wbits", "fp16"},
                   "layer 'conv1': floating-point operands are fp16 or fp32: got w16a8o8-fp");
    expectBadInput({"estimate", "--format", "xml"}, "--format: 'xml' is not one of: table, csv, json");
}

TEST(Cli, BadInputFilesNameFileLineAndKey) {
    const std::string dir = hcm::test::tempDir("cli_bad");
    hcm::test::writeFile(dir + "/hw.yaml", "name: x\nclock_mhz: 1000\ncompute: {kind: bit_parallel, rows: 0, cols: 4}\n");
    expectBadInput({"estimate", "--hw", dir + "/hw.yaml", "--net", "resnet18"},
                   dir + "/hw.yaml:3:37: compute.rows: value 0 is out of range");
    expectBadInput({"estimate", "--set", "compute.rows=0"}, "--set compute.rows: value 0 is out of range");
    // An unknown engine kind is rejected, never read as some other engine.
    hcm::test::writeFile(dir + "/tpu.yaml", "name: x\nclock_mhz: 1000\ncompute: {kind: tpu, rows: 4, cols: 4}\n");
    expectBadInput({"estimate", "--hw", dir + "/tpu.yaml", "--net", "resnet18"},
                   dir + "/tpu.yaml:3:17: compute.kind: 'tpu' is not one of: bit_parallel, bit_serial, bit_fusion, rram, gpu_sm");
    expectBadInput({"run", "--set", "compute.kind=gpu"}, "--set compute.kind: 'gpu' is not one of: bit_parallel,");
    expectBadInput({"estimate", "--set", "dram.preset=ddr9"}, "dram.preset");
    hcm::test::writeFile(dir + "/net.yaml", "name: n\nlayers:\n  - {name: a, op: conv, in: [3, 8, 8], out: 4, kernal: 3}\n");
    expectBadInput({"estimate", "--net", dir + "/net.yaml"}, dir + "/net.yaml:3:");
    hcm::test::writeFile(dir + "/topo.csv", "Layer name,H,W,R,S,C,K,Stride,\nc1,8,8,3,3,3,four,1,\n");
    expectBadInput({"estimate", "--net", dir + "/topo.csv"}, dir + "/topo.csv:2:14: Num Filter: expected an integer");
    hcm::test::writeFile(dir + "/q.yaml", "rules:\n  - {match: conv1, wbits: 64}\n");
    expectBadInput({"estimate", "--quant", dir + "/q.yaml"}, dir + "/q.yaml:2:27: rules[0].wbits: '64' is not an integer in 1..32, fp16 or fp32");
    expectBadInput({"estimate", "--net", "resnet1000"}, "--net: 'resnet1000' is neither a file nor a zoo network");
    expectBadInput({"estimate", "--hw", "nosuch"}, "--hw: 'nosuch' is neither a file nor a starter config");
    expectBadInput({"estimate", "--net", dir + "/missing.yaml"}, dir + "/missing.yaml: no such file");
    expectBadInput({"estimate", "--net", dir + "/net.onnx2"}, "no such file");
}

TEST(Cli, EstimateJsonHasTheDocumentedFields) {
    const auto r = runHcmsim({"estimate", "--net", sourcePath("tests/data/fc_16_64_32_32_5.yaml"), "--format", "json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["layers"].size(), 4u);
    for (const char* key : {"name", "op", "macs", "weights", "bops", "weight_bits", "input_bits", "output_bits",
                            "traffic_bits", "intensity_bops_per_bit", "bound", "cycles"})
        EXPECT_TRUE(j["layers"][0].contains(key)) << key;
    for (const char* key : {"macs", "weights", "bops", "weight_bits", "cycles"}) EXPECT_TRUE(j["totals"].contains(key)) << key;
    EXPECT_EQ(j["totals"]["bops"].get<int64_t>(), 4652832);
    EXPECT_EQ(j["totals"]["macs"].get<int64_t>(), 4256);
    EXPECT_EQ(j["totals"]["weight_bits"].get<int64_t>(), 4256 * 32);
    EXPECT_EQ(j["layers"][0]["weight_bits"].get<int64_t>(), 16 * 64 * 32);
}

TEST(Cli, EstimateCsvAndTableAndOutFile) {
    const std::string net = sourcePath("tests/data/fc_16_64_32_32_5.yaml");
    const auto csv = runHcmsim({"estimate", "--net", net, "--format", "csv"});
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_EQ(csv.out.substr(0, csv.out.find('\n')).find("name,op,wbits,abits,obits,format,macs"), 0u);
    EXPECT_EQ(std::count(csv.out.begin(), csv.out.end(), '\n'), 5);
    const auto table = runHcmsim({"estimate", "--net", net});
    EXPECT_EQ(table.exitCode, 0);
    EXPECT_NE(table.out.find("4,256 MACs"), std::string::npos) << table.out;
    const std::string dir = hcm::test::tempDir("cli_out");
    const auto toFile = runHcmsim({"estimate", "--net", net, "--format", "json", "--out", dir + "/e.json"});
    EXPECT_EQ(toFile.exitCode, 0);
    EXPECT_TRUE(toFile.out.empty());
    EXPECT_EQ(nlohmann::json::parse(hcm::test::readFile(dir + "/e.json"))["totals"]["bops"].get<int64_t>(), 4652832);
}

TEST(Cli, EstimateIsDeterministic) {
    const auto a = runHcmsim({"estimate", "--net", "resnet50", "--format", "json", "--wbits", "4", "--abits", "4"});
    const auto b = runHcmsim({"estimate", "--net", "resnet50", "--format", "json", "--wbits", "4", "--abits", "4"});
    ASSERT_EQ(a.exitCode, 0) << a.err;
    EXPECT_EQ(a.out, b.out);
}
