// End-to-end `hcmsim run`: SCALE-Sim equality on ideal memory, measured
// traffic on hand-worked layers, stall accounting, zoo networks, determinism,
// VCD validity.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using hcm::test::writeFile;
using nlohmann::json;

namespace {

json runJson(const std::vector<std::string>& extra, const std::string& name) {
    const std::string dir = tempDir(name);
    std::vector<std::string> args = {"run", "--out", dir, "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = runHcmsim(args);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return json::parse(readFile(dir + "/summary.json"));
}

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// SCALE-Sim's stall-free cycle count (BRIEF.md §3), worked independently of
// the simulator's own model.
int64_t scaleSimCycles(const std::string& df, int64_t ra, int64_t ca, int64_t npx, int64_t w, int64_t k) {
    int64_t sr, sc, t;
    if (df == "os") sr = npx, sc = k, t = w;
    else if (df == "ws") sr = w, sc = k, t = npx;
    else sr = w, sc = npx, t = k;
    const int64_t fold = df == "os" ? t + ra + ca - 2 : 2 * ra + ca + t - 2;
    return ceilDiv(sr, ra) * ceilDiv(sc, ca) * fold;
}

}  // namespace

TEST(Run, ScaleSimEqualityOnIdealMemoryAllDataflows) {
    // Layers of tests/data/scalesim_small.csv: (Npx, W, K) with SCALE-Sim's
    // output size ceil((H - R + stride) / stride): 14x14, 1x1, stride 2 gives
    // ceil(15 / 2) = 8, not the usual 7.
    struct L { int64_t npx, w, k; };
    const L layers[] = {{55 * 55, 11 * 11 * 3, 96}, {10 * 10, 9 * 20, 40}, {8 * 8, 64, 33}, {1, 300, 70}};
    for (const std::string df : {"ws", "os", "is"}) {
        for (const auto& [ra, ca] : {std::pair<int64_t, int64_t>{32, 32}, {16, 8}}) {
            const json j = runJson({"--net", sourcePath("tests/data/scalesim_small.csv"), "--ideal-memory", "--set",
                                    "compute.dataflow=" + df, "--set", "compute.rows=" + std::to_string(ra), "--set",
                                    "compute.cols=" + std::to_string(ca)},
                                   "scalesim_" + df + std::to_string(ra));
            ASSERT_EQ(j["layers"].size(), 4u);
            for (size_t i = 0; i < 4; ++i) {
                const int64_t expected = scaleSimCycles(df, ra, ca, layers[i].npx, layers[i].w, layers[i].k);
                EXPECT_EQ(j["layers"][i]["cycles"].get<int64_t>(), expected)
                    << df << " " << ra << "x" << ca << " layer " << i;
                EXPECT_EQ(j["layers"][i]["stall_cycles"].get<int64_t>(), 0);
            }
        }
    }
    // The published figure: AlexNet conv1 on a 32x32 ws array.
    const json ws = runJson({"--net", sourcePath("tests/data/scalesim_small.csv"), "--ideal-memory", "--set",
                             "compute.rows=32", "--set", "compute.cols=32", "--layers", "Conv1"},
                            "alexnet_conv1");
    EXPECT_EQ(ws["layers"][0]["cycles"].get<int64_t>(), 112284);
}

TEST(Run, MeasuredTrafficOfALayerThatFitsIsEachTensorOnce) {
    const std::string dir = tempDir("fits");
    // 3x3 conv 16 -> 16 channels on 8x8 (pad 1): ifmap 16·8·8 = 1024 B, weights
    // 16·16·9 = 2304 B, outputs 1024 B at 8 bits. Everything fits the 64 KiB
    // buffers, so each tensor crosses once; DRAM moves whole 64-byte bursts and
    // these sizes are multiples of 64 in 4 KiB-aligned regions.
    writeFile(dir + "/net.yaml",
              "name: one\nlayers:\n  - {name: c, op: conv, in: [16, 8, 8], out: 16, kernel: 3, pad: 1}\n");
    const json j8 = runJson({"--net", dir + "/net.yaml"}, "fits8");
    const json& l = j8["layers"][0];
    EXPECT_EQ(l["dma_bytes"]["ifmap_read"].get<int64_t>(), 1024);
    EXPECT_EQ(l["dma_bytes"]["weight_read"].get<int64_t>(), 2304);
    EXPECT_EQ(l["dma_bytes"]["ofmap_write"].get<int64_t>(), 1024);
    EXPECT_EQ(l["dram_read_bytes"].get<int64_t>(), 3328);
    EXPECT_EQ(l["dram_write_bytes"].get<int64_t>(), 1024);
    EXPECT_EQ(l["traffic_bits"].get<int64_t>(), 8 * (3328 + 1024));
    // Sub-byte operands are packed densely: at 4 bits every tensor halves.
    const json j4 = runJson({"--net", dir + "/net.yaml", "--wbits", "4", "--abits", "4"}, "fits4");
    EXPECT_EQ(j4["layers"][0]["dma_bytes"]["ifmap_read"].get<int64_t>(), 512);
    EXPECT_EQ(j4["layers"][0]["dma_bytes"]["weight_read"].get<int64_t>(), 1152);
    EXPECT_EQ(j4["layers"][0]["dram_read_bytes"].get<int64_t>(), 1664);
    // Binary: an eighth.
    const json j1 = runJson({"--net", dir + "/net.yaml", "--wbits", "1", "--abits", "1"}, "fits1");
    EXPECT_EQ(j1["layers"][0]["dma_bytes"]["ifmap_read"].get<int64_t>(), 128);
    EXPECT_EQ(j1["layers"][0]["dma_bytes"]["weight_read"].get<int64_t>(), 288);
}

TEST(Run, TimeSplitsIntoComputeAndStallsByCause) {
    const json j = runJson({"--net", "resnet20"}, "split");
    for (const auto& l : j["layers"]) {
        const auto& s = l["stalls"];
        const int64_t parts = l["compute_cycles"].get<int64_t>() + s["fill_cycles"].get<int64_t>() +
                              s["load_cycles"].get<int64_t>() + s["store_cycles"].get<int64_t>() +
                              s["buffer_cycles"].get<int64_t>() + s["drain_cycles"].get<int64_t>();
        EXPECT_EQ(parts, l["cycles"].get<int64_t>()) << l["name"];
        EXPECT_GE(s["drain_cycles"].get<int64_t>(), 0) << l["name"];
        EXPECT_GE(l["cycles"].get<int64_t>(), l["engine_ideal_cycles"].get<int64_t>()) << l["name"];
    }
}

TEST(Run, ZooNetworksEndToEnd) {
    for (const std::string net : {"resnet20", "mobilenet_v2"}) {
        const json j = runJson({"--net", net}, "zoo_" + net);
        const json est = json::parse(runHcmsim({"estimate", "--net", net, "--format", "json"}).out);
        EXPECT_EQ(j["totals"]["macs"], est["totals"]["macs"]) << net;
        EXPECT_EQ(j["totals"]["bops"], est["totals"]["bops"]) << net;
        EXPECT_EQ(j["layers"].size(), est["layers"].size()) << net;
        EXPECT_TRUE(j["complete"].get<bool>());
        for (size_t i = 0; i < j["layers"].size(); ++i) {
            const auto& l = j["layers"][i];
            // Traffic can never be below each tensor once (ideal reuse) ...
            EXPECT_GE(l["traffic_bits"].get<int64_t>(), est["layers"][i]["ideal_traffic_bits"].get<int64_t>())
                << net << " " << l["name"];
            // ... and time never below the engine's stall-free schedule.
            EXPECT_GT(l["cycles"].get<int64_t>(), 0);
            EXPECT_LE(l["utilization"].get<double>(), 1.0 + 1e-9);
        }
        EXPECT_GT(j["totals"]["dram_bandwidth_gbps"].get<double>(), 0.0);
        EXPECT_LT(j["totals"]["dram_bandwidth_gbps"].get<double>(), 19.2);
    }
}

TEST(Run, DeterministicOutputs) {
    const std::string a = tempDir("det_a"), b = tempDir("det_b");
    for (const auto& d : {a, b}) {
        const auto r = runHcmsim({"run", "--net", "resnet20", "--wbits", "4", "--abits", "4", "--out", d, "--quiet",
                                  "--vcd", d + "/run.vcd", "--trace", d + "/run.json"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    for (const char* f : {"layers.csv", "summary.json", "run.json"}) EXPECT_EQ(readFile(a + "/" + f), readFile(b + "/" + f)) << f;
    // The VCD header carries SystemC's date line; everything after it must match.
    auto body = [](const std::string& s) { return s.substr(s.find("$timescale")); };
    EXPECT_EQ(body(readFile(a + "/run.vcd")), body(readFile(b + "/run.vcd")));
}

TEST(Run, VcdOpensInGtkwave) {
    const std::string dir = tempDir("vcd");
    const auto r = runHcmsim({"run", "--net", "resnet20", "--layers", "0-5", "--out", dir, "--quiet", "--vcd",
                              dir + "/run.vcd", "--trace", dir + "/trace.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string vcd = readFile(dir + "/run.vcd");
    for (const char* sig : {"queue_depth", "occupancy_bytes", "layer", "busy"})
        EXPECT_NE(vcd.find(sig), std::string::npos) << sig;
    if (std::system("command -v vcd2fst >/dev/null 2>&1") != 0) GTEST_SKIP() << "vcd2fst (gtkwave) not installed";
    const std::string cmd = "vcd2fst " + dir + "/run.vcd " + dir + "/run.fst >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    EXPECT_TRUE(std::filesystem::exists(dir + "/run.fst"));
    const json trace = json::parse(readFile(dir + "/trace.json"));
    EXPECT_TRUE(trace.contains("traceEvents"));
}

TEST(Run, TilesThatCannotFitAreABadConfig) {
    const std::string dir = tempDir("nofit");
    const auto r = runHcmsim({"run", "--net", "resnet20", "--out", dir, "--quiet", "--set",
                              "buffers.ofmap.capacity_bytes=16"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("cannot be tiled"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("resnet20.yaml:"), std::string::npos) << r.err;
}

TEST(Run, DoubleBufferingHidesMemoryTime) {
    const json on = runJson({"--net", "resnet20"}, "db_on");
    const json off = runJson({"--net", "resnet20", "--set", "buffers.double_buffer=false"}, "db_off");
    EXPECT_LT(on["totals"]["cycles"].get<int64_t>(), off["totals"]["cycles"].get<int64_t>());
}
