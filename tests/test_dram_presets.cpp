// DRAM presets: datasheet values, peak bandwidth and the IDD-derived energies
// worked by hand (DRAMPower / Micron TN-40-07 formulas, see dram_energy.hpp).
#include <gtest/gtest.h>

#include "hw/dram/dram_params_check.hpp"
#include "hw/dram/dram_presets.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {
namespace {

TEST(DramPresets, NamesAndUnknownName) {
    EXPECT_EQ(dramPresetNames(), (std::vector<std::string>{"ddr4_2400", "lpddr4_3200", "hbm2"}));
    try {
        dramPreset("ddr9");
        FAIL() << "expected InputError";
    } catch (const InputError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("ddr9"), std::string::npos);
        EXPECT_NE(m.find("ddr4_2400, lpddr4_3200, hbm2"), std::string::npos);
    }
    for (const auto& n : dramPresetNames()) {
        EXPECT_FALSE(checkDramParams(dramPreset(n)).has_value()) << n;
        EXPECT_EQ(dramPreset(n).preset, n);
    }
}

TEST(DramPresets, Ddr4_2400MatchesTheBrief) {
    const DramParams p = dramPreset("ddr4_2400");
    EXPECT_NEAR(p.timing.tCK_ns, 0.833, 0.001);
    EXPECT_EQ(p.timing.CL, 16);
    EXPECT_EQ(p.timing.CWL, 12);
    EXPECT_EQ(p.timing.tRCD, 16);
    EXPECT_EQ(p.timing.tRP, 16);
    EXPECT_EQ(p.timing.tRAS, 39);
    EXPECT_EQ(p.timing.tRC, 55);
    EXPECT_EQ(p.timing.tCCD_S, 4);
    EXPECT_EQ(p.timing.tCCD_L, 6);
    EXPECT_EQ(p.timing.tRRD_S, 4);
    EXPECT_EQ(p.timing.tRRD_L, 6);
    EXPECT_EQ(p.timing.tFAW, 26);
    EXPECT_EQ(p.timing.tWR, 18);
    EXPECT_EQ(p.timing.tRTP, 9);
    EXPECT_EQ(p.timing.tWTR_S, 3);
    EXPECT_EQ(p.timing.tWTR_L, 9);
    EXPECT_NEAR(p.timing.tRFC * p.timing.tCK_ns, 350.0, 0.5);
    EXPECT_NEAR(p.timing.tREFI * p.timing.tCK_ns, 7800.0, 1.0);
    EXPECT_EQ(p.timing.readToWrite(p.org), 10);
    EXPECT_EQ(p.timing.burstCycles(p.org), 4);
    EXPECT_EQ(p.org.banks(), 16);
    EXPECT_EQ(p.org.burstBytes(), 64);
    EXPECT_EQ(p.org.rowBytes(), 8192);
    EXPECT_EQ(p.org.devicesPerRank(), 8);
    EXPECT_EQ(p.org.capacityBytes(), int64_t(8) << 30);
    EXPECT_NEAR(p.peakBytesPerSecond(), 19.2e9, 1e3);
    EXPECT_EQ(p.address_mapping, "RoBaRaCoCh");
}

TEST(DramPresets, Ddr4EnergyFromMicronIdd) {
    // tCK = 1/1.2 ns: tRC = 45.833 ns, tRAS = 32.5 ns, BL/2 = 3.333 ns, tRFC = 350 ns.
    // Per device at VDD = 1.2 V (VPP: IPP0 = IPP3N, no command share):
    //   ACT+PRE 1.2 x (48 x 45.833 - 43 x 32.5 - 34 x 13.333) = 1.2 x 349.17 = 419.0 pJ
    //   RD      1.2 x (135 - 43) x 3.333 = 368 pJ;  WR 1.2 x (123 - 43) x 3.333 = 320 pJ
    //   REF     1.2 x (250 - 43) x 350 = 86940 pJ
    //   standby 1.2 x 43 + 2.5 x 3 = 59.1 mW active, 1.2 x 34 + 2.5 x 3 = 48.3 mW precharged
    // Times 8 devices.
    const DramEnergy e = dramPreset("ddr4_2400").energy;
    EXPECT_NEAR(e.act_pj, 3352.0, 0.01);
    EXPECT_NEAR(e.rd_pj, 2944.0, 0.01);
    EXPECT_NEAR(e.wr_pj, 2560.0, 0.01);
    EXPECT_NEAR(e.ref_pj, 695520.0, 0.1);
    EXPECT_NEAR(e.background_mw, 472.8, 1e-9);
    EXPECT_NEAR(e.precharge_standby_mw, 386.4, 1e-9);
    // 2944 pJ per 512-bit burst: 5.75 pJ/bit for a row-hit read.
    EXPECT_NEAR(e.rd_pj / 512, 5.75, 1e-9);
}

