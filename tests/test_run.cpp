// End-to-end `hcmsim run`: SCALE-Sim equality on ideal memory, measured
// traffic on hand-worked layers, stall accounting, zoo networks, determinism,
// VCD validity.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::runSummary;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using hcm::test::writeFile;
using nlohmann::json;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// SCALE-Sim's stall-free cycle count (Samajdar et al., SCALE-Sim), worked independently of
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
            const json j = runSummary({"--net", sourcePath("tests/data/scalesim_small.csv"), "--ideal-memory", "--set",
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
    const json ws = runSummary({"--net", sourcePath("tests/data/scalesim_small.csv"), "--ideal-memory", "--set",
                             "compute.rows=32", "--set", "compute.cols=32", "--layers", "Conv1"},
                            "alexnet_conv1");
    EXPECT_EQ(ws["layers"][0]["cycles"].get<int64_t>(), 112284);
}

// A SCALE-Sim v2 config (--hw x.cfg) is the platform its YAML translation
// describes: the same cycles as the YAML written by hand, SCALE-Sim's own
// stall-free count with --ideal-memory, and located errors.
TEST(Run, ScaleSimConfigRunsAsTheMatchingYaml) {
    const std::string dir = tempDir("scalesim_cfg");
    writeFile(dir + "/scale.cfg",
              "[general]\nrun_name = scale_example_run_32x32_os\n\n[architecture_presets]\nArrayHeight:    32\n"
              "ArrayWidth:     32\nIfmapSramSzkB:   64 \nFilterSramSzkB:  48\nOfmapSramSzkB:   32\n"
              "IfmapOffset:    0\nFilterOffset:   10000000\nOfmapOffset:    20000000\nBandwidth : 10\n"
              "Dataflow : os\nMemoryBanks:   1\n\n[run_presets]\nInterfaceBandwidth: USER\n");
    const std::string net = sourcePath("tests/data/scalesim_small.csv");
    const json cfg = runSummary({"--hw", dir + "/scale.cfg", "--net", net}, "scalesim_cfg_run");
    const json yaml = runSummary({"--net", net, "--set", "compute.rows=32", "--set", "compute.cols=32", "--set",
                                  "compute.dataflow=os", "--set", "buffers.weight.capacity_kib=48", "--set",
                                  "buffers.ofmap.capacity_kib=32", "--set", "interconnect.width_bits=80"},
                                 "scalesim_yaml_run");
    ASSERT_EQ(cfg["layers"].size(), 4u);
    EXPECT_EQ(cfg["totals"]["cycles"], yaml["totals"]["cycles"]);
    EXPECT_EQ(cfg["totals"]["dram_read_bytes"], yaml["totals"]["dram_read_bytes"]);
    EXPECT_EQ(cfg["provenance"]["platform"]["fingerprint"], yaml["provenance"]["platform"]["fingerprint"]);
    EXPECT_EQ(cfg["platform"]["name"], "scale_example_run_32x32_os");
    const json ideal = runSummary({"--hw", dir + "/scale.cfg", "--net", net, "--ideal-memory"}, "scalesim_cfg_ideal");
    struct L { int64_t npx, w, k; };
    const L layers[] = {{55 * 55, 11 * 11 * 3, 96}, {10 * 10, 9 * 20, 40}, {8 * 8, 64, 33}, {1, 300, 70}};
    for (size_t i = 0; i < 4; ++i)
        EXPECT_EQ(ideal["layers"][i]["cycles"].get<int64_t>(),
                  scaleSimCycles("os", 32, 32, layers[i].npx, layers[i].w, layers[i].k))
            << i;

    const auto expectError = [&](const std::string& text, const std::string& fragment) {
        writeFile(dir + "/bad.cfg", text);
        const auto r = runHcmsim({"estimate", "--hw", dir + "/bad.cfg", "--net", net});
        EXPECT_EQ(r.exitCode, 2) << r.err;
        EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
    };
    expectError("[architecture_presets]\nArrayHeight: 8\nArrayWidth: 8\nIfmapSramSzkB: 8\nFilterSramSzkB: 8\n"
                "OfmapSramSzkB: 8\nDataflow: rs\n",
                "bad.cfg:7:1: Dataflow: 'rs' is not one of: os, ws, is");
    expectError("[architecture_presets]\nArrayHeight: eight\n", "bad.cfg:2:1: ArrayHeight: 'eight' is not an integer");
    expectError("[architecture_presets]\nArrayHeight: 8\n", "bad.cfg: ArrayWidth: required key is missing");
    expectError("[architecture_presets]\nSparsitySupport: true\n", "bad.cfg:2:1: SparsitySupport: not a SCALE-Sim v2");
}

TEST(Run, MeasuredTrafficOfALayerThatFitsIsEachTensorOnce) {
    const std::string dir = tempDir("fits");
    // 3x3 conv 16 -> 16 channels on 8x8 (pad 1): ifmap 16·8·8 = 1024 B, weights
    // 16·16·9 = 2304 B, outputs 1024 B at 8 bits. Everything fits the 64 KiB
    // buffers, so each tensor crosses once; DRAM moves whole 64-byte bursts and
    // these sizes are multiples of 64 in 4 KiB-aligned regions.
    writeFile(dir + "/net.yaml",
              "name: one\nlayers:\n  - {name: c, op: conv, in: [16, 8, 8], out: 16, kernel: 3, pad: 1}\n");
    const json j8 = runSummary({"--net", dir + "/net.yaml"}, "fits8");
    const json& l = j8["layers"][0];
    EXPECT_EQ(l["dma_bytes"]["ifmap_read"].get<int64_t>(), 1024);
    EXPECT_EQ(l["dma_bytes"]["weight_read"].get<int64_t>(), 2304);
    EXPECT_EQ(l["dma_bytes"]["ofmap_write"].get<int64_t>(), 1024);
    EXPECT_EQ(l["dram_read_bytes"].get<int64_t>(), 3328);
    EXPECT_EQ(l["dram_write_bytes"].get<int64_t>(), 1024);
    EXPECT_EQ(l["traffic_bits"].get<int64_t>(), 8 * (3328 + 1024));
    // Sub-byte operands are packed densely: at 4 bits every tensor halves.
    const json j4 = runSummary({"--net", dir + "/net.yaml", "--wbits", "4", "--abits", "4"}, "fits4");
    EXPECT_EQ(j4["layers"][0]["dma_bytes"]["ifmap_read"].get<int64_t>(), 512);
    EXPECT_EQ(j4["layers"][0]["dma_bytes"]["weight_read"].get<int64_t>(), 1152);
    EXPECT_EQ(j4["layers"][0]["dram_read_bytes"].get<int64_t>(), 1664);
    // Binary: an eighth.
    const json j1 = runSummary({"--net", dir + "/net.yaml", "--wbits", "1", "--abits", "1"}, "fits1");
    EXPECT_EQ(j1["layers"][0]["dma_bytes"]["ifmap_read"].get<int64_t>(), 128);
    EXPECT_EQ(j1["layers"][0]["dma_bytes"]["weight_read"].get<int64_t>(), 288);
}

TEST(Run, TimeSplitsIntoComputeAndStallsByCause) {
    const json j = runSummary({"--net", "resnet20"}, "split");
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
        const json j = runSummary({"--net", net}, "zoo_" + net);
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
        EXPECT_GT(j["totals"]["dram_bandwidth_gbytes_per_s"].get<double>(), 0.0);
        EXPECT_LT(j["totals"]["dram_bandwidth_gbytes_per_s"].get<double>(), 19.2);
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
    // hcmsim replaces SystemC's wall-clock $date with a fixed text
    // (sim/platform/vcd_timeline.cpp, copyWithoutVars), so the whole VCD matches.
    const std::string vcd = readFile(a + "/run.vcd");
    EXPECT_NE(vcd.find("$date\n     (not recorded: hcmsim output is reproducible)\n$end"), std::string::npos);
    EXPECT_EQ(vcd, readFile(b + "/run.vcd"));
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
    const json on = runSummary({"--net", "resnet20"}, "db_on");
    const json off = runSummary({"--net", "resnet20", "--set", "buffers.double_buffer=false"}, "db_off");
    EXPECT_LT(on["totals"]["cycles"].get<int64_t>(), off["totals"]["cycles"].get<int64_t>());
}

TEST(Run, SharedBufferWithAndWithoutDoubleBuffering) {
    // The default platform with one shared 256 KiB buffer in place of the three
    // 64 KiB ones (a shared buffer is a map, `buffers.shared: {capacity_kib: ..}`,
    // and excludes ifmap/weight/ofmap, so it takes a config file, not --set).
    const std::string dir = tempDir("shared_cfg");
    writeFile(dir + "/shared.yaml",
              "name: shared\nclock_mhz: 1000\n"
              "compute: {kind: bit_parallel, rows: 16, cols: 16, dataflow: ws, mac_bits: 8, pack: true}\n"
              "buffers:\n  double_buffer: true\n"
              "  shared: {capacity_kib: 256, banks: 4, width_bits: 128}\n"
              "interconnect: {width_bits: 256, latency_cycles: 2}\n"
              "dram: {preset: ddr4_2400}\nenergy: {mac_pj: 0.23}\n");
    // ResNet-20 layers 0-3 at 8 bits, CHW tensors in 4 KiB-aligned DRAM regions:
    //   conv1          3 -> 16, 32x32, 3x3 pad 1: ifmap 3*32*32 = 3,072 B, weights 16*3*9 = 432 B,
    //                  ofmap 16*32*32 = 16,384 B
    //   layer1.0.conv1 16 -> 16: ifmap 16,384 B, weights 16*16*9 = 2,304 B, ofmap 16,384 B
    //   layer1.0.conv2 the same
    //   layer1.0.add   two 16,384 B inputs (ifmap + residual), 16,384 B out
    // Every layer fits even a 128 KiB half: e.g. layer1.0.conv1 whole needs
    // ifmap 16,384 + 512 runs + weights 2,304 + 16 + 24-bit partial sums
    // 1,024 * 16 * 3 = 49,152 -> 68,368 B.
    int64_t totalCycles[2] = {0, 0};
    for (const bool db : {true, false}) {
        const std::string tag = db ? "on" : "off";
        const json j = runSummary({"--hw", dir + "/shared.yaml", "--net", "resnet20", "--layers", "0-3", "--set",
                                std::string("buffers.double_buffer=") + (db ? "true" : "false")},
                               "shared_db_" + tag);
        ASSERT_EQ(j["layers"].size(), 4u) << tag;
        totalCycles[db ? 0 : 1] = j["totals"]["cycles"].get<int64_t>();
        for (const auto& l : j["layers"]) {
            const auto& s = l["stalls"];
            const int64_t parts = l["compute_cycles"].get<int64_t>() + s["fill_cycles"].get<int64_t>() +
                                  s["load_cycles"].get<int64_t>() + s["store_cycles"].get<int64_t>() +
                                  s["buffer_cycles"].get<int64_t>() + s["drain_cycles"].get<int64_t>();
            EXPECT_EQ(parts, l["cycles"].get<int64_t>()) << tag << " " << l["name"];
            EXPECT_EQ(l["dram_write_bytes"].get<int64_t>(), 16384) << tag << " " << l["name"];
            EXPECT_EQ(l["dma_bytes"]["ofmap_write"].get<int64_t>(), 16384) << tag << " " << l["name"];
        }
        // conv1 runs as one tile (splitting the pixels adds a 46-cycle fold
        // overhead per block to both row folds, more than the fill it saves):
        // each tensor once. DRAM reads whole 64-byte bursts: 3,072 = 48 bursts,
        // 432 B -> 7 bursts = 448 B.
        const json& c1 = j["layers"][0];
        EXPECT_EQ(c1["tiling"].get<std::string>().rfind("bm=1024 ", 0), 0u) << c1["tiling"];
        EXPECT_EQ(c1["dma_bytes"]["ifmap_read"].get<int64_t>(), 3072) << tag;
        EXPECT_EQ(c1["dma_bytes"]["weight_read"].get<int64_t>(), 432) << tag;
        EXPECT_EQ(c1["dram_read_bytes"].get<int64_t>(), 3072 + 448) << tag;
        // The estimate: with everything in the buffer, HCM traffic is ideal:
        // (3,072 + 432 + 16,384) * 8 = 159,104 bits.
        EXPECT_EQ(c1["estimate"]["traffic_bits"].get<int64_t>(), 159104) << tag;
        // The 16 -> 16 convs: weights and outputs once. The planner minimises
        // time, so although the layer fits it may cut the pixels into blocks of
        // whole output rows, each re-reading its halo (one input row above and
        // below, clipped at the edges) — expected bytes follow the chosen bm.
        for (size_t i : {size_t(1), size_t(2)}) {
            const json& l = j["layers"][i];
            const std::string tiling = l["tiling"].get<std::string>();
            ASSERT_EQ(tiling.rfind("bm=", 0), 0u) << tiling;
            const int64_t bm = std::stoll(tiling.substr(3));
            ASSERT_EQ(bm % 32, 0) << tiling;  // whole output rows (Q = 32)
            EXPECT_NE(tiling.find("bc=16 bn=16"), std::string::npos) << tiling;  // all channels and filters
            int64_t ifmapBytes = 0, ifmapBursts = 0;
            for (int64_t p0 = 0; p0 < 32; p0 += bm / 32) {
                const int64_t h0 = std::max<int64_t>(0, p0 - 1), h1 = std::min<int64_t>(32, p0 + bm / 32 + 1);
                ifmapBytes += (h1 - h0) * 16 * 32;
                // One run per channel: bytes [c*1024 + h0*32, c*1024 + h1*32) in 64 B bursts.
                for (int64_t c = 0; c < 16; ++c)
                    ifmapBursts += ceilDiv(c * 1024 + h1 * 32, 64) - (c * 1024 + h0 * 32) / 64;
            }
            // bm = 1024: 16,384 B; bm = 512 (two 16-row blocks reading rows 0-16
            // and 15-31): 2 x 17 x 16 x 32 = 17,408 B, as DRAM bursts 2 x 16 x 9 x 64 = 18,432 B.
            EXPECT_EQ(l["dma_bytes"]["ifmap_read"].get<int64_t>(), ifmapBytes) << tag << " " << tiling;
            EXPECT_EQ(l["dma_bytes"]["weight_read"].get<int64_t>(), 2304) << tag << " " << tiling;
            EXPECT_EQ(l["dram_read_bytes"].get<int64_t>(), ifmapBursts * 64 + 2304) << tag << " " << tiling;
        }
        // The add: both inputs and the output once.
        const json& add = j["layers"][3];
        EXPECT_EQ(add["dma_bytes"]["ifmap_read"].get<int64_t>(), 16384) << tag;
        EXPECT_EQ(add["dma_bytes"]["residual_read"].get<int64_t>(), 16384) << tag;
        EXPECT_EQ(add["dram_read_bytes"].get<int64_t>(), 32768) << tag;
    }
    // Same tiles and bytes either way; the second half of the buffer lets loads overlap compute.
    EXPECT_LT(totalCycles[0], totalCycles[1]);
}
