// The seeded random CNN family (workloads/random_cnn.hpp): determinism,
// realistic statistics, valid and chaining layers, one seed counted by hand.
#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "support/cli_runner.hpp"
#include "workloads/families.hpp"
#include "workloads/network_chain.hpp"
#include "workloads/network_loader.hpp"
#include "workloads/random_cnn.hpp"

using namespace hcm;

namespace {

Network load(const std::string& spec) {
    NetworkRequest request;
    request.spec = spec;
    return loadNetwork(request);  // resolves precision and validates every layer
}

// Everything that makes two networks different workloads.
std::string signature(const Network& n) {
    std::ostringstream s;
    for (const Layer& L : n.layers) {
        s << L.name << ' ' << toString(L.op) << ' ' << L.n << ' ' << L.c << ' ' << L.h << ' ' << L.w << ' ' << L.k << ' '
          << L.r << ' ' << L.s << ' ' << L.stride_h << ' ' << L.pad_top << ' ' << L.groups << ' ' << L.bias << ' '
          << L.batchnorm << ' ' << L.side_elements;
        for (const auto& f : L.from) s << " <" << f;
        s << '\n';
    }
    return s.str();
}

std::string seedSpec(int seed) { return "random_cnn:seed=" + std::to_string(seed); }

}  // namespace

TEST(RandomCnn, SameSeedSameNetwork) {
    const Network a = load("random_cnn:seed=7"), b = load("random_cnn:seed=7");
    EXPECT_EQ(a.name, "random_cnn_s7");
    EXPECT_EQ(signature(a), signature(b));
    EXPECT_EQ(a.totalMacs(), b.totalMacs());
    // The options are part of the name.
    EXPECT_EQ(load("random_cnn:seed=7,depth=5,input=64,width=0.5").name, "random_cnn_s7_d5_i64_w0.5");
}

TEST(RandomCnn, DifferentSeedsDiffer) {
    std::set<std::string> seen;
    for (int seed = 0; seed < 40; ++seed) EXPECT_TRUE(seen.insert(signature(load(seedSpec(seed)))).second) << seed;
}

// Seed 1078, counted by hand from the layers it draws (32x32 input, 10 classes):
//
//   layer              shape                                  MACs         params
//   stem.conv          3->16, 3x3, 32x32          1024*16*27  =    442,368        432 + 32 (bn)  =       464
//   s1.b0.conv         16->32, 5x5 (plain)        1024*32*400 = 13,107,200     12,800 + 64       =    12,864
//   s2.b0.expand       32->192, 1x1               1024*192*32 =  6,291,456      6,144 + 384      =     6,528
//   s2.b0.dw           192 dw 3x3 s2 -> 16x16     256*192*9   =    442,368      1,728 + 384      =     2,112
//   s2.b0.se.pool      global average pool                              0                        =         0
//   s2.b0.se.fc1       192->8, bias                              =      1,536      1,536 + 8        =     1,544
//   s2.b0.se.fc2       8->192, bias                              =      1,536      1,536 + 192      =     1,728
//   s2.b0.se.scale     eltwise scale of s2.b0.dw by 192 values          0                        =         0
//   s2.b0.project      192->64, 1x1, 16x16        256*64*192  =  3,145,728     12,288 + 128      =    12,416
//   s2.b1.dw           64 dw 7x7, bias (MLP)      256*64*49   =    802,816      3,136 + 64       =     3,200
//   s2.b1.fc1          m 256, 64->128, bias       256*64*128  =  2,097,152      8,192 + 128      =     8,320
//   s2.b1.fc2          m 256, 128->64, bias       256*128*64  =  2,097,152      8,192 + 64       =     8,256
//   s2.b1.add          fc2 + s2.b0.project                              0                        =         0
//   s3.b0.conv1        64->128, 3x3 s2 -> 8x8     64*128*576  =  4,718,592     73,728 + 256      =    73,984
//   s3.b0.conv2        128->128, 3x3              64*128*1152 =  9,437,184    147,456 + 256      =   147,712
//   s3.b0.down         64->128, 1x1 s2            64*128*64   =    524,288      8,192 + 256      =     8,448
//   s3.b0.add          conv2 + down                                     0                        =         0
//   s4.b0.pool         max 2x2 s2 -> 4x4                                0                        =         0
//   s4.b0.conv         128->256, 7x7 (plain)      16*256*6272 = 25,690,112  1,605,632 + 512      = 1,606,144
//   head.pool          global average pool                              0                        =         0
//   head.fc            256->10, bias                             =      2,560      2,560 + 10       =     2,570
//   total                                                       68,802,048                          1,896,290
TEST(RandomCnn, OneSeedCountedByHand) {
    const Network n = load(seedSpec(1078));
    const std::vector<std::tuple<std::string, int64_t, int64_t>> expected = {
        {"stem.conv", 442368, 464},        {"s1.b0.conv", 13107200, 12864},  {"s2.b0.expand", 6291456, 6528},
        {"s2.b0.dw", 442368, 2112},        {"s2.b0.se.pool", 0, 0},          {"s2.b0.se.fc1", 1536, 1544},
        {"s2.b0.se.fc2", 1536, 1728},      {"s2.b0.se.scale", 0, 0},         {"s2.b0.project", 3145728, 12416},
        {"s2.b1.dw", 802816, 3200},        {"s2.b1.fc1", 2097152, 8320},     {"s2.b1.fc2", 2097152, 8256},
        {"s2.b1.add", 0, 0},               {"s3.b0.conv1", 4718592, 73984},  {"s3.b0.conv2", 9437184, 147712},
        {"s3.b0.down", 524288, 8448},      {"s3.b0.add", 0, 0},              {"s4.b0.pool", 0, 0},
        {"s4.b0.conv", 25690112, 1606144}, {"head.pool", 0, 0},              {"head.fc", 2560, 2570},
    };
    ASSERT_EQ(n.layers.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(n.layers[i].name, std::get<0>(expected[i]));
        EXPECT_EQ(n.layers[i].macs(), std::get<1>(expected[i])) << n.layers[i].name;
        EXPECT_EQ(n.layers[i].params(), std::get<2>(expected[i])) << n.layers[i].name;
    }
    EXPECT_EQ(n.totalMacs(), 68802048);
    EXPECT_EQ(n.totalParams(), 1896290);
    // The structure behind the counts: producers named where they are not
    // the previous layer, the MLP's fc layers over every pixel.
    EXPECT_EQ(n.layers[7].from, std::vector<std::string>{"s2.b0.dw"});
    EXPECT_EQ(n.layers[7].side_elements, 192);
    EXPECT_EQ(n.layers[10].n, 16 * 16);
    EXPECT_EQ(n.layers[12].from, (std::vector<std::string>{"s2.b1.fc2", "s2.b0.project"}));
    EXPECT_EQ(n.layers[15].from, std::vector<std::string>{"s2.b1.add"});
    EXPECT_EQ(n.layers[20].k, 10);
}

