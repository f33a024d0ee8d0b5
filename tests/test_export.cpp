// Export for cross-checking in other tools: Timeloop problem YAML per layer
// (instance C, M, N, P, Q, R, S, strides, dilations) and SCALE-Sim topology
// CSV, which reads back through hcmsim's own importer with equal MACs.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "sim/common/input_error.hpp"
#include "support/cli_runner.hpp"
#include "support/onnx_builder.hpp"
#include "workloads/export/scalesim_export.hpp"
#include "workloads/export/timeloop_export.hpp"
#include "workloads/network_loader.hpp"
#include "workloads/scalesim_csv.hpp"

using namespace hcm;
using hcm::test::runHcmsim;

namespace {

int64_t at(const YAML::Node& instance, const char* key) { return instance[key] ? instance[key].as<int64_t>() : 1; }

// MACs Timeloop counts for a problem: the product of all dimensions.
int64_t problemMacs(const YAML::Node& doc) {
    const YAML::Node inst = doc["problem"]["instance"];
    int64_t m = 1;
    for (const auto& d : doc["problem"]["shape"]["dimensions"]) m *= at(inst, d.as<std::string>().c_str());
    return m;
}

Network net(const std::string& spec, int64_t batch = 1) {
    NetworkRequest r(spec);
    r.batch = batch;
    return loadNetwork(r);
}

void expectSameMacsPerLayer(const Network& original, const Network& roundTrip) {
    std::vector<int64_t> a, b;
    for (const auto& L : original.layers)
        if (L.hasWeights()) a.push_back(L.macs());
    for (const auto& L : roundTrip.layers) b.push_back(L.macs());
    EXPECT_EQ(a, b);
}

}  // namespace

TEST(TimeloopExport, ResNet18ProblemPerComputeLayer) {
    const Network n = net("resnet18");
    const auto files = timeloopProblems(n);
    ASSERT_EQ(files.size(), 22u);  // 20 conv + 1 fc + index.csv
    EXPECT_EQ(files.back().name, "index.csv");
    EXPECT_EQ(files[0].name, "000_conv1.yaml");
    int64_t total = 0;
    for (size_t i = 0; i + 1 < files.size(); ++i) total += problemMacs(YAML::Load(files[i].content));
    EXPECT_EQ(total, 1814073344);  // the zoo's conv + fc MACs
    // conv1: 3 -> 64, 7x7, stride 2, pad 3 on 224x224 -> 112x112.
    const YAML::Node c1 = YAML::Load(files[0].content)["problem"];
    EXPECT_EQ(c1["version"].as<std::string>(), "0.4");
    const YAML::Node i = c1["instance"];
    EXPECT_EQ(at(i, "C"), 3);
    EXPECT_EQ(at(i, "M"), 64);
    EXPECT_EQ(at(i, "N"), 1);
    EXPECT_EQ(at(i, "P"), 112);
    EXPECT_EQ(at(i, "Q"), 112);
    EXPECT_EQ(at(i, "R"), 7);
    EXPECT_EQ(at(i, "S"), 7);
    EXPECT_EQ(at(i, "Wstride"), 2);
    EXPECT_EQ(at(i, "Hstride"), 2);
    EXPECT_EQ(at(i, "Wdilation"), 1);
    EXPECT_EQ(at(i, "Hpad"), 3);
    EXPECT_EQ(c1["shape"]["data_spaces"][1]["projection"][2][1][1].as<std::string>(), "Wstride");
    // fc: N rows, C inputs, M outputs, everything else 1.
    const YAML::Node fc = YAML::Load(files[20].content)["problem"]["instance"];
    EXPECT_EQ(files[20].name, "030_fc.yaml");
    EXPECT_EQ(at(fc, "C"), 512);
    EXPECT_EQ(at(fc, "M"), 1000);
    EXPECT_EQ(at(fc, "P") * at(fc, "Q") * at(fc, "R") * at(fc, "S"), 1);
    EXPECT_NE(files.back().content.find("000_conv1.yaml,\"conv1\",conv,1,118013952,9408,8,8,8\n"), std::string::npos)
        << files.back().content;
}

