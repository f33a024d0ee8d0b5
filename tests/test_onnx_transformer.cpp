// Transformer blocks from ONNX: batched and runtime-operand GEMMs, and
// LayerNorm / GELU / Softmax as one eltwise layer each, in the decomposed
// forms torch.onnx writes at opset 13 and as the single operators of opset 17.
// The graphs are built in the test (support/onnx_builder) at toy sizes so
// every expected number is worked out by hand in the comments.
#include <gtest/gtest.h>

#include "sim/common/input_error.hpp"
#include "support/onnx_builder.hpp"
#include "workloads/onnx/onnx_import.hpp"

using namespace hcm;
using hcm::test::OnnxBuilder;

namespace {

const Layer& layer(const Network& n, const std::string& name) {
    for (const auto& L : n.layers)
        if (L.name == name) return L;
    throw std::runtime_error("no layer " + name);
}

std::string node(OnnxBuilder& b, const std::string& op, const std::vector<std::string>& in, const std::string& name) {
    b.node(op, in, {name + "_out"}, name);
    return name + "_out";
}

std::string axesLast(OnnxBuilder& b, const std::string& op, const std::string& x, const std::string& name) {
    auto& n = b.node(op, {x}, {name + "_out"}, name);
    OnnxBuilder::attr(n, "axes", std::vector<int64_t>{-1});
    return name + "_out";
}

// LayerNorm over the last axis as torch.onnx writes it at opset 13.
std::string decomposedLayerNorm(OnnxBuilder& b, const std::string& x, int64_t width, const std::string& scope) {
    const std::string mean = axesLast(b, "ReduceMean", x, scope + "ReduceMean");
    const std::string xc = node(b, "Sub", {x, mean}, scope + "Sub");
    const std::string sq = node(b, "Pow", {xc, b.scalar(scope + "two", 2.f)}, scope + "Pow");
    const std::string var = axesLast(b, "ReduceMean", sq, scope + "ReduceMean_1");
    const std::string ve = node(b, "Add", {var, b.scalar(scope + "eps", 1e-5f)}, scope + "Add");
    const std::string sd = node(b, "Sqrt", {ve}, scope + "Sqrt");
    const std::string xn = node(b, "Div", {xc, sd}, scope + "Div");
    const std::string xg = node(b, "Mul", {xn, b.weight(scope + "gamma", {width})}, scope + "Mul");
    return node(b, "Add", {xg, b.weight(scope + "beta", {width})}, scope + "Add_1");
}

// GELU as torch.onnx writes it at opset 13: x * (erf(x / sqrt 2) + 1) * 0.5.
std::string decomposedGelu(OnnxBuilder& b, const std::string& x, const std::string& scope) {
    const std::string d = node(b, "Div", {x, b.scalar(scope + "sqrt2", 1.4142135f)}, scope + "Div");
    const std::string e = node(b, "Erf", {d}, scope + "Erf");
    const std::string a = node(b, "Add", {e, b.scalar(scope + "one", 1.f)}, scope + "Add");
    const std::string m = node(b, "Mul", {x, a}, scope + "Mul");
    return node(b, "Mul", {m, b.scalar(scope + "half", 0.5f)}, scope + "Mul_1");
}

// x @ W + b.
std::string linear(OnnxBuilder& b, const std::string& x, int64_t in, int64_t out, const std::string& scope) {
    const std::string y = node(b, "MatMul", {x, b.weight(scope + "weight", {in, out})}, scope + "MatMul");
    return node(b, "Add", {b.weight(scope + "bias", {out}), y}, scope + "Add");
}

std::string transpose(OnnxBuilder& b, const std::string& x, std::vector<int64_t> perm, const std::string& name) {
    auto& n = b.node("Transpose", {x}, {name + "_out"}, name);
    OnnxBuilder::attr(n, "perm", perm);
    return name + "_out";
}

std::string reshape(OnnxBuilder& b, const std::string& x, const std::vector<int64_t>& shape, const std::string& name) {
    return node(b, "Reshape", {x, b.ints(name + "_shape", {int64_t(shape.size())}, shape)}, name);
}

// A pre-LN encoder block: 4 tokens, hidden 8, 2 heads of 4, FFN 16.
OnnxBuilder encoderBlock() {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 4, 8});
    const std::string ln = decomposedLayerNorm(b, x, 8, "/ln/");
    auto heads = [&](const std::string& t, std::vector<int64_t> perm, const std::string& s) {
        return transpose(b, reshape(b, t, {1, 4, 2, 4}, s + "Reshape"), perm, s + "Transpose");
    };
    const std::string q = heads(linear(b, ln, 8, 8, "/attn/q/"), {0, 2, 1, 3}, "/attn/q/");
    const std::string kt = heads(linear(b, ln, 8, 8, "/attn/k/"), {0, 2, 3, 1}, "/attn/k/");
    const std::string v = heads(linear(b, ln, 8, 8, "/attn/v/"), {0, 2, 1, 3}, "/attn/v/");
    const std::string scores = node(b, "MatMul", {q, kt}, "/attn/MatMul");
    const std::string scaled = node(b, "Div", {scores, b.scalar("/attn/scale", 2.f)}, "/attn/Div");
    auto& sm = b.node("Softmax", {scaled}, {"probs"}, "/attn/Softmax");
    OnnxBuilder::attr(sm, "axis", int64_t(-1));
    const std::string ctx = node(b, "MatMul", {"probs", v}, "/attn/MatMul_1");
    const std::string merged = reshape(b, transpose(b, ctx, {0, 2, 1, 3}, "/attn/Transpose"), {1, 4, 8}, "/attn/Reshape");
    const std::string out = linear(b, merged, 8, 8, "/attn/out/");
    const std::string res = node(b, "Add", {x, out}, "/Add");
    const std::string h = linear(b, res, 8, 16, "/mlp/fc1/");
    const std::string y = linear(b, decomposedGelu(b, h, "/mlp/act/"), 16, 8, "/mlp/fc2/");
    b.output(y);
    return b;
}

}  // namespace

