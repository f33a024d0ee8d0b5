// The engine-aware estimator's memo of replayed layers: a layer repeats only
// after the very same layers (its DRAM state is part of its time), and a
// replay that follows repeated layers starts from their state. A warm
// estimator, whatever it replayed before, gives what a fresh one gives,
// layer by layer; and a layer whose shape repeats at other addresses is
// replayed, not copied.
#include <gtest/gtest.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "sim/config/platform_config.hpp"
#include "sim/estimate/engine_aware_estimator.hpp"
#include "sim/estimate/memory_timing_factory.hpp"
#include "workloads/network_loader.hpp"

namespace hcm {
namespace {

Network w8a8(const std::string& name) {
    NetworkRequest req(name);
    req.cli = PrecisionOverride::of(*parsePrecisionName("w8a8"));
    return loadNetwork(req);
}

void expectSameLayers(const ReplayedNetwork& a, const ReplayedNetwork& b, const std::string& what) {
    ASSERT_EQ(a.layers.size(), b.layers.size());
    for (size_t i = 0; i < a.layers.size(); ++i) {
        EXPECT_EQ(a.layers[i].cycles, b.layers[i].cycles) << what << ": " << a.layers[i].name;
        EXPECT_EQ(a.layers[i].dram_read_bytes, b.layers[i].dram_read_bytes) << what << ": " << a.layers[i].name;
    }
    EXPECT_EQ(a.totals.cycles, b.totals.cycles) << what;
}

class EngineAwareMemo : public ::testing::TestWithParam<const char*> {
protected:
    void SetUp() override { setenv("HCMSIM_CACHE_DIR", "", 1); }
};

TEST_P(EngineAwareMemo, WarmEqualsFresh) {
    const PlatformConfig platform = loadPlatformConfig(GetParam(), {});
    const std::unique_ptr<MemoryTiming> timing = memoryTimingFor(platform);
    const Network a = w8a8("efficientnet_b0");
    // The same network with one early layer at 4-bit weights: the layers
    // before it repeat, those after it sit at other addresses.
    Network b = a;
    size_t changed = 0;
    for (size_t i = 0; i < b.layers.size() && !changed; ++i)
        if (b.layers[i].hasWeights() && i > 10) changed = i;
    ASSERT_GT(changed, 0u);
    b.layers[changed].prec.wbits = 4;

    EngineAwareEstimator warm(platform, *timing);
    const ReplayedNetwork firstA = warm.run(a);
    const ReplayedNetwork warmB = warm.run(b);
    const ReplayedNetwork againA = warm.run(a);
    EngineAwareEstimator freshForB(platform, *timing);
    const ReplayedNetwork coldB = freshForB.run(b);
    expectSameLayers(warmB, coldB, "b after a");
    expectSameLayers(againA, firstA, "a again");
    EXPECT_LT(warmB.totals.dram_read_bytes, firstA.totals.dram_read_bytes);  // b is another network
}

// EfficientNet-B0's squeeze-excitation layers repeat their shapes; on HBM2
// the later block's weights meet another row in their bank where the earlier
// block's found their row open: the same shape, a different time (the
// simulation: 112 cycles against 97).
TEST(EngineAwareMemoHbm2, RepeatedShapesAtOtherAddressesAreReplayed) {
    setenv("HCMSIM_CACHE_DIR", "", 1);
    const PlatformConfig platform = loadPlatformConfig("stripes", {"dram.refresh=false"});
    const std::unique_ptr<MemoryTiming> timing = memoryTimingFor(platform);
    const Network net = w8a8("efficientnet_b0");
    EngineAwareEstimator estimator(platform, *timing);
    const ReplayedNetwork r = estimator.run(net);
    int64_t first = -1, second = -1;
    for (size_t i = 0; i < net.layers.size(); ++i) {
        if (net.layers[i].name == "features.3.1.block.2.fc2") first = r.layers[i].cycles;
        if (net.layers[i].name == "features.4.0.block.2.fc2") second = r.layers[i].cycles;
    }
    ASSERT_GT(first, 0);
    ASSERT_GT(second, 0);
    EXPECT_NE(first, second);
}

INSTANTIATE_TEST_SUITE_P(Platforms, EngineAwareMemo, ::testing::Values("default", "stripes", "isaac"));

}  // namespace
}  // namespace hcm
