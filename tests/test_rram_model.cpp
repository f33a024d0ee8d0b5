// The RRAM (ISAAC) model without simulation: the component-table roll-up
// against ISAAC's published figures, weight-stationary mapping worked by
// hand, how conversions and read cycles scale with the converters and the
// cell, binary layers' ADC resolution, and where the weights live.
#include <gtest/gtest.h>

#include "hw/rram/crossbar_mapping.hpp"
#include "hw/rram/program_plan.hpp"
#include "hw/rram/rram_cost.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/platform_config.hpp"
#include "sim/metric/platform_cost.hpp"
#include "support/cli_runner.hpp"

using namespace hcm;

namespace {

// ISAAC's numbers within 1%.
void expectWithin1Pct(double value, double published) { EXPECT_NEAR(value, published, 0.01 * published); }

// A 3x3 conv of 64 -> 64 channels (one output pixel per MVM): k = 3·3·64 = 576.
GemmProblem conv3x3x64(int wbits = 16, int abits = 16, int64_t m = 1) {
    GemmProblem g;
    g.m = m, g.k = 3 * 3 * 64, g.n = 64;
    g.wbits = wbits, g.abits = abits;
    return g;
}

}  // namespace

TEST(RramCost, RollsUpToIsaacsTileAndChip) {
    const RramRollup r = rramRollup(RramParams{});
    // IMA (Table I): ADC 16 + DAC 4 + S&H 0.01 + crossbar 2.4 + S&A 0.2 + IR 1.24
    // + OR 0.23 = 24.08 mW; 0.0096 + 0.00017 + 0.00004 + 0.0002 + 0.00024 +
    // 0.0021 + 0.00077 = 0.01312 mm².
    EXPECT_NEAR(r.ima_power_mw, 24.08, 1e-9);
    EXPECT_NEAR(r.ima_area_mm2, 0.01312, 1e-9);
    // Tile: 12 IMAs + eDRAM 20.7 + bus 7 + router 42/4 + sigmoid 0.52 + S&A
    // 0.05 + max-pool 0.4 + OR 1.68 = 329.81 mW; 12·0.01312 + 0.083 + 0.090 +
    // 0.151/4 + 0.0006 + 0.00006 + 0.00024 + 0.0032 = 0.37229 mm².
    EXPECT_NEAR(r.tile_power_mw, 329.81, 1e-9);
    EXPECT_NEAR(r.tile_area_mm2, 0.37229, 1e-9);
    expectWithin1Pct(r.tile_power_mw, 330.0);
    expectWithin1Pct(r.tile_area_mm2, 0.372);
    // 168 tiles: 55.408 W, 62.545 mm² (ISAAC: 55.4 W, 62.5 mm²); no I/O links.
    EXPECT_NEAR(r.chip_power_w, 168 * 0.32981, 1e-9);
    EXPECT_NEAR(r.chip_area_mm2, 168 * 0.37229, 1e-9);
    expectWithin1Pct(r.chip_power_w, 55.4);
    expectWithin1Pct(r.chip_area_mm2, 62.5);
}

TEST(RramCost, FourHyperTransportLinksGiveIsaacsChip) {
    RramParams p;
    p.io_links = 4;
    const RramRollup r = rramRollup(p);
    // + 10.4 W and 22.88 mm²: 65.808 W, 85.425 mm² (ISAAC: 65.8 W, 85.4 mm²).
    expectWithin1Pct(r.chip_power_w, 65.8);
    expectWithin1Pct(r.chip_area_mm2, 85.4);
    EXPECT_NEAR(r.io_power_w, 10.4, 1e-9);
}

TEST(RramCost, IsaacConfigFillsThePlatformCost) {
    const PlatformConfig p = loadPlatformConfig(hcm::test::sourcePath("configs/isaac.yaml"));
    const PlatformCost cost = platformCost(p);
    ASSERT_FALSE(cost.items.empty());
    EXPECT_EQ(cost.items.front().component, "rram_engine");
    expectWithin1Pct(cost.items.front().peak_power_w, 55.4);
    expectWithin1Pct(cost.items.front().area_mm2, 62.5);
    // The platform adds its I/O buffers (576 KiB at the eDRAM's 0.0013 mm²/KiB), DRAM power.
    EXPECT_NEAR(cost.area_mm2, 62.54472 + 576 * 0.0013, 1e-6);
    EXPECT_GT(cost.peak_power_w, cost.items.front().peak_power_w);
}

