// Models as torch.onnx exports them (opset 13): torchvision CNNs, ViT-B/16 and
// a BERT-base-like encoder, stored graph-only in tests/data/onnx/ (weights
// stripped by tools/onnx/export_models.py). Each imports with exactly the
// MACs, stored weights and layers PyTorch counts for it (models.json, from
// forward hooks on the modules, independently of ONNX), the transformers with
// the GEMM and eltwise layers of their blocks, and both transformers run.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "sim/config/platform_config.hpp"
#include "sim/metric/hcm_estimator.hpp"
#include "support/cli_runner.hpp"
#include "workloads/network_loader.hpp"
#include "workloads/onnx/onnx_import.hpp"

using namespace hcm;
using nlohmann::json;

namespace {

const json& models() {
    static const json j = json::parse(test::readFile(test::sourcePath("tests/data/onnx/models.json")))["models"];
    return j;
}

std::string modelPath(const std::string& name) {
    return test::sourcePath("tests/data/onnx/" + models().at(name)["file"].get<std::string>());
}

std::vector<std::string> modelNames() {
    std::vector<std::string> names;
    for (const auto& [name, _] : models().items()) names.push_back(name);
    return names;
}

const Layer& layer(const Network& n, const std::string& name) {
    for (const auto& L : n.layers)
        if (L.name == name) return L;
    throw std::runtime_error("no layer " + name);
}

}  // namespace

class OnnxExportedModel : public ::testing::TestWithParam<std::string> {};

TEST_P(OnnxExportedModel, ImportsWithTheFrameworksCounts) {
    const json& e = models().at(GetParam());
    std::vector<std::string> warnings;
    const Network n = loadNetwork(NetworkRequest(modelPath(GetParam())), &warnings);
    EXPECT_EQ(n.totalMacs(), e["macs"].get<int64_t>());
    int64_t stored = 0, conv = 0, fc = 0, runtime = 0;
    std::map<std::string, int64_t> eltwise;
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < n.layers.size(); ++i) {
        const Layer& L = n.layers[i];
        if (L.hasParameters()) stored += L.weights();
        conv += L.op == LayerOp::Conv;
        fc += L.op == LayerOp::FC && !L.runtime_weights;
        runtime += L.op == LayerOp::FC && L.runtime_weights;
        if (L.op == LayerOp::Eltwise) ++eltwise[L.fn];
        // `from` names earlier layers only.
        for (const auto& f : L.from) EXPECT_TRUE(index.count(f)) << L.name << " reads " << f;
        index[L.name] = i;
    }
    EXPECT_EQ(stored, e["weights"].get<int64_t>());
    EXPECT_EQ(conv, e["conv"].get<int64_t>());
    EXPECT_EQ(fc, e["fc"].get<int64_t>());
    EXPECT_EQ(runtime, e["fc_runtime"].get<int64_t>());
    EXPECT_EQ(eltwise, (e["eltwise"].get<std::map<std::string, int64_t>>()));
    for (const auto& w : warnings) ADD_FAILURE() << w;  // nothing approximated in these models
    // The estimator takes every layer.
    const auto est = estimateNetwork(loadPlatformConfig("default"), n);
    EXPECT_EQ(est.layers.size(), n.layers.size());
}

