// The precision sweep of docs/engines_bitserial_fusion.md: ResNet-18's
// layer2.0.downsample.0 (1x1, 64 -> 128 channels, stride 2, 56x56 input) at
// 8, 4 and 2 bits on a bit-parallel (configs/default.yaml), three bit-serial
// (stripes, loom, bismo) and a fusion array (bitfusion), through the full
// memory system. The HCM metric: quantisation lowers compute roughly with
// b_a·b_w but traffic only with b, so lower bit widths are more memory-bound:
// the measured bits moved per BOP rise as the bits fall, on every engine, and
// the HCM estimate's bits per BOP rise with them.
//
// The layer is chosen with a short reduction (n·R·S = 64): BOPs per MAC are
// b² + 2b + log2(n·R·S), so for long reductions (log2 ≈ 9-12) the accumulator
// term makes bits/BOP nearly flat from 4 to 2 bits even when traffic halves
// exactly (the doc's second table shows such a layer).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::tempDir;
using nlohmann::json;

namespace {

json sweepPoint(const std::string& hw, int bits) {
    const std::string dir = tempDir("sweep_" + hw + std::to_string(bits));
    const auto r = runHcmsim({"run", "--hw", hw, "--net", "resnet18", "--layers", "layer2.0.downsample.0", "--wbits",
                              std::to_string(bits), "--abits", std::to_string(bits), "--out", dir, "--quiet"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return json::parse(readFile(dir + "/summary.json"))["layers"][0];
}

}  // namespace

TEST(EngineComparison, LowerBitsAreMoreMemoryBoundOnEveryEngineAndTheEstimateTracksIt) {
    for (const std::string hw : {"default", "stripes", "loom", "bismo", "bitfusion"}) {
        double measured[3], estimated[3], stallShare[3];
        const int bits[3] = {8, 4, 2};
        for (int i = 0; i < 3; ++i) {
            const json l = sweepPoint(hw, bits[i]);
            // The same BOPs formula for every engine: 64·128·28·28 MACs x (b² + 2b + 6).
            const int b = bits[i];
            EXPECT_EQ(l["bops"].get<int64_t>(), int64_t(6422528) * (b * b + 2 * b + 6)) << hw << " " << b;
            measured[i] = l["bits_per_bop"].get<double>();
            estimated[i] = 1.0 / l["estimate"]["intensity_bops_per_bit"].get<double>();
            stallShare[i] = double(l["stall_cycles"].get<int64_t>()) / double(l["cycles"].get<int64_t>());
            // Sub-byte tensors move packed: never fewer bits than each tensor once.
            EXPECT_GE(l["traffic_bits"].get<int64_t>(), int64_t(64 * 28 * 56 + 64 * 128 + 128 * 28 * 28) * b)
                << hw << " " << b;
        }
        EXPECT_LT(measured[0], measured[1]) << hw << ": measured bits/BOP 8 -> 4 bits";
        EXPECT_LT(measured[1], measured[2]) << hw << ": measured bits/BOP 4 -> 2 bits";
        EXPECT_LT(estimated[0], estimated[1]) << hw << ": estimated bits/BOP 8 -> 4 bits";
        EXPECT_LT(estimated[1], estimated[2]) << hw << ": estimated bits/BOP 4 -> 2 bits";
        // More of the time waits on memory at 2 bits than at 8.
        EXPECT_GT(stallShare[2], stallShare[0]) << hw;
    }
}
