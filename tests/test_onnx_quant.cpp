// Precision from quantized ONNX graphs, per tensor: QDQ pairs, QOperator ops
// (QLinearConv, ConvInteger, MatMulInteger, onnxruntime's QLinearAdd/...),
// and QONNX (Quant bit widths, BipolarQuant, Trunc, FloatQuant, MultiThreshold).
// Each layer's weights, input and output activations get their own bits.
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

constexpr int kUint8 = 2, kInt8 = 3, kInt32 = 6, kUint4 = 21, kInt4 = 22;

Network import(const OnnxBuilder& b, std::vector<std::string>* warnings = nullptr) {
    return parseOnnxNetwork(b.serialize(), "q.onnx", warnings);
}

const Layer& layer(const Network& n, const std::string& name) {
    for (const auto& L : n.layers)
        if (L.name == name) return L;
    throw std::runtime_error("no layer " + name);
}

// "w8a8o4"-style text of the declared (graph) precision; '-' where the graph says nothing.
std::string declared(const Layer& L) {
    auto f = [](const std::optional<int>& b) { return b ? std::to_string(*b) : std::string("-"); };
    return "w" + f(L.declared.wbits) + "a" + f(L.declared.abits) + "o" + f(L.declared.obits);
}

// A conv node on a given (already quantized) weight tensor.
std::string convOn(OnnxBuilder& b, const std::string& x, const std::string& w, const std::string& name, int64_t k,
                   int64_t stride, int64_t pad) {
    auto& n = b.node("Conv", {x, w}, {name + "_out"}, name);
    OnnxBuilder::attr(n, "kernel_shape", std::vector<int64_t>{k, k});
    OnnxBuilder::attr(n, "strides", std::vector<int64_t>{stride, stride});
    OnnxBuilder::attr(n, "pads", std::vector<int64_t>{pad, pad, pad, pad});
    return name + "_out";
}

std::string gemmOn(OnnxBuilder& b, const std::string& x, const std::string& w, const std::string& name) {
    auto& n = b.node("Gemm", {x, w}, {name + "_out"}, name);
    OnnxBuilder::attr(n, "transB", int64_t(1));
    return name + "_out";
}

}  // namespace

TEST(OnnxQuant, QdqInt8Cnn) {
    // The QDQ format of onnxruntime's quantize_static: activations pass
    // QuantizeLinear(uint8) -> DequantizeLinear, weights are int8 initializers
    // behind a DequantizeLinear.
    OnnxBuilder b;
    std::string x = b.qdq(b.input("x", {1, 3, 16, 16}), kUint8, "input_q");
    x = convOn(b, x, b.dequantizedWeight("conv1.w", {8, 3, 3, 3}, kInt8), "conv1", 3, 1, 1);
    x = b.qdq(b.relu(x, "relu1"), kUint8, "relu1_q");
    x = convOn(b, x, b.dequantizedWeight("conv2.w", {16, 8, 3, 3}, kInt8), "conv2", 3, 2, 1);
    x = b.qdq(b.relu(x, "relu2"), kUint8, "relu2_q");
    x = b.qdq(b.globalAvgPool(x, "gap"), kUint8, "gap_q");
    x = b.flatten(x, "flatten");
    b.output(gemmOn(b, x, b.dequantizedWeight("fc.w", {10, 16}, kInt8), "fc"));
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 4u);  // Q/DQ, Relu and Flatten are folded
    EXPECT_EQ(declared(layer(n, "conv1")), "w8a8o8");
    EXPECT_EQ(declared(layer(n, "conv2")), "w8a8o8");
    EXPECT_EQ(declared(layer(n, "gap")), "w-a8o8");
    EXPECT_EQ(declared(layer(n, "fc")), "w8a8o-");  // float logits: output bits follow abits
    EXPECT_EQ(layer(n, "conv1").macs(), 55296);     // 16*16 * 8 * 3*3*3
    EXPECT_EQ(layer(n, "conv2").macs(), 73728);     // 8*8 * 16 * 8*3*3
    EXPECT_EQ(layer(n, "fc").macs(), 160);
    // Resolved: the graph's bits win over --wbits/--abits.
    const std::string dir = test::tempDir("qdq");
    b.save(dir + "/qdq.onnx");
    NetworkRequest r(dir + "/qdq.onnx");
    r.cli.wbits = 4;
    r.cli.abits = 4;
    const Network resolved = loadNetwork(r);
    EXPECT_EQ(layer(resolved, "conv1").prec.str(), "w8a8o8");
    EXPECT_EQ(layer(resolved, "conv2").prec.str(), "w8a8o8");
    EXPECT_EQ(layer(resolved, "gap").prec.str(), "w4a8o8");  // no weights: --wbits fills the unused field
    EXPECT_EQ(layer(resolved, "fc").prec.str(), "w8a8o8");
}

