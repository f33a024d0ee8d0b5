// ONNX import of float models: layer mapping, shapes, MACs, folding, data
// movement, unsupported operators and bad files. Models are built in the test
// with the protobuf API (support/onnx_builder); every expected number is
// worked out by hand in the comments.
#include <gtest/gtest.h>

#include "sim/common/input_error.hpp"
#include "support/cli_runner.hpp"
#include "support/onnx_builder.hpp"
#include "workloads/network_loader.hpp"
#include "workloads/onnx/onnx_import.hpp"

using namespace hcm;
using hcm::test::convOpts;
using hcm::test::OnnxBuilder;

namespace {

Network import(const OnnxBuilder& b, std::vector<std::string>* warnings = nullptr) {
    return parseOnnxNetwork(b.serialize(), "model.onnx", warnings);
}

const Layer& layer(const Network& n, const std::string& name) {
    for (const auto& L : n.layers)
        if (L.name == name) return L;
    throw std::runtime_error("no layer " + name);
}

std::string importError(const OnnxBuilder& b) {
    try {
        import(b);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}

// conv1(3->16, 3x3, pad 1, bias) + BN + Relu, maxpool 2/2, conv2(16->32, 3x3, stride 2,
// pads [0, 0, 1, 1]) + Relu, global average pool, Flatten, fc 32->10. Dynamic batch.
OnnxBuilder plainCnn() {
    OnnxBuilder b;
    std::string x = b.input("x", {-1, 3, 32, 32});
    auto o = convOpts("conv1", 1, 1);
    o.bias = true;
    x = b.conv(x, 3, 16, 3, o);
    x = b.relu(b.batchNorm(x, 16, "bn1"), "relu1");
    x = b.maxPool(x, 2, 2, 0, "pool1");
    auto o2 = convOpts("conv2", 2);
    o2.pads = {0, 0, 1, 1};
    x = b.relu(b.conv(x, 16, 32, 3, o2), "relu2");
    x = b.flatten(b.globalAvgPool(x, "gap"), "flatten");
    b.output(b.gemm(x, 32, 10, "fc"));
    return b;
}

}  // namespace

TEST(OnnxImport, PlainCnnShapesMacsAndFolding) {
    const Network n = import(plainCnn());
    // BN, Relu and Flatten are folded: 5 layers.
    ASSERT_EQ(n.layers.size(), 5u);
    EXPECT_EQ(n.name, "model");
    EXPECT_EQ(n.batch, 1);  // dynamic batch -> 1
    const Layer& c1 = n.layers[0];
    EXPECT_EQ(c1.name, "conv1");
    EXPECT_EQ(c1.op, LayerOp::Conv);
    EXPECT_EQ(c1.p(), 32);
    EXPECT_TRUE(c1.bias);
    EXPECT_TRUE(c1.batchnorm);
    EXPECT_EQ(c1.macs(), 442368);     // 32*32 * 16 * 3*3*3
    EXPECT_EQ(c1.params(), 480);      // 432 weights + 16 bias + 2*16 batch norm
    const Layer& pool = n.layers[1];
    EXPECT_EQ(pool.name, "pool1");
    EXPECT_EQ(pool.op, LayerOp::Pool);
    EXPECT_EQ(pool.p(), 16);
    const Layer& c2 = n.layers[2];
    EXPECT_EQ(c2.pad_top, 0);
    EXPECT_EQ(c2.pad_left, 0);
    EXPECT_EQ(c2.pad_bottom, 1);
    EXPECT_EQ(c2.pad_right, 1);
    EXPECT_EQ(c2.p(), 8);             // floor((16 + 0 + 1 - 3) / 2) + 1
    EXPECT_EQ(c2.macs(), 294912);     // 8*8 * 32 * 16*3*3
    EXPECT_FALSE(c2.batchnorm);
    const Layer& gap = n.layers[3];
    EXPECT_EQ(gap.op, LayerOp::Pool);
    EXPECT_EQ(gap.r, 8);
    EXPECT_EQ(gap.p(), 1);
    const Layer& fc = n.layers[4];
    EXPECT_EQ(fc.op, LayerOp::FC);
    EXPECT_EQ(fc.n, 1);
    EXPECT_EQ(fc.c, 32);
    EXPECT_EQ(fc.k, 10);
    EXPECT_TRUE(fc.bias);
    EXPECT_EQ(n.totalMacs(), 737600);  // 442,368 + 294,912 + 320
    EXPECT_EQ(n.totalWeights(), 5360); // 432 + 4,608 + 320
    // A float model declares no precision: --wbits/--abits or a policy decide.
    for (const auto& L : n.layers) EXPECT_TRUE(L.declared.empty()) << L.name;
}

TEST(OnnxImport, NetworkLoaderBatchAndBits) {
    const std::string dir = test::tempDir("onnx_loader");
    plainCnn().save(dir + "/cnn.onnx");
    NetworkRequest r(dir + "/cnn.onnx");
    r.batch = 4;
    r.cli.wbits = 4;
    r.cli.abits = 4;
    const Network n = loadNetwork(r);
    EXPECT_EQ(n.batch, 4);
    EXPECT_EQ(n.totalMacs(), 4 * 737600);
    EXPECT_EQ(n.layers[4].n, 4);  // fc rows follow the batch
    for (const auto& L : n.layers) EXPECT_EQ(L.prec.str(), "w4a4o4") << L.name;
}

TEST(OnnxImport, ConvAttributes) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 8, 10, 10});
    // Depthwise 3x3: 10*10 * 8 * 1*3*3 = 7,200 MACs.
    b.output(b.conv(x, 8, 8, 3, convOpts("dw", 1, 1, 8)));
    // Dilation 2, pad 2: (10 + 4 - 2*2 - 1) / 1 + 1 = 10.
    auto dil = convOpts("dilated", 1, 2);
    dil.dilation = 2;
    b.output(b.conv(x, 8, 4, 3, dil));
    // SAME_UPPER, stride 2: out ceil(10/2) = 5, total pad (5-1)*2 + 3 - 10 = 1 -> 0 before, 1 after.
    auto su = convOpts("same_upper", 2);
    su.autoPad = "SAME_UPPER";
    b.output(b.conv(x, 8, 4, 3, su));
    // Even kernel 4, stride 1: total pad 3; SAME_UPPER 1 + 2, SAME_LOWER 2 + 1.
    auto sl = convOpts("same_lower");
    sl.autoPad = "SAME_LOWER";
    b.output(b.conv(x, 8, 4, 4, sl));
    auto valid = convOpts("valid");
    valid.autoPad = "VALID";
    b.output(b.conv(x, 8, 4, 3, valid));
    // 1x7 kernel with pads [0, 3, 0, 3]: output 10x10.
    auto wide = convOpts("wide");
    wide.kernelW = 7;
    wide.pads = {0, 3, 0, 3};
    b.output(b.conv(x, 8, 4, 1, wide));
    const Network n = import(b);

    const Layer& dw = layer(n, "dw");
    EXPECT_TRUE(dw.isDepthwise());
    EXPECT_EQ(dw.macs(), 7200);
    EXPECT_EQ(dw.weights(), 72);
    EXPECT_EQ(layer(n, "dilated").dil_h, 2);
    EXPECT_EQ(layer(n, "dilated").p(), 10);
    const Layer& s = layer(n, "same_upper");
    EXPECT_EQ(s.pad_top, 0);
    EXPECT_EQ(s.pad_bottom, 1);
    EXPECT_EQ(s.p(), 5);
    const Layer& lo = layer(n, "same_lower");
    EXPECT_EQ(lo.pad_top, 2);
    EXPECT_EQ(lo.pad_bottom, 1);
    EXPECT_EQ(lo.p(), 10);
    EXPECT_EQ(layer(n, "valid").p(), 8);
    const Layer& w = layer(n, "wide");
    EXPECT_EQ(w.r, 1);
    EXPECT_EQ(w.s, 7);
    EXPECT_EQ(w.pad_left, 3);
    EXPECT_EQ(w.q(), 10);
    EXPECT_EQ(w.macs(), 10 * 10 * 4 * 8 * 7);
}

