#include <gtest/gtest.h>

#include "workloads/layer.hpp"

TEST(Layer, ConvOutputSize) {
    hcm::Layer L;
    L.c = 3; L.h = 224; L.w = 224; L.k = 64; L.r = 7; L.s = 7;
    L.stride_h = L.stride_w = 2;
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 3;
    EXPECT_EQ(L.p(), 112);
    EXPECT_EQ(L.q(), 112);
    EXPECT_EQ(L.macs(), 112LL * 112 * 64 * 3 * 49);
}