TEST(OnnxQuant, QdqInt4Types) {
    // Zero points of type uint4 (21) / int4 (22), as opset-21 exporters write them.
    OnnxBuilder b;
    std::string x = b.qdq(b.input("x", {1, 4, 8, 8}), kUint4, "in_q");
    x = convOn(b, x, b.dequantizedWeight("c.w", {4, 4, 3, 3}, kInt4), "conv", 3, 1, 1);
    b.output(b.qdq(x, kUint4, "out_q"));
    EXPECT_EQ(declared(import(b).layers.at(0)), "w4a4o4");
}

TEST(OnnxQuant, QcdqClipGivesNarrowBits) {
    // Brevitas export_onnx_qcdq: QuantizeLinear(int8) -> Clip(-8, 7) -> DequantizeLinear is 4 bits
    // (16 levels); weights int8 -> Clip(-2, 1) -> DequantizeLinear is 2 bits; unsigned [0, 7] 3 bits.
    OnnxBuilder b;
    auto qcdq = [&](const std::string& x, int zpType, float lo, float hi, const std::string& name) {
        const std::string s = b.scalar(name + ".s", 0.1f), zp = b.zeroPoint(name + ".zp", zpType);
        if (x.empty()) {
            b.weight(name + ".int", {8, 8, 3, 3}, zpType);
        } else {
            b.node("QuantizeLinear", {x, s, zp}, {name + ".int"}, name + "/Q");
        }
        b.node("Clip", {name + ".int", b.scalar(name + ".lo", lo), b.scalar(name + ".hi", hi)}, {name + ".clip"},
               name + "/Clip");
        b.node("DequantizeLinear", {name + ".clip", s, zp}, {name + ".dq"}, name + "/DQ");
        return name + ".dq";
    };
    const std::string x = qcdq(b.input("x", {1, 8, 6, 6}), kInt8, -8, 7, "act");
    const std::string y = convOn(b, x, qcdq("", kInt8, -2, 1, "w"), "conv", 3, 1, 1);
    b.output(qcdq(y, kUint8, 0, 7, "out"));
    EXPECT_EQ(declared(import(b).layers.at(0)), "w2a4o3");
}

