// A ResNet-18-shaped ONNX graph as torch.onnx.export writes it (built in the
// test, support/onnx_builder.cpp) imports with the zoo's MACs and weights, its
// node names work in quantization policies, and the CLI takes .onnx files
// everywhere a network is accepted, with one-line errors for bad ones.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>

#include "support/cli_runner.hpp"
#include "support/onnx_builder.hpp"
#include "workloads/network_loader.hpp"
#include "workloads/onnx/onnx_import.hpp"

using namespace hcm;
using hcm::test::convOpts;
using hcm::test::OnnxBuilder;
using hcm::test::runHcmsim;

namespace {

std::string resnet18File() {
    static const std::string path = [] {
        const std::string dir = test::tempDir("onnx_resnet18");
        test::resnet18Model().save(dir + "/resnet18.onnx");
        return dir + "/resnet18.onnx";
    }();
    return path;
}

void expectOneLineError(const test::CliResult& r, const std::string& fragment) {
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
}

}  // namespace

TEST(OnnxResNet18, MacsAndWeightsEqualTheZoo) {
    const Network onnx = loadOnnxNetwork(resnet18File());
    const Network zoo = loadNetworkShapes("resnet18");
    // Published: 1,814,073,344 conv+fc MACs, 11,678,912 weights, 11,689,512 parameters
    // (weights + 1,000 fc biases + 2 x 4,800 batch-norm channels).
    EXPECT_EQ(onnx.totalMacs(), 1814073344);
    EXPECT_EQ(onnx.totalWeights(), 11678912);
    EXPECT_EQ(onnx.totalParams(), 11689512);
    EXPECT_EQ(onnx.totalMacs(), zoo.totalMacs());
    // Layer by layer: 20 conv, 1 fc, 2 pool, 8 add in the zoo's order.
    ASSERT_EQ(onnx.layers.size(), zoo.layers.size());
    for (size_t i = 0; i < zoo.layers.size(); ++i) {
        const Layer &a = onnx.layers[i], &b = zoo.layers[i];
        EXPECT_EQ(a.op, b.op) << a.name << " vs " << b.name;
        EXPECT_EQ(a.macs(), b.macs()) << a.name << " vs " << b.name;
        EXPECT_EQ(a.weights(), b.weights()) << a.name;
        EXPECT_EQ(a.params(), b.params()) << a.name;
        EXPECT_EQ(a.inputElements(), b.inputElements()) << a.name;
        EXPECT_EQ(a.outputElements(), b.outputElements()) << a.name;
    }
    EXPECT_EQ(onnx.layers[0].name, "/conv1/Conv");
    EXPECT_EQ(onnx.layers[2].name, "/layer1/layer1.0/conv1/Conv");
    EXPECT_EQ(onnx.layers[10].name, "/layer2/layer2.0/downsample/downsample.0/Conv");
    EXPECT_EQ(onnx.layers.back().name, "/fc/Gemm");
}

TEST(OnnxResNet18, PolicyGlobsMatchNodeNames) {
    const std::string dir = test::tempDir("onnx_policy");
    test::writeFile(dir + "/policy.yaml",
                    "default: {wbits: 4, abits: 4}\n"
                    "rules:\n"
                    "  - {match: [\"@first\", \"@last\"], wbits: 8, abits: 8}\n"
                    "  - {match: \"/layer4/*\", wbits: 2}\n");
    NetworkRequest r(resnet18File());
    r.quantPolicyFile = dir + "/policy.yaml";
    r.batch = 2;
    std::vector<std::string> warnings;
    const Network n = loadNetwork(r, &warnings);
    EXPECT_TRUE(warnings.empty());
    EXPECT_EQ(n.totalMacs(), 2 * 1814073344LL);
    for (const auto& L : n.layers) {
        if (L.name == "/conv1/Conv" || L.name == "/fc/Gemm")
            EXPECT_EQ(L.prec.str(), "w8a8o8") << L.name;
        else if (L.name.rfind("/layer4/", 0) == 0)
            EXPECT_EQ(L.prec.str(), "w2a4o4") << L.name;
        else
            EXPECT_EQ(L.prec.str(), "w4a4o4") << L.name;
    }
}

TEST(OnnxCli, EstimateTakesAnOnnxModel) {
    const auto r = runHcmsim({"estimate", "--net", resnet18File(), "--format", "json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["totals"]["macs"].get<int64_t>(), 1814073344);
    EXPECT_EQ(j["network"].get<std::string>(), "resnet18");
    EXPECT_EQ(j["layers"].size(), 31u);
}

TEST(OnnxCli, ApproximateDataMovementWarnsOnStderr) {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 4, 8, 8});
    b.ints("repeats", {4}, {1, 1, 2, 2});
    b.node("Tile", {b.conv(x, 4, 4, 3, convOpts("conv", 1, 1)), "repeats"}, {"t"}, "tile");
    b.output("t");
    const std::string dir = test::tempDir("onnx_dm");
    b.save(dir + "/dm.onnx");
    const auto r = runHcmsim({"estimate", "--net", dir + "/dm.onnx", "--format", "csv"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("hcmsim: warning: " + dir + "/dm.onnx: node 'tile' (Tile): modelled as a memory-only copy"),
              std::string::npos)
        << r.err;
}

TEST(OnnxCli, BadModelsAreOneLineErrors) {
    const std::string dir = test::tempDir("onnx_bad");
    test::writeFile(dir + "/text.onnx", "name: not a model\nlayers: []\n");
    expectOneLineError(runHcmsim({"estimate", "--net", dir + "/text.onnx"}), dir + "/text.onnx: not an ONNX model");
    const std::string whole = test::readFile(resnet18File());
    test::writeFile(dir + "/cut.onnx", whole.substr(0, 1000000));
    expectOneLineError(runHcmsim({"estimate", "--net", dir + "/cut.onnx"}), dir + "/cut.onnx: not an ONNX model");
    OnnxBuilder b;
    b.node("LSTM", {b.input("x", {5, 1, 8}), b.weight("W", {1, 64, 8}), b.weight("R", {1, 64, 16})}, {"y"},
           "/rnn/LSTM");
    b.output("y");
    b.save(dir + "/lstm.onnx");
    expectOneLineError(runHcmsim({"run", "--net", dir + "/lstm.onnx"}),
                       "node '/rnn/LSTM' (LSTM): operator is not supported");
}