TEST(TimeloopExport, WidthAndHeightFollowTimeloopsConvention) {
    // Timeloop pairs R and P with Wstride/Wdilation (width), S and Q with the height.
    Layer L;
    L.name = "rect";
    L.c = 4, L.h = 20, L.w = 30, L.k = 8, L.r = 3, L.s = 5;
    L.stride_h = 1, L.stride_w = 2, L.dil_h = 2, L.dil_w = 1;
    ASSERT_EQ(L.p(), 16);  // (20 - 2*2 - 1) / 1 + 1
    ASSERT_EQ(L.q(), 13);  // (30 - 5) / 2 + 1
    const YAML::Node i = YAML::Load(timeloopProblemYaml(L, "t"))["problem"]["instance"];
    EXPECT_EQ(at(i, "R"), 5);
    EXPECT_EQ(at(i, "S"), 3);
    EXPECT_EQ(at(i, "P"), 13);
    EXPECT_EQ(at(i, "Q"), 16);
    EXPECT_EQ(at(i, "Wstride"), 2);
    EXPECT_EQ(at(i, "Hstride"), 1);
    EXPECT_EQ(at(i, "Wdilation"), 1);
    EXPECT_EQ(at(i, "Hdilation"), 2);
    // The input extents Timeloop derives fit the input: (P-1)*Wstride + (R-1)*Wdilation + 1 = 29 <= 30,
    // (Q-1)*Hstride + (S-1)*Hdilation + 1 = 20.
}

TEST(TimeloopExport, GroupedAndDepthwiseHaveAGDimension) {
    const Network n = net("mobilenet_v2");
    const auto files = timeloopProblems(n);
    int64_t total = 0;
    bool sawDepthwise = false;
    for (size_t i = 0; i + 1 < files.size(); ++i) {
        const YAML::Node doc = YAML::Load(files[i].content);
        total += problemMacs(doc);
        const YAML::Node inst = doc["problem"]["instance"];
        if (inst["G"]) {
            sawDepthwise = true;
            EXPECT_EQ(at(inst, "C"), 1) << files[i].name;  // depthwise: one input channel per group
            EXPECT_EQ(doc["problem"]["shape"]["dimensions"][0].as<std::string>(), "G");
        }
    }
    EXPECT_TRUE(sawDepthwise);
    EXPECT_EQ(total, n.totalMacs());
}

TEST(ScaleSimExport, ResNet18RoundTripsWithEqualMacs) {
    const Network n = net("resnet18");
    const auto topo = scaleSimTopology(n, ScaleSimForm::Conv);
    EXPECT_EQ(topo.rows, 21);
    // conv1 reads (112 - 1)*2 + 7 = 229 rows of the padded 230: SCALE-Sim's
    // ceil((229 - 7 + 2) / 2) = 112 outputs, as PyTorch's floor((230 - 7) / 2) + 1.
    EXPECT_NE(topo.csv.find("\nconv1, 229, 229, 7, 7, 3, 64, 2,\n"), std::string::npos) << topo.csv;
    EXPECT_NE(topo.csv.find("\nfc, 1, 1, 1, 1, 512, 1000, 1,\n"), std::string::npos);
    ASSERT_EQ(topo.notes.size(), 1u);
    EXPECT_EQ(topo.notes[0], "10 memory-only layers (pool, add, eltwise) have no SCALE-Sim row");
    const Network back = parseScaleSimCsv(topo.csv, "resnet18.csv");
    EXPECT_EQ(back.totalMacs(), 1814073344);
    expectSameMacsPerLayer(n, back);
    for (size_t i = 0, j = 0; i < n.layers.size(); ++i) {
        if (!n.layers[i].hasWeights()) continue;
        EXPECT_EQ(back.layers[j].p(), n.layers[i].p()) << n.layers[i].name;
        EXPECT_EQ(back.layers[j].q(), n.layers[i].q()) << n.layers[i].name;
        ++j;
    }
}

