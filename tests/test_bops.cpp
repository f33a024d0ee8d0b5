// BOPs of the HCM paper against its published example.
#include <gtest/gtest.h>

#include "sim/metric/bops.hpp"
#include "support/cli_runner.hpp"
#include "workloads/network_loader.hpp"

using namespace hcm;

TEST(Bops, PublishedFullyConnectedExample) {
    // 16 -> 64 -> 32 -> 32 -> 5 at b_w = b_a = 32: 4,652,832 BOPs, per layer
    // 1,118,208 + 2,240,512 + 1,119,232 + 174,880.
    Network net = loadNetwork({test::sourcePath("tests/data/fc_16_64_32_32_5.yaml")});
    ASSERT_EQ(net.layers.size(), 4u);
    const int64_t expected[] = {1118208, 2240512, 1119232, 174880};
    int64_t total = 0;
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(layerBops(net.layers[i]), expected[i]) << net.layers[i].name;
        total += layerBops(net.layers[i]);
    }
    EXPECT_EQ(total, 4652832);
}

TEST(Bops, HandWorkedConv) {
    // 3x3 conv, 64 -> 64 channels on 8x8 output, w4a8: n·R·S = 576, ceil(log2 576) = 10;
    // per MAC 4·8 + 4 + 8 + 10 = 54; MACs = 64·64·9·64 = 2,359,296.
    Layer L;
    L.c = 64; L.h = 8; L.w = 8; L.k = 64; L.r = L.s = 3;
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 1;
    L.prec = {4, 8, 8};
    EXPECT_EQ(L.macs(), 2359296);
    EXPECT_EQ(accumulatorBits(L), 22);
    EXPECT_EQ(bopsPerMac(L), 54);
    EXPECT_EQ(layerBops(L), 2359296LL * 54);
}

TEST(Bops, BinaryLayerAndMemoryOnlyLayers) {
    Layer fc;
    fc.op = LayerOp::FC;
    fc.c = 256; fc.k = 10;
    fc.prec = {1, 1, 1};
    // 1·1 + 1 + 1 + log2(256) = 11 BOPs per MAC.
    EXPECT_EQ(bopsPerMac(fc), 11);
    Layer pool;
    pool.op = LayerOp::Pool;
    pool.c = 64; pool.h = pool.w = 8; pool.r = pool.s = 2; pool.stride_h = pool.stride_w = 2;
    EXPECT_EQ(layerBops(pool), 0);
}

TEST(Bops, CeilLog2) {
    EXPECT_EQ(ceilLog2(1), 0);
    EXPECT_EQ(ceilLog2(2), 1);
    EXPECT_EQ(ceilLog2(3), 2);
    EXPECT_EQ(ceilLog2(147), 8);
    EXPECT_EQ(ceilLog2(4096), 12);
}