TEST(OnnxQuant, QOperatorFormat) {
    // QLinearConv(x, x_s, x_zp, w, w_s, w_zp, y_s, y_zp, B) twice, onnxruntime's
    // QLinearAdd and QLinearGlobalAveragePool (com.microsoft), then a float Gemm.
    OnnxBuilder b;
    b.opsetImport("com.microsoft", 1);
    const std::string s = b.scalar("s", 0.1f), zpu = b.zeroPoint("zp_u8", kUint8), zpi = b.zeroPoint("zp_i8", kInt8);
    b.node("QuantizeLinear", {b.input("x", {1, 8, 8, 8}), s, zpu}, {"xq"}, "quantize_input");
    for (const char* name : {"qconv_a", "qconv_b"}) {
        const std::string nm = name;
        auto& c = b.node("QLinearConv", {"xq", s, zpu, b.weight(nm + ".w", {8, 8, 3, 3}, kInt8), s, zpi, s, zpu,
                                         b.weight(nm + ".b", {8}, kInt32)},
                         {nm + "_out"}, nm);
        OnnxBuilder::attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
    }
    b.node("QLinearAdd", {"qconv_a_out", s, zpu, "qconv_b_out", s, zpu, s, zpu}, {"sum"}, "qadd", "com.microsoft");
    b.node("QLinearGlobalAveragePool", {"sum", s, zpu, s, zpu}, {"pooled"}, "qgap", "com.microsoft");
    b.node("DequantizeLinear", {"pooled", s, zpu}, {"pooled_f"}, "dq");
    b.output(b.gemm(b.flatten("pooled_f"), 8, 10, "fc"));
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 5u);
    const Layer& qa = layer(n, "qconv_a");
    EXPECT_EQ(declared(qa), "w8a8o8");
    EXPECT_TRUE(qa.bias);
    EXPECT_EQ(qa.macs(), 8 * 8 * 8 * 72);  // 36,864
    EXPECT_EQ(layer(n, "qadd").op, LayerOp::Add);
    EXPECT_EQ(declared(layer(n, "qadd")), "w-a8o8");
    EXPECT_EQ(layer(n, "qgap").r, 8);
    EXPECT_EQ(declared(layer(n, "fc")), "w-a8o-");  // float weights, 8-bit input through DequantizeLinear
}

TEST(OnnxQuant, MicrosoftConcatAndGemm) {
    // com.microsoft QLinearConcat(Y_s, Y_zp, (X, X_s, X_zp)...) and QGemm(A, a_s, a_zp, B, b_s, b_zp, C, y_s, y_zp).
    OnnxBuilder b;
    b.opsetImport("com.microsoft", 1);
    const std::string s = b.scalar("s", 0.1f), zpu = b.zeroPoint("zp_u8", kUint8), zpi = b.zeroPoint("zp_i8", kInt8);
    b.node("QuantizeLinear", {b.input("x", {1, 16}), s, zpu}, {"xq"}, "quantize_x");
    b.node("QuantizeLinear", {b.input("y", {1, 8}), s, zpu}, {"yq"}, "quantize_y");
    auto& cat = b.node("QLinearConcat", {s, zpu, "xq", s, zpu, "yq", s, zpu}, {"cat"}, "qconcat", "com.microsoft");
    OnnxBuilder::attr(cat, "axis", int64_t(1));
    auto& g = b.node("QGemm", {"cat", s, zpu, b.weight("qg.w", {10, 24}, kInt8), s, zpi, b.weight("qg.b", {10}, kInt32),
                               s, zpu},
                     {"out"}, "qgemm", "com.microsoft");
    OnnxBuilder::attr(g, "transB", int64_t(1));
    b.output("out");
    const Network n = import(b);
    ASSERT_EQ(n.layers.size(), 2u);
    EXPECT_EQ(layer(n, "qconcat").c, 24);  // 16 + 8
    EXPECT_EQ(declared(layer(n, "qconcat")), "w-a8o8");
    const Layer& qg = layer(n, "qgemm");
    EXPECT_EQ(qg.macs(), 240);  // 24 * 10
    EXPECT_TRUE(qg.bias);
    EXPECT_EQ(declared(qg), "w8a8o8");
}

TEST(OnnxQuant, IntegerOps) {
    // Dynamic quantization (quantize_dynamic): DynamicQuantizeLinear -> ConvInteger / MatMulInteger.
    OnnxBuilder b;
    b.node("DynamicQuantizeLinear", {b.input("x", {1, 8, 6, 6})}, {"xq", "xs", "xzp"}, "dql");
    b.node("ConvInteger", {"xq", b.weight("ci.w", {4, 8, 1, 1}, kInt8), "xzp"}, {"acc"}, "conv_integer");
    b.node("Cast", {"acc"}, {"acc_f"}, "cast");
    b.output("acc_f");
    b.node("DynamicQuantizeLinear", {b.input("v", {1, 64})}, {"vq", "vs", "vzp"}, "dql_v");
    b.node("MatMulInteger", {"vq", b.weight("mm.w", {64, 10}, kInt8), "vzp"}, {"mm"}, "matmul_integer");
    b.output("mm");
    const Network n = import(b);
    EXPECT_EQ(declared(layer(n, "conv_integer")), "w8a8o-");
    EXPECT_EQ(layer(n, "conv_integer").macs(), 6 * 6 * 4 * 8);
    EXPECT_EQ(declared(layer(n, "matmul_integer")), "w8a8o-");
    EXPECT_EQ(layer(n, "matmul_integer").macs(), 640);
}

