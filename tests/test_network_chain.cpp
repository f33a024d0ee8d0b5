// Chaining of native networks (workloads/network_chain.hpp): what is
// accepted, and every rejection with its exact message.
#include <gtest/gtest.h>

#include <string>

#include "support/cli_runner.hpp"
#include "workloads/families.hpp"
#include "workloads/network_chain.hpp"
#include "workloads/network_loader.hpp"
#include "workloads/network_yaml.hpp"

using namespace hcm;

namespace {

// "name: t\nlayers:\n" + the given layer lines: the first layer is on line 3.
Network parse(const std::string& layers, const std::string& header = "") {
    return parseNetworkYaml("name: t\n" + header + "layers:\n" + layers, "t.yaml");
}

std::string errorOf(const std::string& layers, const std::string& header = "") {
    try {
        parse(layers, header);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(NetworkChain, SequentialLayersChain) {
    // conv 3x3 stride 2: (56 + 2 - 3) / 2 + 1 = 28; pool 2x2: 14; global pool; fc.
    const Network n = parse(
        "  - {name: c1, op: conv, in: [3, 56, 56], out: 32, kernel: 3, stride: 2, pad: 1}\n"
        "  - {name: c2, op: conv, in: [32, 28, 28], out: 32, kernel: 3, pad: 1}\n"
        "  - {name: res, op: add, in: [32, 28, 28]}\n"
        "  - {name: p, op: pool, in: [32, 28, 28], kernel: 2, stride: 2}\n"
        "  - {name: gap, op: pool, kind: avg, in: [32, 14, 14], global: true}\n"
        "  - {name: fc, op: fc, in: 32, out: 10}\n");
    EXPECT_EQ(n.layers.size(), 6u);
}

TEST(NetworkChain, FirstLayerIsFree) {
    EXPECT_EQ(parse("  - {name: a, op: fc, in: 7, out: 3}\n").layers.size(), 1u);
    EXPECT_EQ(parse("  - {name: a, op: add, in: [5, 6, 7]}\n").layers.size(), 1u);
}

TEST(NetworkChain, FcFlattensOrReadsEveryPixel) {
    // Flattened: in = C·H·W = 16·7·7 = 784, m = the batch.
    parse("  - {name: c, op: conv, in: [3, 7, 7], out: 16, kernel: 1}\n"
          "  - {name: fc, op: fc, in: 784, out: 10}\n");
    // Per pixel (channels-last MLP): in = C, m = N·H·W = 2·7·7 = 98; the next
    // fc reads its 98 rows, the add reads them back as [16, 7, 7] at batch 2.
    parse("  - {name: c, op: conv, in: [3, 7, 7], out: 16, kernel: 1}\n"
          "  - {name: fc1, op: fc, in: 16, out: 64, m: 98}\n"
          "  - {name: fc2, op: fc, in: 64, out: 16, m: 98}\n"
          "  - {name: res, op: add, from: [fc2, c], in: [16, 7, 7]}\n"
          "  - {name: c2, op: conv, from: fc2, in: [16, 7, 7], out: 8, kernel: 3, pad: 1}\n",
          "batch: 2\n");
    // An fc output of C·H·W features read as a map (a reshape).
    parse("  - {name: fc, op: fc, in: 10, out: 128}\n"
          "  - {name: c, op: conv, in: [8, 4, 4], out: 8, kernel: 3}\n");
}

TEST(NetworkChain, FromConcatenatesAlongChannels) {
    // SqueezeNet's Fire module: both expands read the squeeze, the next layer
    // their concatenation, 64 + 64 = 128 channels.
    const Network n = parse(
        "  - {name: squeeze, op: conv, in: [96, 55, 55], out: 16, kernel: 1}\n"
        "  - {name: e1, op: conv, in: [16, 55, 55], out: 64, kernel: 1}\n"
        "  - {name: e3, op: conv, from: squeeze, in: [16, 55, 55], out: 64, kernel: 3, pad: 1}\n"
        "  - {name: next, op: conv, from: [e1, e3], in: [128, 55, 55], out: 16, kernel: 1}\n"
        "  - {name: flat, op: fc, from: [e1, e3], in: 387200, out: 10}\n");
    ASSERT_EQ(n.layers[3].from.size(), 2u);
    EXPECT_EQ(n.layers[3].from[1], "e3");
}

TEST(NetworkChain, AddAndEltwiseOperands) {
    // A ResNet downsample block: the 1x1 conv reads the block input, the add
    // both branches; a squeeze-excitation scale names the map it scales and
    // takes the previous layer (fc2, 32 values) as its broadcast operand.
    parse("  - {name: x, op: conv, in: [3, 16, 16], out: 16, kernel: 3, pad: 1}\n"
          "  - {name: c1, op: conv, in: [16, 16, 16], out: 32, kernel: 3, stride: 2, pad: 1}\n"
          "  - {name: c2, op: conv, in: [32, 8, 8], out: 32, kernel: 3, pad: 1}\n"
          "  - {name: down, op: conv, from: x, in: [16, 16, 16], out: 32, kernel: 1, stride: 2}\n"
          "  - {name: add, op: add, from: [c2, down], in: [32, 8, 8]}\n"
          "  - {name: se.pool, op: pool, in: [32, 8, 8], global: true}\n"
          "  - {name: se.fc1, op: conv, in: [32, 1, 1], out: 8, kernel: 1, bias: true}\n"
          "  - {name: se.fc2, op: conv, in: [8, 1, 1], out: 32, kernel: 1, bias: true}\n"
          "  - {name: se.scale, op: eltwise, from: add, fn: scale, in: [32, 8, 8]}\n"
          "  - {name: gate, op: eltwise, from: [se.scale, se.fc2], fn: scale, in: [32, 8, 8]}\n"
          "  - {name: sum3, op: add, from: [gate, add, se.scale], in: [32, 8, 8], inputs: 3}\n"
          "  - {name: prod, op: eltwise, from: [sum3, gate], fn: mul, in: [32, 8, 8]}\n");
}

TEST(NetworkChain, NetworkInputsAreFree) {
    // Independent layers (layer benchmarks) and second inputs read "@input".
    parse("  - {name: conv, op: conv, in: [64, 16, 16], out: 256, kernel: 3, pad: 1}\n"
          "  - {name: fc, op: fc, from: \"@input\", in: 1024, out: 1024}\n"
          "  - {name: sum, op: add, from: [fc, \"@input\"], in: [1024, 1, 1]}\n");
}

TEST(NetworkChain, ShapeMismatchNamesBothShapes) {
    EXPECT_EQ(errorOf("  - {name: conv1, op: conv, in: [3, 56, 56], out: 128, kernel: 3, stride: 2, pad: 1}\n"
                      "  - {name: conv2, op: conv, in: [64, 56, 56], out: 64, kernel: 3, pad: 1}\n"),
              "t.yaml:4:33: layer 'conv2': input [64, 56, 56] does not match the output [128, 28, 28] of 'conv1' "
              "(the previous layer); name the producer with from: if it reads another layer");
    // A missing stride: the add sees the pre-stride size.
    EXPECT_EQ(errorOf("  - {name: c, op: conv, in: [8, 16, 16], out: 8, kernel: 3, pad: 1}\n"
                      "  - {name: a, op: add, in: [8, 8, 8]}\n"),
              "t.yaml:4:28: layer 'a': input [8, 8, 8] does not match the output [8, 16, 16] of 'c' "
              "(the previous layer); name the producer with from: if it reads another layer");
}

TEST(NetworkChain, FcMismatchExplainsFlattening) {
    EXPECT_EQ(errorOf("  - {name: p, op: pool, in: [512, 14, 14], kernel: 2, stride: 2}\n"
                      "  - {name: fc, op: fc, in: 512, out: 1000}\n"),
              "t.yaml:4:28: layer 'fc': input 512 does not match the output [512, 7, 7] of 'p' (the previous layer): "
              "an fc reads it as C·H·W = 25088 features (m 1) or as C = 512 features in each of N·H·W = 49 rows "
              "(m); name the producer with from: if it reads another layer");
    // Per-pixel rows that do not cover the map.
    EXPECT_EQ(errorOf("  - {name: c, op: conv, in: [3, 7, 7], out: 16, kernel: 1}\n"
                      "  - {name: fc, op: fc, in: 16, out: 16, m: 48}\n"),
              "t.yaml:4:28: layer 'fc': input 16 (m 48) does not match the output [16, 7, 7] of 'c' (the previous "
              "layer): an fc reads it as C·H·W = 784 features (m 1) or as C = 16 features in each of N·H·W = 49 "
              "rows (m); name the producer with from: if it reads another layer");
    // An fc output read as a map of the wrong size.
    EXPECT_EQ(errorOf("  - {name: fc, op: fc, in: 16, out: 16, m: 48}\n"
                      "  - {name: c, op: conv, in: [16, 7, 7], out: 8, kernel: 1}\n"),
              "t.yaml:4:29: layer 'c': input [16, 7, 7] does not match the output [16] (m 48) of 'fc' (the previous "
              "layer): an fc output is read as [C, H, W] when m = N·H·W and out = C, or m = N and out = C·H·W; "
              "name the producer with from: if it reads another layer");
}

TEST(NetworkChain, AnEmptyOutputIsLeftToLayerValidation) {
    // The 7x7 kernel does not fit the 4x4 input: the layer's own error (from
    // validateLayer, when the network is loaded) says so, not a mismatch.
    const Network n = parse("  - {name: big, op: conv, in: [8, 4, 4], out: 8, kernel: 7}\n"
                            "  - {name: next, op: conv, in: [8, 4, 4], out: 8, kernel: 1}\n");
    try {
        validateLayer(n.layers[0]);
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("kernel 7x7 does not fit the padded input 4x4"), std::string::npos)
            << e.what();
    }
}

TEST(NetworkChain, BatchMustAgree) {
    EXPECT_EQ(errorOf("  - {name: a, op: conv, in: [4, 8, 8], out: 4, kernel: 1, batch: 2}\n"
                      "  - {name: b, op: conv, in: [4, 8, 8], out: 4, kernel: 1}\n"),
              "t.yaml:4:29: layer 'b': input [4, 8, 8] does not match the output [4, 8, 8] (batch 2) of 'a' "
              "(the previous layer); name the producer with from: if it reads another layer");
}

TEST(NetworkChain, FromNamesEarlierLayers) {
    const std::string first = "  - {name: a, op: conv, in: [8, 8, 8], out: 8, kernel: 1}\n";
    EXPECT_EQ(errorOf(first + "  - {name: c, op: conv, from: nope, in: [8, 8, 8], out: 8, kernel: 1}\n"),
              "t.yaml:4:31: layer 'c': from: no layer is named 'nope'");
    EXPECT_EQ(errorOf(first + "  - {name: c, op: conv, from: d, in: [8, 8, 8], out: 8, kernel: 1}\n"
                              "  - {name: d, op: conv, in: [8, 8, 8], out: 8, kernel: 1}\n"),
              "t.yaml:4:31: layer 'c': from: 'd' comes after this layer (layers run in the order of the file)");
    EXPECT_EQ(errorOf(first + "  - {name: c, op: conv, from: c, in: [8, 8, 8], out: 8, kernel: 1}\n"),
              "t.yaml:4:31: layer 'c': from: a layer cannot read its own output");
    EXPECT_EQ(errorOf(first + "  - {name: c, op: conv, from: a, in: [16, 8, 8], out: 8, kernel: 1}\n"),
              "t.yaml:4:31: layer 'c': input [16, 8, 8] does not match the output [8, 8, 8] of 'a' (from:)");
    EXPECT_EQ(errorOf("  - {name: \"@input\", op: fc, in: 4, out: 4}\n"),
              "t.yaml:3:34: layer '@input': the name '@input' is reserved for the network input");
}

TEST(NetworkChain, ConcatenationChecksSizesAndChannels) {
    const std::string two = "  - {name: a, op: conv, in: [8, 8, 8], out: 64, kernel: 1}\n"
                            "  - {name: b, op: conv, from: a, in: [64, 8, 8], out: 32, kernel: 3, stride: 2, pad: 1}\n";
    EXPECT_EQ(errorOf(two + "  - {name: c, op: conv, from: [a, b], in: [96, 8, 8], out: 8, kernel: 1}\n"),
              "t.yaml:5:31: layer 'c': from: cannot concatenate 'a' [64, 8, 8] and 'b' [32, 4, 4] along channels: "
              "their batch or spatial sizes differ");
    const std::string same = "  - {name: a, op: conv, in: [8, 8, 8], out: 64, kernel: 1}\n"
                             "  - {name: b, op: conv, from: a, in: [64, 8, 8], out: 64, kernel: 3, pad: 1}\n";
    EXPECT_EQ(errorOf(same + "  - {name: c, op: conv, from: [a, b], in: [96, 8, 8], out: 8, kernel: 1}\n"),
              "t.yaml:5:31: layer 'c': input [96, 8, 8] does not match the concatenation 'a' [64, 8, 8] + "
              "'b' [64, 8, 8] = [128, 8, 8] (from:)");
    EXPECT_EQ(errorOf(same + "  - {name: c, op: conv, from: [a, \"@input\"], in: [96, 8, 8], out: 8, kernel: 1}\n"),
              "t.yaml:5:31: layer 'c': from: '@input' (a network input, shape unknown) cannot be concatenated with "
              "other tensors");
}

TEST(NetworkChain, AddChecksEveryNamedOperand) {
    const std::string two = "  - {name: a, op: conv, in: [8, 8, 8], out: 16, kernel: 1}\n"
                            "  - {name: b, op: conv, in: [16, 8, 8], out: 16, kernel: 3, stride: 2, pad: 1}\n";
    EXPECT_EQ(errorOf(two + "  - {name: s, op: add, from: [b, a], in: [16, 4, 4]}\n"),
              "t.yaml:5:30: layer 's': input [16, 4, 4] does not match the output [16, 8, 8] of 'a' (from:)");
    EXPECT_EQ(errorOf(two + "  - {name: s, op: add, from: b, in: [16, 4, 4]}\n"),
              "t.yaml:5:30: layer 's': from: names 1 tensor, but the add sums 2 full-size tensors (inputs); list "
              "every one of them");
    EXPECT_EQ(errorOf(two + "  - {name: s, op: eltwise, fn: mul, from: [b, b, b], in: [16, 4, 4]}\n"),
              "t.yaml:5:43: layer 's': from: names 3 tensors, but the eltwise reads 2 full-size tensors (inputs); "
              "list every one of them");
}

TEST(NetworkChain, BroadcastOperandHasSideElements) {
    const std::string se = "  - {name: x, op: conv, in: [3, 8, 8], out: 32, kernel: 1}\n"
                           "  - {name: pool, op: pool, in: [32, 8, 8], global: true}\n"
                           "  - {name: fc1, op: conv, in: [32, 1, 1], out: 16, kernel: 1}\n";
    // fc2 is missing: the scale's previous layer has 16 values, not 32.
    EXPECT_EQ(errorOf(se + "  - {name: scale, op: eltwise, from: x, fn: scale, in: [32, 8, 8]}\n"),
              "t.yaml:6:38: layer 'scale': the broadcast operand has 32 elements per image (side), but 'fc1' (the "
              "previous layer) outputs [16, 1, 1]; name the broadcast operand last in from: if another layer "
              "computes it");
    EXPECT_EQ(errorOf(se + "  - {name: scale, op: eltwise, from: [x, pool], fn: scale, in: [32, 8, 8], side: 16}\n"),
              "t.yaml:6:38: layer 'scale': the broadcast operand has 16 elements per image (side), but 'pool' "
              "(from:) outputs [32, 1, 1]");
    // Without from:, the previous layer is the full-size operand.
    EXPECT_EQ(errorOf(se + "  - {name: scale, op: eltwise, fn: scale, in: [32, 8, 8]}\n"),
              "t.yaml:6:47: layer 'scale': input [32, 8, 8] does not match the output [16, 1, 1] of 'fc1' (the "
              "previous layer); name the producer with from: if it reads another layer");
}

TEST(NetworkChain, ErrorsExitWithCode2OnTheCommandLine) {
    const std::string dir = test::tempDir("chain_cli");
    test::writeFile(dir + "/net.yaml", "name: n\nlayers:\n  - {name: a, op: fc, in: 4, out: 8}\n"
                                       "  - {name: b, op: fc, in: 4, out: 8}\n");
    const auto r = test::runHcmsim({"estimate", "--net", dir + "/net.yaml"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_EQ(r.err, "hcmsim estimate: error: " + dir + "/net.yaml:4:27: layer 'b': input 4 does not match the output [8] of 'a' (the previous "
                           "layer); name the producer with from: if it reads another layer\n");
}

TEST(NetworkChain, FamiliesChain) {
    for (const char* spec : {"cifar_resnet:depth=20", "cifar_resnet:depth=56,width=0.5,bits=1"}) {
        const Network n = makeFamilyNetwork(spec);
        EXPECT_NO_THROW(checkNetworkChain(n)) << spec;
    }
}

TEST(NetworkChain, ProgrammaticLayersUseTheLayerLocation) {
    Network n;
    Layer a;
    a.name = "a";
    a.op = LayerOp::FC;
    a.c = 4;
    a.k = 8;
    a.where = {"family:x", 0, 0};
    Layer b = a;
    b.name = "b";
    n.layers = {a, b};
    try {
        checkNetworkChain(n);
        FAIL() << "expected an error";
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "family:x: layer 'b': input 4 does not match the output [8] of 'a' (the previous "
                               "layer); name the producer with from: if it reads another layer");
    }
}

TEST(NetworkChain, FormatsDocExampleChains) {
    // The example network of docs/formats.md is a valid, chaining network.
    const std::string doc = test::readFile(test::sourcePath("docs/formats.md"));
    const auto section = doc.find("## Network YAML");
    ASSERT_NE(section, std::string::npos);
    const auto begin = doc.find("```yaml\n", section);
    ASSERT_NE(begin, std::string::npos);
    const auto end = doc.find("```", begin + 8);
    const Network n = parseNetworkYaml(doc.substr(begin + 8, end - begin - 8), "formats.md");
    EXPECT_EQ(n.name, "tiny_net");
    EXPECT_EQ(n.layers.size(), 14u);
}