TEST(OnnxImport, Conv1d) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 4, 50});
    b.weight("w", {8, 4, 5});
    auto& c = b.node("Conv", {x, "w"}, {"y"}, "conv1d");
    OnnxBuilder::attr(c, "strides", std::vector<int64_t>{1});
    b.output("y");
    const Network net = import(b);  // kept: a reference into a temporary would dangle
    const Layer& L = net.layers.at(0);
    EXPECT_EQ(L.h, 1);
    EXPECT_EQ(L.w, 50);
    EXPECT_EQ(L.r, 1);
    EXPECT_EQ(L.s, 5);
    EXPECT_EQ(L.q(), 46);
    EXPECT_EQ(L.macs(), 46 * 8 * 4 * 5);  // 7,360
}

TEST(OnnxImport, Pools) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 4, 10, 10});
    // ceil_mode: ceil((10 - 3) / 2) + 1 = 5 (floor would give 4).
    b.output(b.maxPool(x, 3, 2, 0, "ceil_pool", true));
    auto& avg = b.node("AveragePool", {x}, {"avg"}, "avg_pool");
    OnnxBuilder::attr(avg, "kernel_shape", std::vector<int64_t>{2, 2});
    OnnxBuilder::attr(avg, "strides", std::vector<int64_t>{2, 2});
    b.output("avg");
    b.node("GlobalMaxPool", {x}, {"gmp"}, "gmp");
    b.output("gmp");
    auto& rm = b.node("ReduceMean", {x}, {"rm"}, "reduce_mean");  // = global average pool
    OnnxBuilder::attr(rm, "axes", std::vector<int64_t>{2, 3});
    b.output("rm");
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 4u);
    EXPECT_TRUE(layer(n, "ceil_pool").ceil_mode);
    EXPECT_EQ(layer(n, "ceil_pool").p(), 5);
    EXPECT_EQ(layer(n, "avg_pool").p(), 5);
    for (const char* g : {"gmp", "reduce_mean"}) {
        EXPECT_EQ(layer(n, g).op, LayerOp::Pool);
        EXPECT_EQ(layer(n, g).r, 10);
        EXPECT_EQ(layer(n, g).p(), 1);
    }
    EXPECT_EQ(n.totalMacs(), 0);
}