TEST(OnnxTransformer, EncoderBlockLayers) {
    std::vector<std::string> warnings;
    const Network n = parseOnnxNetwork(encoderBlock().serialize(), "block.onnx", &warnings);
    std::vector<std::string> names;
    for (const auto& L : n.layers) names.push_back(L.name);
    EXPECT_EQ(names, (std::vector<std::string>{
                         "/ln/LayerNormalization", "/attn/q/MatMul", "/attn/q/Transpose", "/attn/k/MatMul",
                         "/attn/k/Transpose", "/attn/v/MatMul", "/attn/v/Transpose", "/attn/MatMul", "/attn/Softmax",
                         "/attn/MatMul_1", "/attn/Transpose", "/attn/out/MatMul", "/Add", "/mlp/fc1/MatMul",
                         "/mlp/act/Gelu", "/mlp/fc2/MatMul"}));
    EXPECT_TRUE(warnings.empty());

    const Layer& ln = layer(n, "/ln/LayerNormalization");  // 9 nodes, one pass over 4 x 8
    EXPECT_EQ(ln.op, LayerOp::Eltwise);
    EXPECT_EQ(ln.fn, "layernorm");
    EXPECT_EQ(ln.ops_per_element, 5);
    EXPECT_EQ(ln.inputElements(), 32);
    EXPECT_EQ(ln.outputElements(), 32);
    EXPECT_TRUE(ln.from.empty());  // the graph input

    const Layer& q = layer(n, "/attn/q/MatMul");  // projections over all 4 tokens
    EXPECT_EQ(q.op, LayerOp::FC);
    EXPECT_EQ(q.n, 4);
    EXPECT_EQ(q.c, 8);
    EXPECT_EQ(q.k, 8);
    EXPECT_TRUE(q.bias);
    EXPECT_FALSE(q.runtime_weights);
    EXPECT_EQ(q.macs(), 256);
    EXPECT_EQ(layer(n, "/attn/k/MatMul").from, std::vector<std::string>{"/ln/LayerNormalization"});

    const Layer& qt = layer(n, "/attn/q/Transpose");  // a real permutation: one copy
    EXPECT_EQ(qt.op, LayerOp::Pool);
    EXPECT_EQ(qt.inputElements(), 32);

    // q k^T: per head 4 x 4 by 4 x 4; k^T is an activation.
    const Layer& s = layer(n, "/attn/MatMul");
    EXPECT_EQ(s.op, LayerOp::FC);
    EXPECT_TRUE(s.runtime_weights);
    EXPECT_EQ(s.groups, 2);
    EXPECT_EQ(s.n, 4);
    EXPECT_EQ(s.c, 8);
    EXPECT_EQ(s.k, 8);
    EXPECT_EQ(s.macs(), 2 * 4 * 4 * 4);
    EXPECT_EQ(s.weights(), 32);
    EXPECT_EQ(s.params(), 0);
    EXPECT_EQ(s.from, std::vector<std::string>{"/attn/q/Transpose"});  // not v's transpose before it

    const Layer& sm = layer(n, "/attn/Softmax");  // the scale by 1/sqrt(d) and Softmax
    EXPECT_EQ(sm.op, LayerOp::Eltwise);
    EXPECT_EQ(sm.fn, "softmax");
    EXPECT_EQ(sm.ops_per_element, 4);
    EXPECT_EQ(sm.outputElements(), 2 * 4 * 4);

    const Layer& ctx = layer(n, "/attn/MatMul_1");  // probabilities x v
    EXPECT_TRUE(ctx.runtime_weights);
    EXPECT_EQ(ctx.groups, 2);
    EXPECT_EQ(ctx.macs(), 2 * 4 * 4 * 4);
    EXPECT_TRUE(ctx.from.empty());  // the Softmax before it

    const Layer& res = layer(n, "/Add");
    EXPECT_EQ(res.op, LayerOp::Add);
    EXPECT_EQ(res.add_inputs, 2);

    const Layer& gelu = layer(n, "/mlp/act/Gelu");
    EXPECT_EQ(gelu.op, LayerOp::Eltwise);
    EXPECT_EQ(gelu.fn, "gelu");
    EXPECT_EQ(gelu.ops_per_element, 8);
    EXPECT_EQ(gelu.outputElements(), 64);
    EXPECT_TRUE(layer(n, "/mlp/fc1/MatMul").bias);  // the Add before the GELU is fc1's bias

    // q, k, v, out: 4 x 256; two attention products: 2 x 128; FFN 4 x 8 x 16 twice.
    EXPECT_EQ(n.totalMacs(), 4 * 256 + 2 * 128 + 2 * 512);
    EXPECT_EQ(n.totalParams(), 4 * (64 + 8) + (128 + 16) + (128 + 8));
}