TEST(ScaleSimExport, DepthwiseRowsAreNamedDP) {
    const Network n = net("mobilenet_v2");
    const auto topo = scaleSimTopology(n, ScaleSimForm::Conv);
    const Network back = parseScaleSimCsv(topo.csv, "mbv2.csv");
    EXPECT_EQ(back.totalMacs(), n.totalMacs());
    expectSameMacsPerLayer(n, back);
    int depthwise = 0;
    for (const auto& L : back.layers) depthwise += L.isDepthwise() ? 1 : 0;
    int expected = 0;
    for (const auto& L : n.layers) expected += L.isDepthwise() ? 1 : 0;
    EXPECT_EQ(depthwise, expected);
    EXPECT_GT(depthwise, 0);
}

TEST(ScaleSimExport, GroupsDilationStridesAndNames) {
    Network n;
    n.name = "odd";
    auto conv = [](const std::string& name, int64_t c, int64_t k, int64_t groups) {
        Layer L;
        L.name = name;
        L.c = c, L.k = k, L.groups = groups, L.h = 12, L.w = 12, L.r = 3, L.s = 3, L.pad_top = L.pad_left = 1,
        L.pad_bottom = L.pad_right = 1;
        return L;
    };
    n.layers.push_back(conv("grouped,2", 8, 16, 2));  // two rows of 4 -> 8 channels
    Layer dil = conv("DPish", 4, 4, 1);
    dil.dil_h = dil.dil_w = 2;
    dil.pad_top = dil.pad_left = dil.pad_bottom = dil.pad_right = 2;
    n.layers.push_back(dil);
    Layer rect = conv("rect", 4, 4, 1);
    rect.stride_w = 2;
    n.layers.push_back(rect);
    const auto topo = scaleSimTopology(n, ScaleSimForm::Conv);
    // 12x12 padded by 1 on each side, 3x3, stride 1: P = 12, IFMAP (12 - 1) * 1 + 3 = 14.
    // Groups of 4 input channels and 8 filters; the comma in the name becomes '_'.
    EXPECT_NE(topo.csv.find("\ngrouped_2_g0, 14, 14, 3, 3, 4, 8, 1,\ngrouped_2_g1, 14, 14, 3, 3, 4, 8, 1,\n"),
              std::string::npos)
        << topo.csv;
    // Dilation 2, pad 2: P = (12 + 4 - 4 - 1) + 1 = 12, undilated IFMAP 14; "DP" would mean depthwise.
    EXPECT_NE(topo.csv.find("\nDpish, 14, 14, 3, 3, 4, 4, 1,\n"), std::string::npos) << topo.csv;
    // Stride width 2: Q = (14 - 3) / 2 + 1 = 6, IFMAP width (6 - 1) * 2 + 3 = 13; 9th field 2.
    EXPECT_NE(topo.csv.find("\nrect, 14, 13, 3, 3, 4, 4, 1, 2,\n"), std::string::npos) << topo.csv;
    EXPECT_EQ(topo.notes.size(), 3u);
    const Network back = parseScaleSimCsv(topo.csv, "odd.csv");
    EXPECT_EQ(back.totalMacs(), n.totalMacs());
    EXPECT_FALSE(back.layers[2].isDepthwise());
    EXPECT_EQ(back.layers[3].q(), 6);
}

