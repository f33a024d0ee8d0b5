// Host-side im2col of the first layer (workloads/im2col.hpp), as Bit Fusion's
// published simulator lowers it: the same MACs, weights and output as the
// convolution, the window matrix as input, and on Bit Fusion the cycle count
// of its per-layer formula with C*R*S reduction channels.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"
#include "workloads/im2col.hpp"

using hcm::test::runHcmsim;
using nlohmann::json;

namespace {

hcm::Layer alexnetConv1() {  // 224x224x3, 11x11, 64 filters, stride 4, pad 2: 55x55 out
    hcm::Layer L;
    L.name = "conv1";
    L.c = 3;
    L.h = L.w = 224;
    L.k = 64;
    L.r = L.s = 11;
    L.stride_h = L.stride_w = 4;
    L.pad_top = L.pad_left = L.pad_bottom = L.pad_right = 2;
    return L;
}

}  // namespace

TEST(Im2col, KeepsMacsWeightsAndOutputAndReadsTheWindowMatrix) {
    const hcm::Layer conv = alexnetConv1();
    const hcm::Layer m = hcm::im2colLowered(conv);
    EXPECT_EQ(conv.p(), 55);
    EXPECT_EQ(m.p(), 55);
    EXPECT_EQ(m.q(), 55);
    EXPECT_EQ(m.c, 3 * 11 * 11);
    EXPECT_EQ(m.r * m.s, 1);
    EXPECT_EQ(m.macs(), conv.macs());
    EXPECT_EQ(m.weights(), conv.weights());
    EXPECT_EQ(m.outputElements(), conv.outputElements());
    EXPECT_EQ(m.inputElements(), 55 * 55 * 363);  // every pixel once per window covering it
    EXPECT_EQ(m.name, "conv1");

    hcm::Layer grouped = conv;
    grouped.groups = 3;
    grouped.k = 63;
    EXPECT_THROW(hcm::im2colLowered(grouped), hcm::InputError);
}

// Bit Fusion's formula, batch x ceil(K/32) x P x Q x R x S x ceil(C/(16 x products)):
// at 8 bits (one product a unit), channel by channel 2 x 3025 x 121 x ceil(3/16) =
// 732,050 cycles; im2col'd 2 x 3025 x 1 x ceil(363/16) = 139,150.
TEST(Im2col, FirstLayerOnBitFusionFollowsItsSimulatorsFormula) {
    const std::string dir = hcm::test::tempDir("im2col_bitfusion");
    for (const bool lowered : {false, true}) {
        std::vector<std::string> args = {"run",     "--hw",          "bitfusion", "--net",  "alexnet", "--layers",
                                         "0",       "--ideal-memory", "--wbits",   "8",      "--abits", "8",
                                         "--quiet", "--out",          dir + (lowered ? "/im2col" : "/conv")};
        if (lowered) args.push_back("--im2col-first-layer");
        const auto r = runHcmsim(args);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        const json l = json::parse(hcm::test::readFile(dir + (lowered ? "/im2col" : "/conv") + "/summary.json"))["layers"][0];
        EXPECT_EQ(l["cycles"].get<int64_t>(), lowered ? 139150 : 732050);
        EXPECT_EQ(l["macs"].get<int64_t>(), 70276800);
    }
    // ResNet-18's conv1 (7x7, 3 -> 64, stride 2, 112x112 out): the simulator's 250,880.
    const auto r18 = runHcmsim({"run", "--hw", "bitfusion", "--net", "resnet18", "--layers", "0", "--ideal-memory",
                                "--wbits", "8", "--abits", "8", "--im2col-first-layer", "--quiet", "--out", dir + "/r18"});
    ASSERT_EQ(r18.exitCode, 0) << r18.err;
    EXPECT_EQ(json::parse(hcm::test::readFile(dir + "/r18/summary.json"))["layers"][0]["cycles"].get<int64_t>(), 250880);
    // The estimate applies it too.
    const auto e = runHcmsim({"estimate", "--hw", "bitfusion", "--net", "alexnet", "--wbits", "8", "--abits", "8",
                              "--im2col-first-layer", "--format", "json"});
    ASSERT_EQ(e.exitCode, 0) << e.err;
    EXPECT_EQ(json::parse(e.out)["layers"][0]["input_bits"].get<int64_t>(), 55 * 55 * 363 * 8);
}

TEST(Im2col, ANetworkWithoutAnUngroupedFirstConvolutionIsAnInputError) {
    const std::string dir = hcm::test::tempDir("im2col_errors");
    hcm::test::writeFile(dir + "/dw.yaml", "name: dw\nlayers:\n"
                                           "  - {name: dw1, op: conv, in: [8, 16, 16], out: 8, kernel: 3, groups: 8}\n");
    const auto dw = runHcmsim({"estimate", "--net", dir + "/dw.yaml", "--im2col-first-layer"});
    EXPECT_EQ(dw.exitCode, 2);
    EXPECT_NE(dw.err.find("--im2col-first-layer: the first convolution, 'dw1', is grouped"), std::string::npos) << dw.err;
    hcm::test::writeFile(dir + "/fc.yaml", "name: mlp\nlayers:\n  - {name: fc1, op: fc, in: 64, out: 10}\n");
    const auto fc = runHcmsim({"estimate", "--net", dir + "/fc.yaml", "--im2col-first-layer"});
    EXPECT_EQ(fc.exitCode, 2);
    EXPECT_NE(fc.err.find("has no convolution to lower"), std::string::npos) << fc.err;
}