TEST(OnnxTransformer, Opset17LayerNormalizationAndTanhGelu) {
    OnnxBuilder b(17);
    const std::string x = b.input("x", {1, 6, 10});
    auto& ln = b.node("LayerNormalization", {x, b.weight("g", {10}), b.weight("be", {10})}, {"ln"}, "/norm/LayerNormalization");
    OnnxBuilder::attr(ln, "axis", int64_t(-1));
    const std::string h = node(b, "MatMul", {"ln", b.weight("w", {10, 10})}, "/fc/MatMul");
    // GELU's tanh form: 0.5 x (1 + tanh(0.79788 (x + 0.044715 x^3))).
    const std::string cube = node(b, "Pow", {h, b.scalar("three", 3.f)}, "/act/Pow");
    const std::string c1 = node(b, "Mul", {cube, b.scalar("c", 0.044715f)}, "/act/Mul");
    const std::string inner = node(b, "Add", {h, c1}, "/act/Add");
    const std::string scaled = node(b, "Mul", {inner, b.scalar("k", 0.7978846f)}, "/act/Mul_1");
    const std::string th = node(b, "Tanh", {scaled}, "/act/Tanh");
    const std::string plus = node(b, "Add", {th, b.scalar("one", 1.f)}, "/act/Add_1");
    const std::string half = node(b, "Mul", {h, b.scalar("h", 0.5f)}, "/act/Mul_2");
    b.output(node(b, "Mul", {half, plus}, "/act/Mul_3"));
    const Network n = parseOnnxNetwork(b.serialize(), "m.onnx");
    ASSERT_EQ(n.layers.size(), 3u);
    EXPECT_EQ(n.layers[0].name, "/norm/LayerNormalization");
    EXPECT_EQ(n.layers[0].fn, "layernorm");
    EXPECT_EQ(n.layers[0].outputElements(), 60);
    EXPECT_EQ(n.layers[2].name, "/act/Gelu");
    EXPECT_EQ(n.layers[2].fn, "gelu");
    EXPECT_EQ(n.layers[2].outputElements(), 60);
}