TEST(RramCost, EventEnergiesComeFromTheTable) {
    const RramEventEnergy e = rramEventEnergy(RramParams{}, 100.0);
    EXPECT_NEAR(e.adc_conversion_pj, 16.0 / 8 / 1.2, 1e-12);         // 1.67 pJ (ISAAC)
    EXPECT_NEAR(e.crossbar_read_pj, 2.4 / 8 * 100, 1e-12);           // 0.3 mW for 100 ns
    EXPECT_NEAR(e.dac_row_read_pj, 4.0 / 1024 * 100, 1e-12);
    EXPECT_NEAR(e.edram_pj_per_bit, 20.7 / (256 * 1.2), 1e-12);      // 256 bits a cycle at 1.2 GHz
    EXPECT_NEAR(e.router_pj_per_bit_hop, 42.0 / (32 * 8 * 1.2), 1e-12);  // 8 ports of 32 bits
}

TEST(RramMapping, Conv3x3x64At16BitsOnTwoBitCells) {
    // By hand: a 16-bit weight over 2-bit cells takes 16/2 = 8 columns, so a
    // 128-column crossbar holds 128/8 = 16 filters; the 64 filters need
    // 64/16 = 4 column folds. The reduction 3·3·64 = 576 needs ceil(576/128)
    // = 5 row folds (4 full + 64 rows). 5 x 4 = 20 crossbars, rows used
    // 576/640 = 90%, columns 100%.
    const CrossbarMapping m = mapOnCrossbars(RramParams{}, conv3x3x64());
    EXPECT_EQ(m.slices, 8);
    EXPECT_EQ(m.filters_per_crossbar, 16);
    EXPECT_EQ(m.fr, 5);
    EXPECT_EQ(m.fc, 4);
    EXPECT_EQ(m.crossbars, 20);
    EXPECT_DOUBLE_EQ(m.row_utilization, 0.9);
    EXPECT_DOUBLE_EQ(m.col_utilization, 1.0);
    // 16-bit inputs through 1-bit DACs: 16 reads of 100 ns (the ADC keeps up:
    // 8 crossbars x 128 columns / (8 ADCs x 1.28 GS/s) = 100 ns).
    EXPECT_EQ(m.input_steps, 16);
    EXPECT_DOUBLE_EQ(m.adc_ns, 100.0);
    EXPECT_DOUBLE_EQ(m.cycle_ns, 100.0);
    EXPECT_DOUBLE_EQ(m.mvm_ns, 16 * 100.0);
    // Every read converts every used column of every crossbar: 16 x 5 x 512.
    EXPECT_EQ(m.conversions_per_mvm, 16 * 5 * 512);
    EXPECT_EQ(m.adc_bits_needed, 8);  // ISAAC's 8-bit ADC
}

TEST(RramMapping, SignedWeightEncodingsCostColumns) {
    RramParams p;
    p.encoding = RramWeightEncoding::Differential;
    // Differential pairs: 16 columns a weight, 8 filters a crossbar, 8 folds: 40 crossbars, twice the conversions.
    CrossbarMapping m = mapOnCrossbars(p, conv3x3x64());
    EXPECT_EQ(m.filters_per_crossbar, 8);
    EXPECT_EQ(m.crossbars, 40);
    EXPECT_EQ(m.conversions_per_mvm, 2 * 16 * 5 * 512);
    // One offset reference column per crossbar: floor(127/8) = 15 filters,
    // ceil(64/15) = 5 folds, 25 crossbars; columns converted 4·(15·8+1) + (4·8+1) = 517.
    p.encoding = RramWeightEncoding::Offset;
    p.offset_columns = 1;
    m = mapOnCrossbars(p, conv3x3x64());
    EXPECT_EQ(m.filters_per_crossbar, 15);
    EXPECT_EQ(m.crossbars, 25);
    EXPECT_EQ(m.conversions_per_mvm, 16 * 5 * 517);
}

TEST(RramMapping, ConversionsAndCyclesScaleWithTheConverters) {
    const CrossbarMapping base = mapOnCrossbars(RramParams{}, conv3x3x64());
    // Half the ADCs: each converts 2 x 128 columns a read, 256 / 1.28 = 200 ns.
    RramParams p;
    p.adcs_per_ima = 4;
    CrossbarMapping m = mapOnCrossbars(p, conv3x3x64());
    EXPECT_EQ(m.conversions_per_mvm, base.conversions_per_mvm);
    EXPECT_DOUBLE_EQ(m.cycle_ns, 200.0);
    EXPECT_DOUBLE_EQ(m.mvm_ns, 2 * base.mvm_ns);
    // 2-bit DACs: 8 reads per input, half the conversions; column sums up to
    // 128·3·3 = 1152 need 11 bits, 10 with flipping (the 8-bit ADC loses 2).
    p = RramParams{};
    p.dac_bits = 2;
    m = mapOnCrossbars(p, conv3x3x64());
    EXPECT_EQ(m.input_steps, 8);
    EXPECT_EQ(m.conversions_per_mvm, base.conversions_per_mvm / 2);
    EXPECT_DOUBLE_EQ(m.mvm_ns, base.mvm_ns / 2);
    EXPECT_EQ(m.adc_bits_needed, 10);
    EXPECT_EQ(m.adc_bits_used, 8);
    // 4-bit cells: 4 columns a weight, 32 filters a crossbar, 2 folds: 10
    // crossbars, half the conversions; sums up to 128·1·15 = 1920: 10 bits.
    p = RramParams{};
    p.cell_bits = 4;
    m = mapOnCrossbars(p, conv3x3x64());
    EXPECT_EQ(m.crossbars, 10);
    EXPECT_EQ(m.conversions_per_mvm, base.conversions_per_mvm / 2);
    EXPECT_EQ(m.adc_bits_needed, 10);
}

