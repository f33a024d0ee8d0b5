// SCALE-Sim topology import: conv and GEMM forms mean what they mean in SCALE-Sim.
#include <gtest/gtest.h>

#include "sim/common/input_error.hpp"

#include "workloads/scalesim_csv.hpp"

using namespace hcm;

TEST(ScaleSimCsv, ConvFormWithTrailingCommas) {
    const char* text =
        "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
        "Conv1, 227, 227, 11, 11, 3, 96, 4,\n"
        "Conv2, 31, 31, 5, 5, 96, 256, 1,\n"
        "\n"
        "Conv3, 15, 15, 3, 3, 256, 384, 1\n";  // no trailing comma: accepted too
    Network n = parseScaleSimCsv(text, "topologies/alexnet.csv");
    EXPECT_EQ(n.name, "alexnet");
    ASSERT_EQ(n.layers.size(), 3u);
    const Layer& c1 = n.layers[0];
    EXPECT_EQ(c1.name, "Conv1");
    EXPECT_EQ(c1.p(), 55);  // ceil((227 - 11 + 4) / 4)
    EXPECT_EQ(c1.macs(), 55LL * 55 * 11 * 11 * 3 * 96);
    EXPECT_EQ(n.layers[1].p(), 27);
    EXPECT_EQ(n.layers[2].p(), 13);
}

TEST(ScaleSimCsv, SeparateStrideWidthColumn) {
    Network n = parseScaleSimCsv("Layer name,H,W,R,S,C,K,Sh,Sw,\nL,10,12,3,3,4,8,1,2,\n", "t.csv");
    EXPECT_EQ(n.layers[0].p(), 8);
    EXPECT_EQ(n.layers[0].q(), 6);  // ceil((12 - 3 + 2) / 2) = ceil(5.5)
}

TEST(ScaleSimCsv, DepthwiseLayersNamedDP) {
    // SCALE-Sim runs a "DP" layer as C single-channel layers of Num Filter filters:
    // a grouped conv with groups = C and K = C x Num Filter.
    Network n = parseScaleSimCsv("Layer name,H,W,R,S,C,K,S,\nConv_DP_1, 114, 114, 3, 3, 32, 1, 1,\n", "m.csv");
    const Layer& L = n.layers[0];
    EXPECT_EQ(L.groups, 32);
    EXPECT_EQ(L.k, 32);
    EXPECT_EQ(L.macs(), 112LL * 112 * 9 * 32);
}

TEST(ScaleSimCsv, GemmForm) {
    // "Layer, M, N, K": M x K times K x N -> SCALE-Sim maps it to
    // IFMAP M x K, filter 1 x K, 1 channel, N filters.
    Network n = parseScaleSimCsv("Layer, M, N, K,\nQK, 512, 64, 768,\n", "g.csv");
    const Layer& L = n.layers[0];
    EXPECT_EQ(L.op, LayerOp::FC);
    EXPECT_EQ(L.n, 512);
    EXPECT_EQ(L.k, 64);
    EXPECT_EQ(L.c, 768);
    EXPECT_EQ(L.macs(), 512LL * 64 * 768);
}

TEST(ScaleSimCsv, ErrorsNameLineAndColumn) {
    auto expectError = [](const std::string& text, const std::string& fragment) {
        try {
            parseScaleSimCsv(text, "t.csv");
            ADD_FAILURE() << "no error for: " << text;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        }
    };
    const std::string header = "Layer name,H,W,R,S,C,K,Stride,\n";
    expectError(header + "a,8,8,3,3,x3,4,1,\n", "t.csv:2:11: Channels: expected an integer, got 'x3'");
    expectError(header + "a,8,8,3,3,3,0,1,\n", "t.csv:2:13: Num Filter: value 0 is out of range");
    expectError(header + "a,8,8,3,3,3,4,\n", "t.csv:2:1: expected 8 or 9 fields");
    expectError(header + "a,2,8,3,3,3,4,1,\n", "t.csv:2:7: Filter Height: filter height is larger than IFMAP height");
    expectError(header + "a,8,8,3,3,3,4,1,\na,8,8,3,3,3,4,1,\n", "t.csv:3:1: Layer name: duplicate layer name 'a'");
    expectError(header, "topology file has no layers");
}