TEST(OnnxImport, GemmAndMatMul) {
    OnnxBuilder b;
    const std::string a = b.input("a", {64, 4});
    b.weight("b", {64, 10});
    auto& g = b.node("Gemm", {a, "b"}, {"g"}, "gemm_transA");  // A^T [4, 64] x B [64, 10]
    OnnxBuilder::attr(g, "transA", int64_t(1));
    b.output("g");
    const std::string t = b.input("tokens", {1, 10, 32});
    b.weight("w", {32, 16});
    b.node("MatMul", {t, "w"}, {"mm"}, "matmul_3d");  // rows 1*10
    b.output("mm");
    b.weight("wl", {16, 32});
    const std::string xt = b.input("xt", {1, 32, 10});
    b.node("MatMul", {"wl", xt}, {"wx"}, "w_at_x");   // W [16, 32] @ x [1, 32, 10]
    b.output("wx");
    const std::string q = b.input("q", {1, 4, 8, 16});
    const std::string k = b.input("k", {1, 4, 16, 8});
    b.node("MatMul", {q, k}, {"qk"}, "attention");    // activation x activation, 4 heads
    b.output("qk");
    b.weight("wh", {4, 16, 5});
    b.node("MatMul", {q, "wh"}, {"qw"}, "per_head_weights");  // a stored weight per head
    b.output("qw");
    std::vector<std::string> warnings;
    const Network n = import(b, &warnings);
    const Layer& gt = layer(n, "gemm_transA");
    EXPECT_EQ(gt.n, 4);
    EXPECT_EQ(gt.c, 64);
    EXPECT_EQ(gt.k, 10);
    EXPECT_EQ(gt.macs(), 2560);
    EXPECT_EQ(layer(n, "matmul_3d").n, 10);
    EXPECT_EQ(layer(n, "matmul_3d").macs(), 5120);     // 10 * 32 * 16
    const Layer& wx = layer(n, "w_at_x");
    EXPECT_EQ(wx.macs(), 5120);                        // 16 * 32 * 10
    EXPECT_EQ(wx.weights(), 512);                      // W is the weight: 16 * 32
    // q k: 4 independent GEMMs of 8 rows x 16 x 8; k is an activation.
    const Layer& att = layer(n, "attention");
    EXPECT_TRUE(att.runtime_weights);
    EXPECT_EQ(att.groups, 4);
    EXPECT_EQ(att.n, 8);
    EXPECT_EQ(att.c, 64);                              // 4 groups x 16
    EXPECT_EQ(att.k, 32);                              // 4 groups x 8
    EXPECT_EQ(att.macs(), 4096);                       // 4 heads * 8 * 16 * 8
    EXPECT_EQ(att.weights(), 512);                     // k: 4 * 16 * 8 elements ...
    EXPECT_EQ(att.params(), 0);                        // ... none of them stored
    const Layer& ph = layer(n, "per_head_weights");
    EXPECT_FALSE(ph.runtime_weights);
    EXPECT_EQ(ph.groups, 4);
    EXPECT_EQ(ph.macs(), 4 * 8 * 16 * 5);
    EXPECT_EQ(ph.params(), 4 * 16 * 5);
    EXPECT_TRUE(warnings.empty()) << warnings[0];
}

