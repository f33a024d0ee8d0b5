// Shape math of the layer model, hand-worked.
#include <gtest/gtest.h>

#include "support/cli_runner.hpp"
#include "workloads/layer.hpp"
#include "workloads/network_yaml.hpp"

using namespace hcm;

namespace {
Layer conv(int64_t c, int64_t h, int64_t k, int64_t r, int64_t stride, int64_t pad) {
    Layer L;
    L.c = c; L.h = h; L.w = h; L.k = k; L.r = r; L.s = r;
    L.stride_h = L.stride_w = stride;
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = pad;
    return L;
}
}  // namespace

TEST(LayerShapes, ConvOutputSize) {
    const Layer L = conv(3, 224, 64, 7, 2, 3);
    EXPECT_EQ(L.p(), 112);  // floor((224 + 6 - 7) / 2) + 1
    EXPECT_EQ(L.q(), 112);
    EXPECT_EQ(L.macs(), 112LL * 112 * 64 * 3 * 49);
    EXPECT_EQ(L.weights(), 64 * 3 * 49);
    EXPECT_EQ(L.inputElements(), 3 * 224 * 224);
    EXPECT_EQ(L.outputElements(), 64 * 112 * 112);
}

TEST(LayerShapes, DilationAndAsymmetricPadding) {
    Layer L = conv(8, 10, 8, 3, 1, 0);
    L.dil_h = L.dil_w = 2;      // effective kernel 5
    EXPECT_EQ(L.p(), 6);        // 10 - 5 + 1
    L.pad_top = 1;              // top only
    EXPECT_EQ(L.p(), 7);
    EXPECT_EQ(L.q(), 6);
}

TEST(LayerShapes, CeilModeMatchesScaleSim) {
    // SCALE-Sim: ceil((H - R + stride) / stride); 227, R 11, stride 4 -> 55.
    Layer L = conv(3, 227, 96, 11, 4, 0);
    L.ceil_mode = true;
    EXPECT_EQ(L.p(), 55);
    Layer M = conv(3, 10, 1, 3, 4, 0);  // (10 - 3) / 4 = 1.75
    EXPECT_EQ(M.p(), 2);                 // floor: 2 (1 + 1)
    M.ceil_mode = true;
    EXPECT_EQ(M.p(), 3);                 // ceil((10 - 3 + 4) / 4) = 3
}

TEST(LayerShapes, DepthwiseAndGroups) {
    Layer L = conv(32, 112, 32, 3, 1, 1);
    L.groups = 32;
    EXPECT_TRUE(L.isDepthwise());
    EXPECT_EQ(L.reductionSize(), 9);
    EXPECT_EQ(L.weights(), 32 * 9);
    EXPECT_EQ(L.macs(), 112LL * 112 * 32 * 9);
    Layer G = conv(64, 8, 128, 3, 1, 1);
    G.groups = 4;
    EXPECT_EQ(G.weights(), 128 * 16 * 9);
}

TEST(LayerShapes, FullyConnectedIsGemm) {
    Layer L;
    L.op = LayerOp::FC;
    L.n = 4; L.c = 512; L.k = 1000;
    L.bias = true;
    EXPECT_EQ(L.macs(), 4LL * 512 * 1000);
    EXPECT_EQ(L.weights(), 512000);
    EXPECT_EQ(L.params(), 513000);
    EXPECT_EQ(L.outputElements(), 4000);
}

TEST(LayerShapes, MemoryOnlyLayers) {
    Layer pool = conv(64, 112, 64, 3, 2, 1);
    pool.op = LayerOp::Pool;
    EXPECT_EQ(pool.p(), 56);
    EXPECT_EQ(pool.macs(), 0);
    EXPECT_EQ(pool.weights(), 0);
    EXPECT_EQ(pool.outputElements(), 64 * 56 * 56);
    Layer add;
    add.op = LayerOp::Add;
    add.c = 64; add.h = add.w = 56; add.k = 64;
    EXPECT_EQ(add.inputElements(), 2 * 64 * 56 * 56);
    EXPECT_EQ(add.outputElements(), 64 * 56 * 56);
}