TEST(RandomCnn, RealisticStatisticsValidLayersAndChaining) {
    std::set<int64_t> inputs;
    int withMlp = 0, withSe = 0, withDepthwise = 0;
    for (int seed = 0; seed < 300; ++seed) {
        const Network n = load(seedSpec(seed));
        SCOPED_TRACE(n.name);
        EXPECT_NO_THROW(checkNetworkChain(n));
        EXPECT_GE(n.layers.size(), size_t(kRandomCnnMinLayers));
        EXPECT_LE(n.layers.size(), size_t(kRandomCnnMaxLayers));
        const Layer& first = n.layers.front();
        EXPECT_EQ(first.c, 3);
        EXPECT_GE(first.h, 32);
        EXPECT_LE(first.h, 256);
        inputs.insert(first.h);
        EXPECT_EQ(n.layers.back().op, LayerOp::FC);
        bool mlp = false, se = false, dw = false;
        for (const Layer& L : n.layers) {
            if (L.hasWeights() && &L != &n.layers.back()) {
                EXPECT_EQ(L.k % 8, 0) << L.name;
                EXPECT_LE(L.k, 2048) << L.name;
            }
            mlp |= L.op == LayerOp::FC && L.n > 1;
            se |= L.op == LayerOp::Eltwise;
            dw |= L.isDepthwise();
        }
        withMlp += mlp;
        withSe += se;
        withDepthwise += dw;
    }
    EXPECT_EQ(inputs.size(), 8u);  // 32, 64, ..., 256
    // Every block kind turns up in a fair share of the networks.
    EXPECT_GT(withMlp, 30);
    EXPECT_GT(withSe, 30);
    EXPECT_GT(withDepthwise, 60);
}

TEST(RandomCnn, OptionsShapeTheNetwork) {
    const Network n = load("random_cnn:seed=3,depth=12,input=96,width=0.5");
    EXPECT_EQ(n.layers.front().h, 96);
    std::set<std::string> blocks;  // "s2.b0" of "s2.b0.conv1"
    for (const Layer& L : n.layers)
        if (L.name.find(".b") != std::string::npos) blocks.insert(L.name.substr(0, L.name.find('.', L.name.find('.') + 1)));
    EXPECT_EQ(blocks.size(), 12u);
    // Half the width: no layer but the classifier is wider than 1024 channels.
    for (size_t i = 0; i + 1 < n.layers.size(); ++i) EXPECT_LE(n.layers[i].k, 1024) << n.layers[i].name;
}

TEST(RandomCnn, BadParametersAreInputErrors) {
    auto error = [](const std::string& spec) {
        try {
            makeFamilyNetwork(spec);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_EQ(error("random_cnn:seed=x"), "--net random_cnn:seed=x: seed: 'x' is not an integer");
    EXPECT_EQ(error("random_cnn:seed=-1"), "--net random_cnn:seed=-1: seed: -1 is out of range [0, 9223372036854775807]");
    EXPECT_EQ(error("random_cnn:depth=0"), "--net random_cnn:depth=0: depth: 0 is out of range [1, 200]");
    EXPECT_EQ(error("random_cnn:input=8"), "--net random_cnn:input=8: input: 8 is out of range [16, 1024]");
    EXPECT_EQ(error("random_cnn:width=0"), "--net random_cnn:width=0: width must be in (0, 16]");
    EXPECT_EQ(error("random_cnn:seed=1,bits=2"),
              "--net random_cnn:seed=1,bits=2: unknown parameter 'bits' (seed, depth, input, width)");
}

TEST(RandomCnn, EstimatesFromTheCommandLine) {
    const auto r = test::runHcmsim({"estimate", "--net", "random_cnn:seed=1078", "--format", "json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("\"macs\": 68802048"), std::string::npos);
}