namespace {
// Brevitas-style QONNX export with mixed 8/4/2-bit layers:
//   Quant(8) -> conv1 [w Quant 8] -> BN -> Relu -> Quant(4) -> MaxPool
//   -> conv2 [w Quant 4] -> Relu -> Quant(2) -> conv3 [w Quant 2] -> Relu -> Quant(4)
//   -> GlobalAveragePool -> Trunc(out 3 bits) -> Flatten -> fc [w BipolarQuant]
OnnxBuilder qonnxCnn() {
    OnnxBuilder b;
    std::string x = b.quant(b.input("global_in", {-1, 3, 16, 16}), 8, "QuantIdentity_0");
    x = b.qonnxConv(x, 3, 8, 3, 8, convOpts("conv1", 1, 1));
    x = b.quant(b.relu(b.batchNorm(x, 8, "bn1"), "relu1"), 4, "act1");
    x = b.maxPool(x, 2, 2, 0, "pool1");
    x = b.quant(b.relu(b.qonnxConv(x, 8, 16, 3, 4, convOpts("conv2", 1, 1)), "relu2"), 2, "act2");
    x = b.quant(b.relu(b.qonnxConv(x, 16, 16, 3, 2, convOpts("conv3", 1, 1)), "relu3"), 4, "act3");
    x = b.globalAvgPool(x, "gap");
    const std::string s = b.scalar("t.scale", 1.f), zp = b.scalar("t.zeropt", 0.f);
    const std::string inBits = b.scalar("t.in_bits", 8.f), outBits = b.scalar("t.out_bits", 3.f);
    auto& t = b.node("Trunc", {x, s, zp, inBits, outBits}, {"trunc_out"}, "trunc", "qonnx.custom_op.general");
    OnnxBuilder::attr(t, "rounding_mode", std::string("FLOOR"));
    x = b.flatten("trunc_out", "flatten");
    b.output(gemmOn(b, x, b.bipolarQuant(b.weight("fc.weight", {10, 16}), "fc.weight_quant"), "fc"));
    return b;
}
}  // namespace

TEST(OnnxQuant, QonnxMixedPrecisionCnn) {
    const Network n = import(qonnxCnn());
    ASSERT_EQ(n.layers.size(), 6u);  // conv1, pool1, conv2, conv3, gap, fc
    EXPECT_EQ(declared(layer(n, "conv1")), "w8a8o4");
    EXPECT_TRUE(layer(n, "conv1").batchnorm);
    EXPECT_EQ(declared(layer(n, "pool1")), "w-a4o-");  // max pool keeps the 4-bit grid
    EXPECT_EQ(declared(layer(n, "conv2")), "w4a4o2");  // input through the max pool
    EXPECT_EQ(declared(layer(n, "conv3")), "w2a2o4");
    EXPECT_EQ(declared(layer(n, "gap")), "w-a4o3");    // Trunc: 3 output bits
    EXPECT_EQ(declared(layer(n, "fc")), "w1a3o-");     // bipolar weights, truncated input
    // MACs: 16*16*8*27 + 8*8*16*72 + 8*8*16*144 + 16*10
    EXPECT_EQ(n.totalMacs(), 55296 + 73728 + 147456 + 160);
}