TEST(LayerShapes, InvalidShapesNameTheLayer) {
    Layer L = conv(30, 8, 64, 3, 1, 1);
    L.name = "bad";
    L.groups = 4;  // 30 channels not divisible by 4
    L.where = {"net.yaml", 7, 5};
    try {
        validateLayer(L);
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("net.yaml:7:5: layer 'bad': input channels 30"), std::string::npos)
            << e.what();
    }
    Layer big = conv(3, 4, 8, 7, 1, 0);
    EXPECT_THROW(validateLayer(big), InputError);
}

TEST(NetworkYaml, ParsesAllForms) {
    const char* text = R"(name: t
batch: 2
precision: {wbits: 4, abits: 6}
layers:
  - {name: c1, op: conv, in: [3, 32, 32], out: 16, kernel: [3, 5], stride: [1, 2], pad: [1, 2, 1, 2], bn: true}
  - {name: p1, op: pool, in: [16, 32, 16], kernel: 2, stride: 2}
  - {name: a1, op: add, in: [16, 16, 8], inputs: 3}
  - {name: gp, op: pool, kind: avg, in: [16, 16, 8], global: true}
  - {name: fc, op: fc, in: 16, out: 10, bias: true, wbits: 8}
)";
    Network n = parseNetworkYaml(text, "t.yaml");
    ASSERT_EQ(n.layers.size(), 5u);
    const Layer& c1 = n.layers[0];
    EXPECT_EQ(c1.n, 2);
    EXPECT_EQ(c1.r, 3);
    EXPECT_EQ(c1.s, 5);
    EXPECT_EQ(c1.p(), 32);                // (32 + 2 - 3) / 1 + 1
    EXPECT_EQ(c1.q(), 16);                // (32 + 4 - 5) / 2 + 1
    EXPECT_EQ(c1.params(), 16 * 3 * 15 + 32);
    EXPECT_EQ(n.layers[2].add_inputs, 3);
    EXPECT_EQ(n.layers[3].r, 16);         // global pool covers the input
    EXPECT_EQ(n.layers[3].p(), 1);
    EXPECT_EQ(n.layers[4].n, 2);          // fc rows: the batch
    EXPECT_EQ(*n.layers[4].declared.wbits, 8);
    EXPECT_EQ(*n.default_precision.abits, 6);
    EXPECT_EQ(n.layers[0].where.line, 5);
}

TEST(NetworkYaml, ErrorsNameFileLineAndKey) {
    auto expectError = [](const std::string& text, const std::string& fragment) {
        try {
            parseNetworkYaml(text, "n.yaml");
            ADD_FAILURE() << "no error for: " << text;
        } catch (const InputError& e) {
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
        }
    };
    expectError("name: t\nlayers:\n  - {name: a, op: conv, in: [3, 8, 8], out: 4, kernel: 3, strde: 2}\n",
                "n.yaml:3:");
    expectError("name: t\nlayers:\n  - {name: a, op: conv, in: [3, 8, 8], out: 4, kernel: 3, strde: 2}\n",
                "layers[0].strde: unknown key (did you mean 'stride'?)");
    expectError("name: t\nlayers:\n  - {name: a, op: conv, in: [3, 8, 8], out: 0, kernel: 3}\n",
                "layers[0].out: value 0 is out of range");
    expectError("name: t\nlayers:\n  - {name: a, op: convolution, in: [3, 8, 8], out: 4, kernel: 3}\n",
                "layers[0].op: 'convolution' is not one of: conv, fc, pool, add");
    expectError("name: t\nlayers:\n  - {name: a, op: conv, in: [3, 8], out: 4, kernel: 3}\n",
                "layers[0].in: expected a list of 3 integers, got 2");
    expectError("name: t\nlayers:\n  - {name: a, op: conv, in: [3, 8, 8], out: 4, kernel: 3, wbits: 33}\n",
                "layers[0].wbits: '33' is not an integer in 1..32, fp16 or fp32");
    expectError("name: t\nlayers:\n  - {name: a, op: fc, in: x, out: 4}\n", "layers[0].in: expected an integer, got 'x'");
    expectError("name: t\nlayers: [\n", "n.yaml:");
    expectError("name: t\nlayers:\n  - {name: a, op: fc, in: 4, out: 4}\n  - {name: a, op: fc, in: 4, out: 4}\n",
                "duplicate layer name 'a'");
    expectError("layers:\n  - {name: a, op: fc, in: 4, out: 4}\n", "name: required key is missing");
}
