// `hcmsim run` on the Bit Fusion engine (configs/bitfusion.yaml): with ideal
// memory its compute cycles equal the public Bit Fusion simulator's count
// (Sharma et al., ISCA 2018; github.com/hsharma35/bitfusion accelerator.py
// get_compute_cycles, channel-wise; get_FC_cycles for fc) for every conv and
// fc layer of ResNet-18, AlexNet and VGG-16 at every precision pair 2..8 x
// 2..8; grouped convs group by group; brick utilisation, energy and the
// outputs of a full run.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

#include "support/cli_runner.hpp"
#include "workloads/network_loader.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using hcm::test::writeFile;
using nlohmann::json;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// A run on the Bit Fusion reference config.
json runJson(const std::vector<std::string>& extra, const std::string& name) {
    std::vector<std::string> args = {"--hw", "bitfusion"};
    args.insert(args.end(), extra.begin(), extra.end());
    return hcm::test::runSummary(args, name);
}

// The Bit Fusion simulator, N = 16 units along the input channels, M = 32
// along the output channels, pmax 8, pmin 2:
//   batch·ceil(K/M)·P·Q·R·S·ceil(C/(N·floor(8/max(a,2))·floor(8/max(w,2))))
int64_t bitFusionCycles(const hcm::Layer& L, int a, int w) {
    const int64_t f = (8 / std::max(a, 2)) * (8 / std::max(w, 2));
    if (L.op == hcm::LayerOp::FC) return L.n * ceilDiv(L.k, 32) * ceilDiv(L.c, 16 * f);
    return L.n * ceilDiv(L.k, 32) * L.p() * L.q() * L.r * L.s * ceilDiv(L.c, 16 * f);
}

std::string s(int64_t v) { return std::to_string(v); }

// The layer as a network-YAML entry at (abits, wbits), reading a network
// input of its own: the layers of the test network are independent.
std::string yamlOf(const hcm::Layer& L, const std::string& name, int a, int w) {
    std::string y = "  - {name: " + name + ", from: \"@input\", abits: " + s(a) + ", wbits: " + s(w) + ", ";
    if (L.op == hcm::LayerOp::FC) return y + "op: fc, in: " + s(L.c) + ", out: " + s(L.k) + "}\n";
    y += "op: conv, in: [" + s(L.c) + ", " + s(L.h) + ", " + s(L.w) + "], out: " + s(L.k) + ", kernel: [" + s(L.r) +
         ", " + s(L.s) + "], stride: [" + s(L.stride_h) + ", " + s(L.stride_w) + "], pad: [" + s(L.pad_top) + ", " +
         s(L.pad_left) + ", " + s(L.pad_bottom) + ", " + s(L.pad_right) + "], dilation: [" + s(L.dil_h) + ", " +
         s(L.dil_w) + "]";
    if (L.ceil_mode) y += ", ceil_mode: true";
    return y + "}\n";
}

}  // namespace

TEST(BitFusion, CyclesEqualThePublishedSimulatorOnZooLayersAtEveryPrecisionPair) {
    // Every distinct conv / fc shape of three zoo networks, each at the 49
    // precision pairs, in one network; one simulation with ideal memory.
    std::map<std::string, hcm::Layer> shapes;
    for (const char* net : {"resnet18", "alexnet", "vgg16"})
        for (const hcm::Layer& L : hcm::loadNetworkShapes(net).layers)
            if (L.hasWeights() && L.groups == 1) shapes.emplace(yamlOf(L, "x", 8, 8), L);
    ASSERT_GE(shapes.size(), 25u);
    std::vector<std::pair<hcm::Layer, std::pair<int, int>>> cases;
    std::string yaml = "name: bitfusion_zoo_layers\nlayers:\n";
    for (const auto& [key, L] : shapes)
        for (int a = 2; a <= 8; ++a)
            for (int w = 2; w <= 8; ++w) {
                yaml += yamlOf(L, "l" + s(int64_t(cases.size())), a, w);
                cases.push_back({L, {a, w}});
            }
    const std::string dir = tempDir("bf_zoo_net");
    writeFile(dir + "/net.yaml", yaml);
    const json j = runJson({"--net", dir + "/net.yaml", "--ideal-memory"}, "bf_zoo");
    ASSERT_EQ(j["layers"].size(), cases.size());
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto& [L, prec] = cases[i];
        const json& l = j["layers"][i];
        ASSERT_EQ(l["cycles"].get<int64_t>(), bitFusionCycles(L, prec.first, prec.second))
            << "C=" << L.c << " K=" << L.k << " " << L.r << "x" << L.s << " a" << prec.first << " w" << prec.second;
        ASSERT_EQ(l["stall_cycles"].get<int64_t>(), 0);
        ASSERT_EQ(l["engine"]["fused_products_per_unit"].get<double>(),
                  (8 / std::max(prec.first, 2)) * (8 / std::max(prec.second, 2)));
    }
    // ResNet-18 conv1 at 8/8 (C = 3 in one brick of 16): 112·112·49·ceil(64/32) = 1,229,312.
    const json c1 = runJson({"--net", "resnet18", "--ideal-memory", "--layers", "conv1"}, "bf_conv1");
    EXPECT_EQ(c1["layers"][0]["cycles"].get<int64_t>(), 1229312);
}