TEST(RramMapping, BinaryLayersNeedFewerAdcBits) {
    // 1-bit weights on 1-bit cells, 1-bit inputs: one column a weight, 128
    // filters a crossbar (1 fold), 5 row folds, one read per input. A column
    // sums at most 128 ones: ceil(log2(129)) = 8 bits, 7 with flipping (vs 8
    // for ISAAC's 2-bit cells), so each conversion costs 2^-1 of the 8-bit one
    // and the SAR ADC converts 8/7 faster.
    const CrossbarMapping b = mapOnCrossbars(RramParams{}, conv3x3x64(1, 1));
    EXPECT_EQ(b.cell_bits, 1);
    EXPECT_EQ(b.filters_per_crossbar, 128);
    EXPECT_EQ(b.crossbars, 5);
    EXPECT_EQ(b.input_steps, 1);
    EXPECT_EQ(b.conversions_per_mvm, 5 * 64);
    EXPECT_EQ(b.adc_bits_needed, 7);
    EXPECT_DOUBLE_EQ(b.conversion_energy_scale, 0.5);
    EXPECT_DOUBLE_EQ(b.mvm_ns, 100.0);
    EXPECT_EQ(mapOnCrossbars(RramParams{}, conv3x3x64(8, 8)).adc_bits_needed, 8);
    EXPECT_EQ(adcBitsNeeded(64, 1, 1, true), 6);   // ceil(log2(65)) - 1
    EXPECT_EQ(adcBitsNeeded(128, 1, 2, false), 9); // ISAAC without flipping: log2(R) + v + w - 1
}

TEST(RramPlan, ResidentNetworkReplicatesWhereSpare) {
    // One tile: 8 x 12 = 96 crossbars. The conv (20 crossbars, 64 pixels)
    // and a one-crossbar fc fit with 75 spare. Each extra copy of the conv
    // costs 20 crossbars and saves time (64 -> 32 -> 22 -> 16 pixel groups):
    // 3 copies fit (60), 15 crossbars stay spare; the fc (one pixel) gains nothing.
    RramParams p;
    p.tiles = 1;
    GemmProblem fc;
    fc.m = 1, fc.k = 128, fc.n = 16, fc.wbits = fc.abits = 16;
    const ProgramPlan plan = planProgram(p, {conv3x3x64(16, 16, 64), fc});
    EXPECT_TRUE(plan.fits);
    EXPECT_EQ(plan.crossbars_needed, 21);
    ASSERT_EQ(plan.layers.size(), 2u);
    EXPECT_EQ(plan.layers[0].copies, 4);
    EXPECT_EQ(plan.layers[1].copies, 1);
    EXPECT_EQ(plan.layers[0].base, 0);
    EXPECT_EQ(plan.layers[1].base, 80);
    EXPECT_EQ(plan.crossbars_used, 81);
    EXPECT_TRUE(plan.layers[0].resident);
    // Without replication: one copy each.
    p.replication = RramReplication::None;
    EXPECT_EQ(planProgram(p, {conv3x3x64(16, 16, 64), fc}).layers[0].copies, 1);
}