INSTANTIATE_TEST_SUITE_P(TorchOnnx, OnnxExportedModel, ::testing::ValuesIn(modelNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST(OnnxExportedTransformer, VitB16EncoderBlock) {
    const Network n = loadOnnxNetwork(modelPath("vit_b_16"));
    const std::string blk = "/encoder/layers/encoder_layer_0/";
    // 196 patches + the class token; 12 heads of 64.
    const Layer& ln = layer(n, blk + "ln_1/LayerNormalization");
    EXPECT_EQ(ln.fn, "layernorm");
    EXPECT_EQ(ln.outputElements(), 197 * 768);
    const Layer& qkv = layer(n, blk + "self_attention/MatMul");  // the fused in_proj over all tokens
    EXPECT_EQ(qkv.op, LayerOp::FC);
    EXPECT_FALSE(qkv.runtime_weights);
    EXPECT_EQ(qkv.n, 197);
    EXPECT_EQ(qkv.c, 768);
    EXPECT_EQ(qkv.k, 3 * 768);
    EXPECT_TRUE(qkv.bias);
    const Layer& qk = layer(n, blk + "self_attention/MatMul_1");
    EXPECT_TRUE(qk.runtime_weights);
    EXPECT_EQ(qk.groups, 12);
    EXPECT_EQ(qk.n, 197);
    EXPECT_EQ(qk.c, 12 * 64);
    EXPECT_EQ(qk.k, 12 * 197);
    EXPECT_EQ(qk.macs(), 12LL * 197 * 197 * 64);  // 29,805,312
    EXPECT_EQ(qk.from, std::vector<std::string>{blk + "self_attention/Transpose_1"});  // q, not k
    const Layer& sm = layer(n, blk + "self_attention/Softmax");
    EXPECT_EQ(sm.fn, "softmax");
    EXPECT_EQ(sm.outputElements(), 12 * 197 * 197);
    const Layer& av = layer(n, blk + "self_attention/MatMul_2");
    EXPECT_TRUE(av.runtime_weights);
    EXPECT_EQ(av.groups, 12);
    EXPECT_EQ(av.c, 12 * 197);
    EXPECT_EQ(av.k, 12 * 64);
    EXPECT_EQ(av.macs(), 12LL * 197 * 197 * 64);
    EXPECT_EQ(layer(n, blk + "self_attention/Gemm").k, 768);  // out_proj
    EXPECT_EQ(layer(n, blk + "Add").op, LayerOp::Add);
    EXPECT_EQ(layer(n, blk + "mlp/mlp.1/Gelu").outputElements(), 197 * 3072);
    // The class token is concatenated to the patches; the head reads it in place (x[:, 0]).
    EXPECT_EQ(layer(n, "/Concat").outputElements(), 197 * 768);
    const Layer& head = n.layers.back();
    EXPECT_EQ(head.op, LayerOp::FC);
    EXPECT_EQ(head.n, 1);
    EXPECT_EQ(head.c, 768);
    EXPECT_EQ(head.k, 1000);
}

TEST(OnnxExportedTransformer, BertEncoderLayer) {
    const Network n = loadOnnxNetwork(modelPath("bert_base_encoder"));
    // 18 layers per encoder layer, the pooler at the end.
    EXPECT_EQ(n.layers.size(), 12u * 18 + 1);
    const Layer& q = layer(n, "/layer.0/attention/query/MatMul");
    EXPECT_EQ(q.n, 128);
    EXPECT_EQ(q.c, 768);
    EXPECT_EQ(q.k, 768);
    const Layer& qk = layer(n, "/layer.0/attention/MatMul");
    EXPECT_TRUE(qk.runtime_weights);
    EXPECT_EQ(qk.groups, 12);
    EXPECT_EQ(qk.n, 128);
    EXPECT_EQ(qk.macs(), 12LL * 128 * 128 * 64);
    EXPECT_EQ(layer(n, "/layer.0/attention/Softmax").outputElements(), 12 * 128 * 128);
    EXPECT_EQ(layer(n, "/layer.0/attention_norm/LayerNormalization").outputElements(), 128 * 768);
    EXPECT_EQ(layer(n, "/layer.0/activation/Gelu").outputElements(), 128 * 3072);
    const Layer& pooler = n.layers.back();  // dense on the first token
    EXPECT_EQ(pooler.n, 1);
    EXPECT_EQ(pooler.c, 768);
    EXPECT_EQ(pooler.k, 768);
}

// --batch 2: every image has its own keys and values, so attention's
// runtime-operand GEMMs double their groups (heads x images) and operands,
// while the projections double their rows and keep their weights.
TEST(OnnxExportedTransformer, BatchScalesAttentionPerImage) {
    NetworkRequest r;
    r.spec = modelPath("bert_base_encoder");
    r.batch = 2;
    const Network n = loadNetwork(r);
    const Layer& q = layer(n, "/layer.0/attention/query/MatMul");
    EXPECT_EQ(q.n, 256);
    EXPECT_EQ(q.weights(), 768 * 768);
    const Layer& qk = layer(n, "/layer.0/attention/MatMul");
    EXPECT_EQ(qk.groups, 24);
    EXPECT_EQ(qk.n, 128);
    EXPECT_EQ(qk.macs(), 2 * 12LL * 128 * 128 * 64);
    EXPECT_EQ(qk.weights(), 2 * 12 * 64 * 128);
    EXPECT_EQ(n.totalMacs(), 2 * loadOnnxNetwork(modelPath("bert_base_encoder")).totalMacs());
}

TEST(OnnxExportedTransformer, BertRunsOnTheDefaultPlatform) {
    // One encoder layer (layers 0-17) simulated: every kind of layer a
    // transformer has; the whole model takes about 2 s and is checked by hand.
    const auto s = test::runSummary({"--net", modelPath("bert_base_encoder"), "--layers", "0-17"}, "onnx_bert");
    ASSERT_FALSE(s.is_null());
    ASSERT_EQ(s["layers"].size(), 18u);
    EXPECT_EQ(s["totals"]["macs"].get<int64_t>(), 4 * 75497472LL + 2 * 12582912LL + 2 * 301989888LL);
    for (const auto& L : s["layers"]) EXPECT_GT(L["cycles"].get<int64_t>(), 0) << L["name"];
}

TEST(OnnxExportedTransformer, VitRunsAndEstimates) {
    const auto r = test::runHcmsim({"estimate", "--net", modelPath("vit_b_16"), "--format", "json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(json::parse(r.out)["totals"]["macs"].get<int64_t>(), 17563828224LL);
    const auto s = test::runSummary({"--net", modelPath("vit_b_16"), "--layers", "0-19"}, "onnx_vit");
    ASSERT_FALSE(s.is_null());
    EXPECT_EQ(s["layers"].size(), 20u);
}
