// `hcmsim run` on the bit-serial engines (configs/stripes.yaml, loom.yaml,
// bismo.yaml): the precision laws of the published designs on layers whose
// cycle counts are worked by hand below (tests/data/serial_laws.yaml), binary
// layers, mixed per-layer precision, counters, energy, and the outputs every
// run writes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::runSummary;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using hcm::test::writeFile;
using nlohmann::json;

namespace {

// The two layers of serial_laws.yaml on `hw` at (abits, wbits), ideal memory.
json laws(const std::string& hw, int abits, int wbits, const std::string& name) {
    return runSummary({"--hw", hw, "--net", sourcePath("tests/data/serial_laws.yaml"), "--ideal-memory", "--abits",
                    std::to_string(abits), "--wbits", std::to_string(wbits)},
                   name);
}

int64_t cyclesOf(const json& j, size_t layer) { return j["layers"][layer]["cycles"].get<int64_t>(); }
double counter(const json& j, size_t layer, const char* name) { return j["layers"][layer]["engine"][name].get<double>(); }

}  // namespace

TEST(BitSerialRun, StripesTimeHalvesFrom8To4ActivationBits) {
    // Stripes 16 channels x 256 filters x 16 windows, 1 activation bit a cycle.
    // conv: ceil(64/16) = 4 bricks x ceil(256/256) = 1 filter group x
    // ceil(256/16) = 16 window groups x 9 taps x b_a cycles:
    //   a8: 4·16·9·8 = 4,608 cycles;  a4: 2,304 (weights stay 8-bit, parallel).
    const json a8 = laws("stripes", 8, 8, "stripes_a8");
    const json a4 = laws("stripes", 4, 8, "stripes_a4");
    EXPECT_EQ(cyclesOf(a8, 0), 4608);
    EXPECT_EQ(cyclesOf(a4, 0), 2304);
    EXPECT_EQ(a8["layers"][0]["stall_cycles"].get<int64_t>(), 0);
    EXPECT_EQ(counter(a8, 0, "serial_cycles_per_mac"), 8);
    EXPECT_EQ(counter(a4, 0, "serial_cycles_per_mac"), 4);
    EXPECT_EQ(counter(a8, 0, "bitserial_passes"), 4608);
    EXPECT_EQ(counter(a8, 0, "lane_utilization"), 1.0);  // every lane busy: whole bricks, filters, windows
    // 37,748,736 MACs x (8 activation x 8 weight bits) x 0.003 pJ = 7,247,757.3 pJ of lanes;
    // the layer's compute energy is the engine's table (no energy.mac_pj in stripes.yaml).
    EXPECT_NEAR(counter(a8, 0, "engine_energy_pj"), 37748736.0 * 64 * 0.003, 1e-3);
    EXPECT_NEAR(a8["layers"][0]["energy"]["compute_pj"].get<double>(), 37748736.0 * 64 * 0.003, 1e-3);
    // fc: one window, the 16 window lanes carry the activation bit-parallel:
    // 64 bricks x 4 filter groups x 1 cycle = 256 cycles, at 8 and at 4 bits.
    EXPECT_EQ(cyclesOf(a8, 1), 256);
    EXPECT_EQ(cyclesOf(a4, 1), 256);
    // The peak the engine reports per layer is the estimator's roof.
    EXPECT_EQ(a8["layers"][0]["peak_macs_per_cycle"].get<double>(), 8192);
    EXPECT_EQ(a8["layers"][1]["peak_macs_per_cycle"].get<double>(), 4096);
}

TEST(BitSerialRun, LoomTimeFallsFourfoldInConvAndTwofoldInFc) {
    // Loom 16 channels x 128 filters x 16 windows of 1b x 1b lanes.
    // conv: 4 bricks x 2 filter groups x 16 window groups x 9 taps x b_a·b_w:
    //   8/8: 4·2·16·9·64 = 73,728;  4/4: 4·2·16·9·16 = 18,432 (x4).
    // fc: 64 bricks x 8 filter groups x b_w (activations bit-parallel):
    //   8/8: 4,096;  4/4: 2,048 (x2).
    const json b8 = laws("loom", 8, 8, "loom_8");
    const json b4 = laws("loom", 4, 4, "loom_4");
    EXPECT_EQ(cyclesOf(b8, 0), 73728);
    EXPECT_EQ(cyclesOf(b4, 0), 18432);
    EXPECT_EQ(cyclesOf(b8, 1), 4096);
    EXPECT_EQ(cyclesOf(b4, 1), 2048);
    EXPECT_EQ(counter(b8, 0, "serial_cycles_per_mac"), 64);
    EXPECT_EQ(counter(b8, 1, "serial_cycles_per_mac"), 8);
    // The 2-bit-a-cycle variant (LM2b): ceil(8/2)·ceil(8/2) = 16 cycles a product.
    const json v2 = runSummary({"--hw", "loom", "--net", sourcePath("tests/data/serial_laws.yaml"), "--ideal-memory",
                             "--set", "compute.bits_per_cycle=2"},
                            "loom_2b");
    EXPECT_EQ(cyclesOf(v2, 0), 18432);
}