TEST(OnnxQuant, QonnxBitsResolveAgainstCliAndPolicy) {
    const std::string dir = test::tempDir("qonnx");
    qonnxCnn().save(dir + "/mixed.onnx");
    test::writeFile(dir + "/policy.yaml", "rules:\n  - {match: \"conv2\", wbits: 3}\n  - {match: \"fc\", obits: 16}\n");
    NetworkRequest r(dir + "/mixed.onnx");
    r.cli.wbits = 6;
    r.cli.abits = 6;
    r.quantPolicyFile = dir + "/policy.yaml";
    const Network n = loadNetwork(r);
    // Graph bits beat --wbits/--abits; policy rules beat graph bits; unset obits follow abits.
    EXPECT_EQ(layer(n, "conv1").prec.str(), "w8a8o4");
    EXPECT_EQ(layer(n, "pool1").prec.str(), "w6a4o4");
    EXPECT_EQ(layer(n, "conv2").prec.str(), "w3a4o2");
    EXPECT_EQ(layer(n, "fc").prec.str(), "w1a3o16");
}

TEST(OnnxQuant, OtherQonnxQuantizers) {
    OnnxBuilder b;
    b.opsetImport("qonnx.custom_op.general", 1);
    b.opsetImport("finn.custom_op.general", 1);
    // FloatQuant e4m3: 1 + 4 + 3 = 8 bits on the input of conv_a.
    const std::string fq = "fq_out";
    b.node("FloatQuant", {b.input("x", {1, 4, 8, 8}), b.scalar("fq.s", 1.f), b.scalar("fq.e", 4.f),
                          b.scalar("fq.m", 3.f), b.scalar("fq.bias", 7.f), b.scalar("fq.max", 448.f)},
           {fq}, "float_quant", "qonnx.custom_op.general");
    const std::string a = b.qonnxConv(fq, 4, 4, 3, 4, convOpts("conv_a", 1, 1));
    // FINN MultiThreshold with out_dtype UINT2 feeding conv_b; BipolarQuant on its weights.
    auto& mt = b.node("MultiThreshold", {a, b.weight("thr", {4, 3})}, {"mt_out"}, "thresholds", "finn.custom_op.general");
    OnnxBuilder::attr(mt, "out_dtype", std::string("UINT2"));
    b.output(b.qonnxConv("mt_out", 4, 4, 3, 1, convOpts("conv_b", 1, 1)));
    const Network n = import(b);
    EXPECT_EQ(declared(layer(n, "conv_a")), "w4a8o2");
    EXPECT_EQ(declared(layer(n, "conv_b")), "w1a2o-");
}

TEST(OnnxQuant, BadQuantizersAreErrors) {
    auto error = [](OnnxBuilder& b) {
        try {
            import(b);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(no error)");
    };
    {
        OnnxBuilder b;
        const std::string x = b.input("x", {1, 4, 8, 8});
        const std::string q = b.quant(x, 4, "act_quant");
        b.graph().mutable_initializer(b.graph().initializer_size() - 1)->set_float_data(0, 2.5f);  // bitwidth 2.5
        b.output(b.conv(q, 4, 4, 3, convOpts("conv")));
        EXPECT_NE(error(b).find("q.onnx: node 'act_quant' (Quant, domain qonnx.custom_op.general): bitwidth must be "
                                "an integer in 1..32"),
                  std::string::npos)
            << error(b);
    }
    {
        OnnxBuilder b;
        const std::string x = b.input("x", {1, 4, 8, 8});
        b.input("bits", {});
        b.node("Quant", {x, b.scalar("s", 1.f), b.scalar("z", 0.f), "bits"}, {"q"}, "dyn_quant",
               "qonnx.custom_op.general");
        b.opsetImport("qonnx.custom_op.general", 1);
        b.output(b.conv("q", 4, 4, 3, convOpts("conv")));
        EXPECT_NE(error(b).find("node 'dyn_quant' (Quant, domain qonnx.custom_op.general): bitwidth input 'bits' is "
                                "not a constant"),
                  std::string::npos)
            << error(b);
    }
}