TEST(OnnxImport, MatMulOnBatchActivationsWithBiasAdd) {
    OnnxBuilder b;
    const std::string x = b.input("x", {-1, 128});
    b.weight("w", {128, 64});
    b.node("MatMul", {x, "w"}, {"y"}, "fc/MatMul");
    b.weight("bias", {64});
    b.output(b.add("y", "bias", "fc/Add"));  // a constant: folded into the fc as its bias
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 1u);
    EXPECT_EQ(n.layers[0].n, 1);
    EXPECT_EQ(n.layers[0].macs(), 8192);  // 128 * 64
    EXPECT_TRUE(n.layers[0].bias);
}

TEST(OnnxImport, AddConcatSumAreMemoryOnly) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 8, 10, 10});
    const std::string a = b.conv(x, 8, 8, 3, convOpts("a", 1, 1));
    const std::string c = b.conv(x, 8, 8, 1, convOpts("c"));
    b.output(b.add(a, c, "residual"));
    auto& cat = b.node("Concat", {a, c}, {"cat"}, "concat");
    OnnxBuilder::attr(cat, "axis", int64_t(1));
    b.output("cat");
    b.node("Sum", {a, c, x}, {"sum"}, "sum3");
    b.output("sum");
    b.output(b.unary("Mul", x, "scale_only_input"));  // Mul(x) with one input is malformed; not used below
    const Network n = [&] {
        // Replace the malformed Mul by a Mul with a constant (folded).
        auto& g = b.graph();
        auto* mul = g.mutable_node(g.node_size() - 1);
        mul->add_input(b.scalar("two", 2.f));
        return import(b);
    }();
    const Layer& r = layer(n, "residual");
    EXPECT_EQ(r.op, LayerOp::Add);
    EXPECT_EQ(r.add_inputs, 2);
    EXPECT_EQ(r.inputElements(), 2 * 800);
    const Layer& cc = layer(n, "concat");
    EXPECT_EQ(cc.op, LayerOp::Pool);   // a copy: 1x1 window
    EXPECT_EQ(cc.c, 16);
    EXPECT_EQ(cc.r, 1);
    EXPECT_EQ(cc.inputElements(), 1600);
    EXPECT_EQ(cc.outputElements(), 1600);
    EXPECT_EQ(layer(n, "sum3").add_inputs, 3);
    for (const auto& L : n.layers) EXPECT_NE(L.name, "scale_only_input");
    EXPECT_EQ(n.layers.size(), 5u);  // a, c, residual, concat, sum3
}

TEST(OnnxImport, SiluIsFoldedButSqueezeExciteIsAScaleLayer) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 8, 6, 6});
    const std::string y = b.conv(x, 8, 8, 3, convOpts("conv1", 1, 1));
    // SiLU as exporters write it: y * Sigmoid(y) -> an activation function, folded.
    b.node("Mul", {y, b.unary("Sigmoid", y, "sig")}, {"silu"}, "silu_mul");
    // Squeeze-excite: silu * Sigmoid(conv(gap(silu))) -> a channel scale.
    const std::string s = b.conv(b.globalAvgPool("silu", "se_pool"), 8, 8, 1, convOpts("se_fc"));
    b.node("Mul", {"silu", b.unary("Sigmoid", s, "se_sig")}, {"scaled"}, "se_mul");
    b.output("scaled");
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 4u);  // conv1, se_pool, se_fc, se_mul
    const Layer& se = n.layers[3];
    EXPECT_EQ(se.name, "se_mul");
    EXPECT_EQ(se.op, LayerOp::Eltwise);
    EXPECT_EQ(se.fn, "scale");
    EXPECT_EQ(se.add_inputs, 1);
    EXPECT_EQ(se.side_elements, 8);                  // one gate per channel
    EXPECT_EQ(se.inputElements(), 8 * 6 * 6 + 8);
    EXPECT_EQ(se.outputElements(), 8 * 6 * 6);
    EXPECT_EQ(se.from, std::vector<std::string>{"conv1"});  // not the previous layer (se_fc)
    EXPECT_TRUE(n.layers[1].from.empty());           // se_pool reads conv1, the layer before it
    EXPECT_TRUE(n.layers[2].from.empty());
}