TEST(OnnxTransformer, AdjacentFunctionsShareOnePass) {
    // Softmax straight after a LayerNorm, with no layer between: one region of
    // element-wise work on one tensor, one eltwise layer doing both.
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 3, 8});
    const std::string ln = decomposedLayerNorm(b, x, 8, "/block/norm/");
    auto& sm = b.node("Softmax", {ln}, {"p"}, "/block/Softmax");
    OnnxBuilder::attr(sm, "axis", int64_t(-1));
    b.output("p");
    const Network n = parseOnnxNetwork(b.serialize(), "m.onnx");
    ASSERT_EQ(n.layers.size(), 1u);
    EXPECT_EQ(n.layers[0].name, "/block/LayerNormalization+Softmax");
    EXPECT_EQ(n.layers[0].fn, "layernorm+softmax");
    EXPECT_EQ(n.layers[0].ops_per_element, 5 + 4);
    EXPECT_EQ(n.layers[0].outputElements(), 24);
}

TEST(OnnxTransformer, NormalizationInputAlsoReadElsewhere) {
    // ViT: the position embedding is added to the patches (P = x + pos), P
    // feeds the first LayerNorm *and* the residual add after attention. The
    // add of a constant folds, and the LayerNorm is still one layer.
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 5, 8});
    const std::string p = node(b, "Add", {x, b.weight("pos", {1, 5, 8})}, "/encoder/Add");
    const std::string ln = decomposedLayerNorm(b, p, 8, "/encoder/ln_1/");
    const std::string y = linear(b, ln, 8, 8, "/encoder/proj/");
    b.output(node(b, "Add", {y, p}, "/encoder/Add_1"));
    const Network n = parseOnnxNetwork(b.serialize(), "m.onnx");
    ASSERT_EQ(n.layers.size(), 3u);
    EXPECT_EQ(n.layers[0].name, "/encoder/ln_1/LayerNormalization");
    EXPECT_EQ(n.layers[0].fn, "layernorm");
    EXPECT_EQ(n.layers[1].name, "/encoder/proj/MatMul");
    EXPECT_EQ(n.layers[2].op, LayerOp::Add);
}

TEST(OnnxTransformer, UnsupportedOperatorsCarryAHint) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 4, 8});
    auto& e = b.node("Einsum", {x, x}, {"y"}, "/attn/Einsum");
    OnnxBuilder::attr(e, "equation", std::string("bik,bjk->bij"));
    b.output("y");
    try {
        parseOnnxNetwork(b.serialize(), "m.onnx");
        FAIL();
    } catch (const InputError& err) {
        EXPECT_EQ(std::string(err.what()),
                  "m.onnx: node '/attn/Einsum' (Einsum): operator is not supported by the ONNX importer (it is "
                  "neither a layer hcmsim models, an operator it folds, nor data movement): write the product with "
                  "torch.matmul (or @) before exporting: MatMul is supported");
    }
}