// A layer whose weights are produced during the inference (attention's
// q·kᵀ) cannot be written before it: the static layers stay resident, a
// scratch region after them takes the runtime layer's weights every time it
// runs (its crossbar programming is charged), never the resident crossbars.
TEST(RramPlan, RuntimeOperandsAreWrittenIntoAScratchRegion) {
    RramParams p;
    p.tiles = 1;  // 96 crossbars
    GemmProblem qk;
    qk.m = 1, qk.k = 128, qk.n = 16, qk.wbits = qk.abits = 16;  // one crossbar
    qk.runtime_weights = true;
    const ProgramPlan plan = planProgram(p, {conv3x3x64(16, 16, 64), qk});
    EXPECT_TRUE(plan.fits);
    EXPECT_EQ(plan.crossbars_needed, 20);  // the static conv only
    EXPECT_EQ(plan.scratch_crossbars, 1);
    EXPECT_TRUE(plan.layers[0].resident);
    EXPECT_EQ(plan.layers[0].copies, 4);  // 75 spare crossbars, as without the scratch
    EXPECT_FALSE(plan.layers[1].resident);
    EXPECT_EQ(plan.layers[1].region_base, 80);
    EXPECT_EQ(plan.layers[1].region_size, 16);
    // A large runtime operand (8 row x 16 column folds = 128 crossbars) gets
    // every crossbar the static layers leave, written 76 / 8 = 9 column folds
    // at a time; the conv gets no extra copies.
    GemmProblem av;
    av.m = 1, av.k = 1024, av.n = 256, av.wbits = av.abits = 16;
    av.runtime_weights = true;
    const ProgramPlan big = planProgram(p, {conv3x3x64(16, 16, 64), av});
    EXPECT_TRUE(big.fits);
    EXPECT_EQ(big.scratch_crossbars, 76);
    EXPECT_EQ(big.layers[0].copies, 1);
    EXPECT_EQ(big.layers[1].region_base, 20);
    EXPECT_EQ(big.layers[1].region_size, 76);
    EXPECT_EQ(big.layers[1].block_col_folds, 9);
    // Static layers that leave no room for one column fold (8 crossbars): every
    // layer is reprogrammed over the whole chip.
    GemmProblem wide;
    wide.m = 1, wide.k = 128, wide.n = 16 * 90, wide.wbits = wide.abits = 16;  // 90 crossbars
    const ProgramPlan none = planProgram(p, {wide, av});
    EXPECT_FALSE(none.fits);
    EXPECT_FALSE(none.layers[0].resident);
    EXPECT_EQ(none.layers[1].region_size, 96);
}

TEST(RramPlan, NetworkTooLargeIsReprogrammedInBlocks) {
    // 20 + 128 crossbars (fc 1024 -> 256 at 16 bits: 8 row x 16 column
    // folds) do not fit 96: every layer is written when it runs. The conv
    // fits 4 times (4 copies); the fc is written 96/8 = 12 column folds at a time.
    RramParams p;
    p.tiles = 1;
    GemmProblem fc;
    fc.m = 1, fc.k = 1024, fc.n = 256, fc.wbits = fc.abits = 16;
    const ProgramPlan plan = planProgram(p, {conv3x3x64(16, 16, 64), fc});
    EXPECT_FALSE(plan.fits);
    EXPECT_EQ(plan.crossbars_needed, 148);
    EXPECT_FALSE(plan.layers[0].resident);
    EXPECT_EQ(plan.layers[0].copies, 4);
    EXPECT_EQ(plan.layers[0].block_col_folds, 4);
    EXPECT_EQ(plan.layers[1].copies, 1);
    EXPECT_EQ(plan.layers[1].block_col_folds, 12);
    // A reduction of 97 row folds cannot sit on 96 crossbars at all.
    GemmProblem huge = fc;
    huge.k = 128 * 97;
    EXPECT_FALSE(planProgram(p, {huge}).layers[0].error.empty());
}

TEST(RramConfig, TableAndFieldsFromYamlAndSet) {
    const std::string path = hcm::test::sourcePath("configs/isaac.yaml");
    PlatformConfig p = loadPlatformConfig(path);
    ASSERT_EQ(p.compute.kind, EngineKind::Rram);
    EXPECT_EQ(p.compute.rram.tiles, 168);
    EXPECT_DOUBLE_EQ(p.compute.rram.table.adc.power_mw, 16.0);
    // Halving the ADC power takes 168 x 12 x 8 mW = 16.128 W off the chip.
    p = loadPlatformConfig(path, {"compute.components.adc.power_mw=8"});
    EXPECT_NEAR(rramRollup(p.compute.rram).chip_power_w, 55.40808 - 16.128, 1e-9);
    p = loadPlatformConfig(path, {"compute.weight_encoding=differential", "compute.replication=none"});
    EXPECT_EQ(p.compute.rram.encoding, RramWeightEncoding::Differential);
    EXPECT_EQ(p.compute.rram.replication, RramReplication::None);
    auto error = [&](const std::string& set) {
        try {
            loadPlatformConfig(path, {set});
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_NE(error("compute.components.adc.power=1").find("compute.components.adc.power: unknown key"),
              std::string::npos);
    EXPECT_NE(error("compute.weight_encoding=twos").find("compute.weight_encoding"), std::string::npos);
    EXPECT_NE(error("compute.offset_columns=128").find("compute.offset_columns"), std::string::npos);
}