TEST(ScaleSimExport, BatchNeedsTheGemmForm) {
    const Network n = net("resnet18", 4);
    EXPECT_THROW(scaleSimTopology(n, ScaleSimForm::Conv), InputError);
    const auto topo = scaleSimTopology(n, ScaleSimForm::Gemm);
    EXPECT_EQ(topo.csv.substr(0, 17), "Layer, M, N, K,\nc");
    // conv1: M = 4 * 112 * 112, N = 64, K = 3 * 7 * 7.
    EXPECT_NE(topo.csv.find("\nconv1, 50176, 64, 147,\n"), std::string::npos) << topo.csv.substr(0, 200);
    const Network back = parseScaleSimCsv(topo.csv, "r18_gemm.csv");
    EXPECT_EQ(back.totalMacs(), 4 * 1814073344LL);
}

TEST(ExportCli, TimeloopAndScaleSimFromAnOnnxModel) {
    const std::string dir = test::tempDir("export_cli");
    test::resnet18Model().save(dir + "/r18.onnx");
    auto r = runHcmsim({"export", "--net", dir + "/r18.onnx", "--to", "timeloop", dir + "/tl"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("wrote 21 Timeloop problems (conv/fc layers) and index.csv to " + dir + "/tl"),
              std::string::npos)
        << r.out;
    EXPECT_TRUE(std::filesystem::exists(dir + "/tl/000_conv1_Conv.yaml"));  // from node "/conv1/Conv"
    EXPECT_TRUE(std::filesystem::exists(dir + "/tl/030_fc_Gemm.yaml"));
    int64_t total = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir + "/tl"))
        if (e.path().extension() == ".yaml") total += problemMacs(YAML::LoadFile(e.path().string()));
    EXPECT_EQ(total, 1814073344);

    r = runHcmsim({"export", "--net", dir + "/r18.onnx", "--to", "scalesim", dir + "/r18.csv"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(loadScaleSimCsv(dir + "/r18.csv").totalMacs(), 1814073344);
    // And the exported CSV is itself a network hcmsim takes.
    r = runHcmsim({"estimate", "--net", dir + "/r18.csv", "--format", "csv"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
}

TEST(ExportCli, HelpAndBadArguments) {
    auto r = runHcmsim({"export", "--help"});
    EXPECT_EQ(r.exitCode, 0);
    EXPECT_NE(r.out.find("usage: hcmsim export --net NET --to timeloop DIR"), std::string::npos);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"export", "--net", "resnet18", "--to", "maestro", "x"},
             {"export", "--net", "resnet18", "--to", "timeloop"},
             {"export", "--net", "resnet18", "--to", "scalesim", "x.csv", "--form", "xml"},
             {"export", "--net", "resnet18", "--batch", "2", "--to", "scalesim", "x.csv"},
             {"export", "--to", "timeloop", "x"}}) {
        r = runHcmsim(args);
        EXPECT_EQ(r.exitCode, 2) << args[3] << ": " << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
}

// A batched fc (attention's q·kᵀ over 12 heads) is 12 independent GEMMs:
// SCALE-Sim gets a row per head and Timeloop a G dimension, so both carry
// the layer's MACs, not N·M·C.
TEST(ScaleSimExport, BatchedFcIsOneRowPerGroup) {
    Network n;
    n.name = "attn";
    Layer L;
    L.op = LayerOp::FC;
    L.name = "qk";
    L.n = 128, L.c = 12 * 64, L.k = 12 * 128, L.groups = 12;
    L.runtime_weights = true;
    n.layers.push_back(L);
    ASSERT_EQ(L.macs(), 12 * 128 * 64 * 128);
    for (const ScaleSimForm form : {ScaleSimForm::Conv, ScaleSimForm::Gemm}) {
        const auto topo = scaleSimTopology(n, form);
        EXPECT_EQ(topo.rows, 12);
        EXPECT_EQ(parseScaleSimCsv(topo.csv, "attn.csv").totalMacs(), L.macs());
    }
    const YAML::Node doc = YAML::Load(timeloopProblemYaml(L, "attn"));
    EXPECT_EQ(problemMacs(doc), L.macs());
    EXPECT_EQ(doc["problem"]["instance"]["G"].as<int64_t>(), 12);
}
