// The calibrated estimator's L2 model (sim/metric/l2_reuse): resident bytes
// worked by hand from LRU stack distances over the simulator's DRAM layout.
#include <gtest/gtest.h>

#include "sim/config/platform_config.hpp"
#include "sim/metric/l2_reuse.hpp"
#include "workloads/quant_policy.hpp"

using namespace hcm;

namespace {

// 64 channels of 32x32 at 8 bits: every activation tensor is 65,536 bytes.
Layer add(const std::string& name) {
    Layer L;
    L.name = name;
    L.op = LayerOp::Add;
    L.c = L.k = 64, L.h = L.w = 32;
    return L;
}

// 1x1 conv 64 -> 64: 4,096 weight bytes; or 3x3 (36,864 bytes).
Layer conv(const std::string& name, int64_t kernel) {
    Layer L;
    L.name = name;
    L.c = L.k = 64, L.h = L.w = 32, L.r = L.s = kernel;
    L.pad_top = L.pad_left = L.pad_bottom = L.pad_right = kernel / 2;
    return L;
}

Network network(std::vector<Layer> layers) {
    Network net;
    net.name = "l2";
    net.layers = std::move(layers);
    resolvePrecision(net, {});
    return net;
}

}  // namespace

TEST(L2Reuse, NoCacheNoResidentBytes) {
    const PlatformConfig p = loadPlatformConfig("default");
    ASSERT_FALSE(p.cache.enabled);
    const auto r = l2ResidentBytes(p, network({add("a0"), conv("c", 3), add("a1")}));
    EXPECT_EQ(r, std::vector<double>(3, 0.0));
}

TEST(L2Reuse, HandWorkedStackDistances) {
    PlatformConfig p = loadPlatformConfig("gpu_sm");
    ASSERT_TRUE(p.cache.enabled);
    p.cache.capacity_bytes = 204800;  // 200 KiB
    const auto r = l2ResidentBytes(p, network({add("a0"), conv("c", 3), add("a1")}));
    ASSERT_EQ(r.size(), 3u);
    // a0: input and residual cold; its 64 KiB output is absorbed.
    EXPECT_DOUBLE_EQ(r[0], 65536);
    // c: reads what a0 just wrote (all of it), writes 64 KiB.
    EXPECT_DOUBLE_EQ(r[1], 65536 + 65536);
    // a1: its input was written last (hit). Since a0 read the residual, c's
    // output (64 KiB), weights (36 KiB) and input (64 KiB) came in: 167,936
    // bytes above it, so 204,800 - 167,936 = 36,864 of its bytes remain.
    EXPECT_DOUBLE_EQ(r[2], 65536 + 36864 + 65536);
}

TEST(L2Reuse, LargeWeightsEvictTheResidual) {
    PlatformConfig p = loadPlatformConfig("gpu_sm");
    p.cache.capacity_bytes = 1 << 20;
    Layer big = conv("big", 3);
    big.c = big.k = 512, big.h = big.w = 32;  // 2.36 MB of weights
    Layer up = conv("up", 1);
    up.k = 512;
    Layer back = conv("back", 1);
    back.c = 512;  // back to 64 channels for the add
    const auto r = l2ResidentBytes(p, network({add("a0"), up, big, back, add("a1")}));
    // a1's input was just written by `back`; its residual lies below the big
    // layer's weights and is gone.
    EXPECT_DOUBLE_EQ(r[4], 65536 + 0 + 65536);
}