TEST(OnnxImport, BinaryOpsBetweenActivations) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 4, 5, 5});
    const std::string a = b.conv(x, 4, 4, 1, convOpts("a"));
    const std::string c = b.conv(x, 4, 4, 1, convOpts("c"));
    b.node("Mul", {a, c}, {"prod"}, "gate");         // two full-size operands
    b.output("prod");
    b.node("Sub", {a, c}, {"diff"}, "diff");
    b.output("diff");
    auto& rm = b.node("ReduceMax", {c}, {"rowmax"}, "rowmax");  // [1, 4, 5, 1]: over the last axis
    OnnxBuilder::attr(rm, "axes", std::vector<int64_t>{-1});
    b.output("rowmax");
    b.node("Div", {a, "rowmax"}, {"q"}, "rowdiv");   // a broadcast operand of 4 * 5 per image
    b.output("q");
    const Network n = import(b);
    const Layer& gate = layer(n, "gate");
    EXPECT_EQ(gate.op, LayerOp::Eltwise);
    EXPECT_EQ(gate.fn, "mul");
    EXPECT_EQ(gate.add_inputs, 2);
    EXPECT_EQ(gate.side_elements, 0);
    EXPECT_EQ(gate.inputElements(), 200);
    EXPECT_EQ(gate.vectorOps(), 100);
    EXPECT_EQ(layer(n, "diff").fn, "sub");
    const Layer& mx = layer(n, "rowmax");            // a pool of 5-element windows
    EXPECT_EQ(mx.op, LayerOp::Pool);
    EXPECT_EQ(mx.inputElements(), 100);
    EXPECT_EQ(mx.outputElements(), 20);
    EXPECT_EQ(mx.vectorOps(), 100);
    const Layer& div = layer(n, "rowdiv");
    EXPECT_EQ(div.fn, "div");
    EXPECT_EQ(div.add_inputs, 1);
    EXPECT_EQ(div.side_elements, 20);
    EXPECT_EQ(div.from, std::vector<std::string>{"a"});
}

TEST(OnnxImport, DataMovementCostsWhatItMoves) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 8, 6, 6});
    const std::string y = b.conv(x, 8, 8, 3, convOpts("conv1", 1, 1));
    auto& t = b.node("Transpose", {y}, {"t"}, "to_nhwc");  // moves every element: a copy
    OnnxBuilder::attr(t, "perm", std::vector<int64_t>{0, 2, 3, 1});
    auto& t2 = b.node("Transpose", {"t"}, {"t2"}, "to_nchw");
    OnnxBuilder::attr(t2, "perm", std::vector<int64_t>{0, 3, 1, 2});
    b.ints("pads", {8}, {0, 0, 1, 1, 0, 0, 1, 1});
    b.node("Pad", {"t2", "pads"}, {"padded"}, "pad");  // [1, 8, 8, 8]
    // Only the batch axis of size 1 moves: no byte moves, a view.
    auto& t3 = b.node("Transpose", {"padded"}, {"t3"}, "unit_axes");
    OnnxBuilder::attr(t3, "perm", std::vector<int64_t>{1, 0, 2, 3});
    auto& t4 = b.node("Transpose", {"t3"}, {"t4"}, "back");
    OnnxBuilder::attr(t4, "perm", std::vector<int64_t>{1, 0, 2, 3});
    b.ints("starts", {1}, {2}), b.ints("ends", {1}, {6}), b.ints("axes", {1}, {1});
    b.node("Slice", {"t4", "starts", "ends", "axes"}, {"sliced"}, "channels_2_to_5");  // a view
    b.output(b.conv("sliced", 4, 4, 3, convOpts("conv2")));
    b.floats("scales", {4}, {1, 1, 2, 2});
    b.node("Resize", {y, "", "scales"}, {"up"}, "upsample");  // approximate: warns
    b.output("up");
    std::vector<std::string> warnings;
    const Network n = import(b, &warnings);
    ASSERT_EQ(n.layers.size(), 6u);  // conv1, to_nhwc, to_nchw, pad, conv2, upsample
    EXPECT_EQ(layer(n, "to_nhwc").op, LayerOp::Pool);
    EXPECT_EQ(layer(n, "to_nhwc").inputElements(), 288);
    EXPECT_EQ(layer(n, "to_nhwc").outputElements(), 288);
    EXPECT_EQ(layer(n, "pad").outputElements(), 8 * 8 * 8);
    const Layer& c2 = layer(n, "conv2");
    EXPECT_EQ(c2.c, 4);
    EXPECT_EQ(c2.h, 8);
    EXPECT_TRUE(c2.from.empty());  // the views read pad's output in place
    EXPECT_EQ(layer(n, "upsample").outputElements(), 8 * 12 * 12);
    EXPECT_EQ(layer(n, "upsample").from, std::vector<std::string>{"conv1"});
    // No MACs lost: conv1 6*6*8*8*9 + conv2 6*6*4*4*9.
    EXPECT_EQ(n.totalMacs(), 20736 + 5184);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0],
              "model.onnx: node 'upsample' (Resize): modelled as a memory-only copy of its output (pool 1x1)");
}