TEST(BitFusion, DepthwiseConvsRunGroupByGroup) {
    // MobileNetV2 features.1.conv.0.0: 3x3 depthwise on 32 x 112x112: 32 groups
    // of a 1 -> 1 channel conv, each 112·112·9·ceil(1/32)·ceil(1/16) = 112,896
    // cycles: 3,612,672 in all, at 8 bits and at 2 (one channel fills one row
    // of one unit whatever the fusion: the array is 1/(16·32·f) busy).
    for (int bits : {8, 2}) {
        const json j = runJson({"--net", "mobilenet_v2", "--ideal-memory", "--layers", "features.1.conv.0.0",
                                "--wbits", s(bits), "--abits", s(bits)},
                               "bf_dw" + s(bits));
        EXPECT_EQ(j["layers"][0]["cycles"].get<int64_t>(), 3612672) << bits;
    }
}

TEST(BitFusion, BrickUtilisationAndEnergy) {
    const std::string net = sourcePath("tests/data/serial_laws.yaml");
    // conv 64 -> 256, 3x3, 16x16 output. 8/8: f = 1, 16 channels a brick:
    // 256 px · 9 taps · 4 bricks · 8 filter groups = 73,728 cycles, every brick busy.
    const json b8 = runJson({"--net", net, "--ideal-memory", "--set", "compute.brick_pj=0.05"}, "bf_e8");
    const json& l = b8["layers"][0];
    EXPECT_EQ(l["cycles"].get<int64_t>(), 73728);
    EXPECT_EQ(l["engine"]["brick_utilization"].get<double>(), 1.0);
    // 37,748,736 MACs x 16 bricks = 603,979,776 brick products x 0.05 pJ = 30,198,988.8 pJ,
    // plus the paper's 235.1 pJ per busy cycle: 73,728 x 235.1 = 17,333,452.8 pJ.
    EXPECT_EQ(l["engine"]["brick_products"].get<double>(), 603979776.0);
    EXPECT_NEAR(l["engine"]["engine_energy_pj"].get<double>(), 30198988.8, 1e-3);
    EXPECT_NEAR(l["energy"]["compute_pj"].get<double>(), 30198988.8 + 17333452.8, 1e-3);
    // 5/5: still one product a unit, but only 3x3 of the 16 bricks carry bits.
    const json b5 = runJson({"--net", net, "--ideal-memory", "--abits", "5", "--wbits", "5"}, "bf_e5");
    EXPECT_EQ(b5["layers"][0]["cycles"].get<int64_t>(), 73728);
    EXPECT_EQ(b5["layers"][0]["engine"]["brick_utilization"].get<double>(), 0.5625);
    // 4/4: f = 4, 64 channels a brick: one brick, 4x faster (18,432 cycles).
    // 2/2: f = 16 wants 256 channels; the layer has 64, so no faster than 4/4
    // and a quarter of the bricks idle.
    const json b4 = runJson({"--net", net, "--ideal-memory", "--abits", "4", "--wbits", "4"}, "bf_e4");
    const json b2 = runJson({"--net", net, "--ideal-memory", "--abits", "2", "--wbits", "2"}, "bf_e2");
    EXPECT_EQ(b4["layers"][0]["cycles"].get<int64_t>(), 18432);
    EXPECT_EQ(b2["layers"][0]["cycles"].get<int64_t>(), 18432);
    EXPECT_EQ(b2["layers"][0]["engine"]["brick_utilization"].get<double>(), 0.25);
    // Binary layers run as 2-bit: 16 products a unit.
    const json b1 = runJson({"--net", net, "--ideal-memory", "--abits", "1", "--wbits", "1"}, "bf_e1");
    EXPECT_EQ(b1["layers"][0]["engine"]["fused_products_per_unit"].get<double>(), 16);
    // fc 1024 -> 1024 at 8/8: ceil(1024/32)·ceil(1024/16) = 2,048 cycles.
    EXPECT_EQ(b8["layers"][1]["cycles"].get<int64_t>(), 2048);
}

TEST(BitFusion, ReferenceConfigRunsResNet18) {
    const std::string dir = tempDir("bf_r18");
    const auto r = runHcmsim({"run", "--hw", "bitfusion", "--out", dir, "--quiet"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json j = json::parse(readFile(dir + "/summary.json"));
    EXPECT_TRUE(j["complete"].get<bool>());
    // 512 units x 1,733.1 um² + 112 KiB x 0.006 mm²/KiB + 0.2 mm² fixed = 1.7593 mm².
    EXPECT_NEAR(j["platform"]["area_mm2"].get<double>(), 0.8873472 + 0.672 + 0.2, 1e-9);
    EXPECT_GT(j["platform"]["peak_power_w"].get<double>(), 0.1175);
    const std::string csv = readFile(dir + "/layers.csv");
    const std::string header = hcm::test::csvHeader(csv);
    for (const char* col : {"fused_products_per_unit", "brick_utilization", "brick_products", "engine_energy_pj"})
        EXPECT_NE(header.find(col), std::string::npos) << col;
    const json est = json::parse(runHcmsim({"estimate", "--hw", "bitfusion", "--format", "json"}).out);
    for (size_t i = 0; i < j["layers"].size(); ++i) {
        const json& l = j["layers"][i];
        if (l["macs"].get<int64_t>() == 0) continue;
        EXPECT_DOUBLE_EQ(l["peak_macs_per_cycle"].get<double>(), est["layers"][i]["peak_macs_per_cycle"].get<double>());
        // Outputs carry 10 significant digits.
        const double compute = 235.1 * double(l["compute_cycles"].get<int64_t>());
        EXPECT_NEAR(l["energy"]["compute_pj"].get<double>(), compute, 1e-9 * compute) << l["name"];
    }
}