TEST(DramPresets, Lpddr4_3200) {
    const DramParams p = dramPreset("lpddr4_3200");
    EXPECT_EQ(p.timing.tCK_ns, 0.625);
    EXPECT_EQ(p.timing.CL, 28);
    EXPECT_EQ(p.timing.CWL, 14);
    EXPECT_EQ(p.timing.tRCD, 29);
    EXPECT_EQ(p.org.burstBytes(), 32);
    EXPECT_EQ(p.org.bankgroups, 1);
    EXPECT_NEAR(p.peakBytesPerSecond(), 12.8e9, 1e3);
    // tRC = 60.625 ns, tRAS = 42.5 ns, BL/2 = 5 ns, tRFC = 280 ns.
    //   ACT: 1.8 x (3.5 x 60.625 - 2.25 x 42.5 - 2 x 18.125) = 144.5625
    //      + 1.1 x (45 x 60.625 - 30 x 42.5 - 27 x 18.125) = 1060.125  -> 1204.6875 pJ
    //   RD: 1.1 x (275 - 30) x 5 = 1347.5 pJ; WR: 1.1 x (210 - 30) x 5 = 990 pJ
    //   REF: 1.8 x (10 - 2.25) x 280 + 1.1 x (90 - 30) x 280 = 3906 + 18480 = 22386 pJ
    //   standby: 1.8 x 2.25 + 1.1 x 30 = 37.05 mW; 1.8 x 2 + 1.1 x 27 = 33.3 mW
    const DramEnergy& e = p.energy;
    EXPECT_NEAR(e.act_pj, 1204.6875, 1e-6);
    EXPECT_NEAR(e.rd_pj, 1347.5, 1e-6);
    EXPECT_NEAR(e.wr_pj, 990.0, 1e-6);
    EXPECT_NEAR(e.ref_pj, 22386.0, 1e-6);
    EXPECT_NEAR(e.background_mw, 37.05, 1e-9);
    EXPECT_NEAR(e.precharge_standby_mw, 33.3, 1e-9);
}

TEST(DramPresets, Hbm2PseudoChannels) {
    const DramParams p = dramPreset("hbm2");
    EXPECT_EQ(p.org.channels, 16);
    EXPECT_EQ(p.org.burstBytes(), 32);
    EXPECT_EQ(p.org.rowBytes(), 1024);
    EXPECT_EQ(p.timing.rcdWrite(), 6);
    EXPECT_EQ(p.org.capacityBytes(), int64_t(4) << 30);
    // 16 x 8 B x 2 GT/s = 256 GB/s per stack.
    EXPECT_NEAR(p.peakBytesPerSecond(), 256e9, 1e3);
    // Per channel x 1/2: ACT 1.2 x (65 x 42 - 55 x 28 - 40 x 14) / 2 = 378 pJ;
    // RD 1.2 x (390 - 55) x 2 / 2 = 402 pJ; WR 1.2 x 445 x 2 / 2 = 534 pJ;
    // REF 1.2 x 195 x 260 / 2 = 30420 pJ; standby 33 / 24 mW.
    const DramEnergy& e = p.energy;
    EXPECT_NEAR(e.act_pj, 378.0, 1e-9);
    EXPECT_NEAR(e.rd_pj, 402.0, 1e-9);
    EXPECT_NEAR(e.wr_pj, 534.0, 1e-9);
    EXPECT_NEAR(e.ref_pj, 30420.0, 1e-6);
    EXPECT_NEAR(e.background_mw, 33.0, 1e-9);
    EXPECT_NEAR(e.precharge_standby_mw, 24.0, 1e-9);
}

TEST(DramParamsCheck, NamesTheOffendingKey) {
    DramParams p = dramPreset("ddr4_2400");
    p.timing.tRC = 50;
    auto issue = checkDramParams(p);
    ASSERT_TRUE(issue.has_value());
    EXPECT_EQ(issue->key, "timing.tRC");
    p = dramPreset("ddr4_2400");
    p.org.bus_width_bits = 60;
    EXPECT_EQ(checkDramParams(p)->key, "bus_width_bits");
    p = dramPreset("ddr4_2400");
    p.org.rows = 50000;
    EXPECT_EQ(checkDramParams(p)->key, "rows");
    p = dramPreset("ddr4_2400");
    p.org.burst_length = 16;  // 8 clocks per burst but tCCD_S = 4
    EXPECT_EQ(checkDramParams(p)->key, "timing.tCCD_S");
    EXPECT_THROW(validateDramParams(p), InputError);
}

}  // namespace
}  // namespace hcm