TEST(OnnxImport, SplitAndGatherOfOneIndexAreViews) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 8, 4, 4});
    const std::string y = b.conv(x, 8, 8, 1, convOpts("conv0"));
    b.ints("sizes", {2}, {2, 6});
    auto& sp = b.node("Split", {y, "sizes"}, {"a", "c"}, "split");
    OnnxBuilder::attr(sp, "axis", int64_t(1));
    b.output(b.conv("a", 2, 4, 1, convOpts("conv_a")));
    b.output(b.conv("c", 6, 4, 1, convOpts("conv_c")));
    b.ints("row", {}, {3});
    auto& ga = b.node("Gather", {y, "row"}, {"r3"}, "row3");  // [1, 8, 4]: one row, a view
    OnnxBuilder::attr(ga, "axis", int64_t(2));
    b.weight("wr", {4, 5});
    b.node("MatMul", {"r3", "wr"}, {"rw"}, "row_fc");
    b.output("rw");
    std::vector<std::string> warnings;
    const Network n = import(b, &warnings);
    ASSERT_EQ(n.layers.size(), 4u);  // conv0, conv_a, conv_c, row_fc
    EXPECT_EQ(n.layers[1].c, 2);
    EXPECT_TRUE(n.layers[1].from.empty());
    EXPECT_EQ(n.layers[2].c, 6);
    EXPECT_EQ(n.layers[2].from, std::vector<std::string>{"conv0"});
    EXPECT_EQ(layer(n, "row_fc").n, 8);  // rows [1, 8] of 4 inputs
    EXPECT_EQ(layer(n, "row_fc").macs(), 8 * 4 * 5);
    EXPECT_TRUE(warnings.empty());
}

TEST(OnnxImport, ShapeComputationIsNotALayer) {
    // torch.flatten as older exporters write it: Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
    OnnxBuilder b;
    const std::string x = b.input("x", {-1, 8, 4, 4});
    const std::string y = b.globalAvgPool(b.conv(x, 8, 16, 3, convOpts("conv", 1, 1)), "gap");
    b.node("Shape", {y}, {"shape"}, "Shape_2");
    b.ints("zero", {}, {0});
    auto& g = b.node("Gather", {"shape", "zero"}, {"n"}, "Gather_3");
    OnnxBuilder::attr(g, "axis", int64_t(0));
    b.ints("axes0", {1}, {0});
    b.node("Unsqueeze", {"n", "axes0"}, {"n1"}, "Unsqueeze_4");
    b.ints("minus1", {1}, {-1});
    auto& c = b.node("Concat", {"n1", "minus1"}, {"newshape"}, "Concat_5");
    OnnxBuilder::attr(c, "axis", int64_t(0));
    b.node("Reshape", {y, "newshape"}, {"flat"}, "Reshape_6");
    b.output(b.gemm("flat", 16, 10, "fc"));
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 3u);  // conv, gap, fc
    EXPECT_EQ(n.layers[2].c, 16);
}