TEST(BitSerialRun, BismoPassesAreWeightBitsTimesActivationBits) {
    // BISMO 8x256x8 on the conv as a GEMM m = 256, k = 576, n = 256:
    // ceil(256/8)·ceil(256/8)·ceil(576/256) = 32·32·3 = 3,072 chunks per pass,
    // b_w·b_a passes each.
    for (const auto& [a, w] : {std::pair{1, 1}, {2, 4}, {4, 2}, {3, 5}, {8, 8}}) {
        const json j = laws("bismo", a, w, "bismo_" + std::to_string(a) + std::to_string(w));
        EXPECT_EQ(counter(j, 0, "serial_cycles_per_mac"), a * w) << a << "x" << w;
        EXPECT_EQ(counter(j, 0, "bitserial_passes"), 3072.0 * a * w) << a << "x" << w;
        EXPECT_EQ(cyclesOf(j, 0), 3072 * a * w) << a << "x" << w;
        EXPECT_EQ(counter(j, 0, "lane_utilization"), 0.75);  // k = 576 fills 3 chunks of 256 to 75%
        // fc with batch 1: one of the 8 DPU rows used, 4 chunks of 1024, 128 column folds.
        EXPECT_EQ(cyclesOf(j, 1), 128 * 4 * a * w);
    }
}

TEST(BitSerialRun, BinaryAndMixedPrecisionLayers) {
    // A network with a binary layer and per-layer precisions: XNOR + popcount
    // is one serial step (one binary pass) a product on every bit-serial engine.
    const std::string dir = tempDir("mixed_net");
    writeFile(dir + "/net.yaml",
              "name: mixed\nlayers:\n"
              "  - {name: bin, op: conv, in: [64, 16, 16], out: 256, kernel: 3, pad: 1, wbits: 1, abits: 1}\n"
              "  - {name: w2a4, op: conv, in: [256, 16, 16], out: 256, kernel: 3, pad: 1, wbits: 2, abits: 4}\n"
              "  - {name: pool, op: pool, in: [256, 16, 16], kernel: 2, stride: 2, abits: 4}\n"
              "  - {name: w8a8, op: fc, in: 16384, out: 256}\n");
    struct Expect {
        const char* hw;
        double steps[3];  // serial_cycles_per_mac of bin, w2a4, w8a8
    };
    for (const Expect& e : {Expect{"stripes", {1, 4, 1}}, Expect{"loom", {1, 8, 8}}, Expect{"bismo", {1, 8, 64}}}) {
        const json j = runSummary({"--hw", e.hw, "--net", dir + "/net.yaml"}, std::string("mixed_") + e.hw);
        ASSERT_TRUE(j["complete"].get<bool>());
        EXPECT_EQ(counter(j, 0, "serial_cycles_per_mac"), e.steps[0]) << e.hw;
        EXPECT_EQ(counter(j, 1, "serial_cycles_per_mac"), e.steps[1]) << e.hw;
        EXPECT_EQ(counter(j, 2, "serial_cycles_per_mac"), 0) << e.hw;  // pooling: no products
        EXPECT_EQ(counter(j, 3, "serial_cycles_per_mac"), e.steps[2]) << e.hw;
        // Sub-byte operands are packed: the binary layer's weights are 256·64·9 bits = 18,432 bytes.
        EXPECT_EQ(j["layers"][0]["dma_bytes"]["weight_read"].get<int64_t>(), 18432) << e.hw;
    }
}

TEST(BitSerialRun, RunWorksUnchangedWithCountersAreaAndPower) {
    // ResNet-18 on every bit-serial config through the full memory system.
    for (const std::string hw : {"stripes", "loom", "bismo"}) {
        const std::string dir = tempDir("r18_" + hw);
        const auto r = runHcmsim({"run", "--hw", hw, "--out", dir, "--quiet"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const json j = json::parse(readFile(dir + "/summary.json"));
        EXPECT_TRUE(j["complete"].get<bool>()) << hw;
        EXPECT_GT(j["platform"]["peak_power_w"].get<double>(), 0) << hw;
        if (hw != "bismo") {  // an FPGA overlay: no silicon area of its own
            EXPECT_GT(j["platform"]["area_mm2"].get<double>(), 0) << hw;
        }
        const std::string csv = readFile(dir + "/layers.csv");
        const std::string header = hcm::test::csvHeader(csv);
        for (const char* col : {"bitserial_passes", "serial_cycles_per_mac", "lane_utilization", "engine_energy_pj"})
            EXPECT_NE(header.find(col), std::string::npos) << hw << " " << col;
        // The engine's roof equals the estimator's for every layer.
        const json est = json::parse(runHcmsim({"estimate", "--hw", hw, "--format", "json"}).out);
        for (size_t i = 0; i < j["layers"].size(); ++i) {
            const json& l = j["layers"][i];
            if (l["macs"].get<int64_t>() == 0) continue;
            EXPECT_DOUBLE_EQ(l["peak_macs_per_cycle"].get<double>(), est["layers"][i]["peak_macs_per_cycle"].get<double>())
                << hw << " " << l["name"];
            EXPECT_GE(l["cycles"].get<int64_t>(), l["engine_ideal_cycles"].get<int64_t>()) << hw << " " << l["name"];
        }
    }
}