TEST(OnnxImport, UnnamedNodesGetOpTypeAndIndex) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 3, 8, 8});
    b.weight("w", {4, 3, 3, 3});
    b.node("Relu", {x}, {"r"});
    b.node("Conv", {"r", "w"}, {"y"});
    b.node("Conv", {"y", "w2"}, {"z"});
    b.weight("w2", {4, 4, 1, 1});
    b.output("z");
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 2u);
    EXPECT_EQ(n.layers[0].name, "Conv_1");
    EXPECT_EQ(n.layers[1].name, "Conv_2");
}

TEST(OnnxImport, UnsupportedOperatorsNameNodeAndOp) {
    {
        OnnxBuilder b;
        const std::string x = b.input("x", {1, 8, 16});
        b.node("Einsum", {x, x}, {"y"}, "/attn/Einsum");
        b.output("y");
        const std::string e = importError(b);
        EXPECT_NE(e.find("model.onnx: node '/attn/Einsum' (Einsum): operator is not supported"), std::string::npos) << e;
    }
    {
        OnnxBuilder b;
        const std::string x = b.input("x", {1, 8, 16, 16});
        b.weight("w", {8, 4, 3, 3});
        b.node("ConvTranspose", {x, "w"}, {"y"}, "up");
        b.output("y");
        EXPECT_NE(importError(b).find("node 'up' (ConvTranspose)"), std::string::npos);
    }
    {
        OnnxBuilder b;
        b.opsetImport("com.microsoft", 1);
        const std::string x = b.input("x", {1, 8, 16, 16});
        b.node("FusedConv", {x}, {"y"}, "", "com.microsoft");
        b.output("y");
        EXPECT_NE(importError(b).find("node #0 (FusedConv, domain com.microsoft)"), std::string::npos) << importError(b);
    }
    {  // 3-D convolution
        OnnxBuilder b;
        const std::string x = b.input("x", {1, 2, 4, 4, 4});
        b.weight("w", {2, 2, 3, 3, 3});
        b.node("Conv", {x, "w"}, {"y"}, "conv3d");
        b.output("y");
        EXPECT_NE(importError(b).find("node 'conv3d' (Conv): 3-D convolution is not supported"), std::string::npos);
    }
}

TEST(OnnxImport, OnlyTheBatchMayBeDynamic) {
    OnnxBuilder b;
    auto* in = b.graph().add_input();
    in->set_name("x");
    auto* s = in->mutable_type()->mutable_tensor_type();
    s->set_elem_type(1);
    s->mutable_shape()->add_dim()->set_dim_param("batch");
    s->mutable_shape()->add_dim()->set_dim_value(3);
    s->mutable_shape()->add_dim()->set_dim_param("height");
    s->mutable_shape()->add_dim()->set_dim_value(32);
    b.output(b.relu("x"));
    EXPECT_NE(importError(b).find("input 'x': dimension 2 is 'height'; only the batch dimension (axis 0) may be dynamic"),
              std::string::npos)
        << importError(b);
}

TEST(OnnxImport, BadFilesAreOneLineErrors) {
    EXPECT_NE(importError(OnnxBuilder()).find("not an ONNX model: no graph"), std::string::npos);
    try {
        parseOnnxNetwork("this is a text file, not a model\n", "notes.onnx");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("notes.onnx: not an ONNX model"), std::string::npos) << e.what();
    }
    const std::string whole = plainCnn().serialize();
    try {
        parseOnnxNetwork(whole.substr(0, whole.size() / 2), "cut.onnx");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("cut.onnx: not an ONNX model"), std::string::npos) << e.what();
    }
    try {
        parseOnnxNetwork("", "empty.onnx");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "empty.onnx: empty file, not an ONNX model");
    }
}

TEST(OnnxImport, NewerOpsetIsAWarning) {
    OnnxBuilder b(18);
    const std::string x = b.input("x", {1, 3, 8, 8});
    b.output(b.conv(x, 3, 4, 3, convOpts("conv")));
    std::vector<std::string> warnings;
    const Network n = import(b, &warnings);
    EXPECT_EQ(n.totalMacs(), 6 * 6 * 4 * 27);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("opset 18 is outside the supported range 7..17"), std::string::npos) << warnings[0];
}
