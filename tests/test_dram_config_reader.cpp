// The `dram:` section of a hardware config: presets, overrides, and errors
// that name the key (file:line:column: dram.key: message).
#include <gtest/gtest.h>

#include "hw/dram/dram_presets.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/dram_config_reader.hpp"

namespace hcm {
namespace {

DramParams read(const std::string& yaml, const std::vector<std::string>& sets = {}) {
    auto doc = YamlDocument::loadString(yaml, "hw.yaml");
    for (const auto& s : sets) doc->applyOverride(s);
    YamlMap root = YamlMap::root(doc);
    YamlMap dram = root.getMap("dram");
    return readDramParams(dram);
}

std::string error(const std::string& yaml, const std::vector<std::string>& sets = {}) {
    try {
        read(yaml, sets);
    } catch (const InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(DramConfigReader, PresetOnly) {
    const DramParams p = read("dram:\n  preset: lpddr4_3200\n");
    const DramParams q = dramPreset("lpddr4_3200");
    EXPECT_EQ(p.preset, "lpddr4_3200");
    EXPECT_EQ(p.org.channels, q.org.channels);
    EXPECT_EQ(p.timing.CL, q.timing.CL);
    EXPECT_DOUBLE_EQ(p.energy.rd_pj, q.energy.rd_pj);
    EXPECT_EQ(p.page_policy, PagePolicy::Open);
    EXPECT_TRUE(p.refresh);
}

TEST(DramConfigReader, Overrides) {
    const DramParams p = read(
        "dram:\n"
        "  preset: ddr4_2400\n"
        "  channels: 2\n"
        "  ranks: 2\n"
        "  timing: {CL: 17, tRCD: 17, tRP: 17, tRC: 56, tCK_ns: 0.75}\n"
        "  address_mapping: RoRaBaChCo\n"
        "  page_policy: closed\n"
        "  queue_depth: 64\n"
        "  refresh: false\n"
        "  energy: {act_pj: 1000, background_mw: 10}\n");
    EXPECT_EQ(p.org.channels, 2);
    EXPECT_EQ(p.org.ranks, 2);
    EXPECT_EQ(p.timing.CL, 17);
    EXPECT_EQ(p.timing.tRC, 56);
    EXPECT_DOUBLE_EQ(p.timing.tCK_ns, 0.75);
    EXPECT_EQ(p.timing.tCCD_L, 6);  // untouched
    EXPECT_EQ(p.address_mapping, "RoRaBaChCo");
    EXPECT_EQ(p.page_policy, PagePolicy::Closed);
    EXPECT_EQ(p.queue_depth, 64);
    EXPECT_FALSE(p.refresh);
    EXPECT_DOUBLE_EQ(p.energy.act_pj, 1000);
    EXPECT_DOUBLE_EQ(p.energy.background_mw, 10);
    EXPECT_DOUBLE_EQ(p.energy.rd_pj, dramPreset("ddr4_2400").energy.rd_pj);
}

TEST(DramConfigReader, SetOverridesAreReadToo) {
    const DramParams p = read("dram:\n  preset: ddr4_2400\n", {"dram.preset=hbm2", "dram.timing.CL=20"});
    EXPECT_EQ(p.preset, "hbm2");
    EXPECT_EQ(p.timing.CL, 20);
    EXPECT_EQ(p.org.channels, 16);
}

TEST(DramConfigReader, ErrorsNameTheKey) {
    EXPECT_EQ(error("dram:\n  channels: 2\n"), "hw.yaml:2:3: dram.preset: required key is missing");
    EXPECT_EQ(error("dram:\n  preset: ddr9\n"),
              "hw.yaml:2:11: dram.preset: 'ddr9' is not one of: ddr4_2400, lpddr4_3200, hbm2");
    EXPECT_EQ(error("dram:\n  preset: ddr4_2400\n  chanels: 2\n"),
              "hw.yaml:3:3: dram.chanels: unknown key (did you mean 'channels'?)");
    EXPECT_EQ(error("dram:\n  preset: ddr4_2400\n  timing: {tXYZ: 3}\n"), "hw.yaml:3:12: dram.timing.tXYZ: unknown key");
    EXPECT_EQ(error("dram:\n  preset: ddr4_2400\n  energy: {rd_pj: -1}\n"),
              "hw.yaml:3:19: dram.energy.rd_pj: value -1 is out of range [0, 1e+09]");
}

TEST(DramConfigReader, RangesRejectZeroAndNegativeSizes) {
    EXPECT_NE(error("dram: {preset: ddr4_2400, channels: 0}").find("dram.channels: value 0 is out of range [1, 1024]"),
              std::string::npos);
    EXPECT_NE(error("dram: {preset: ddr4_2400, rows: -5}").find("dram.rows: value -5 is out of range"),
              std::string::npos);
    EXPECT_NE(error("dram: {preset: ddr4_2400, timing: {CL: 0}}").find("dram.timing.CL: value 0 is out of range"),
              std::string::npos);
    EXPECT_NE(error("dram: {preset: ddr4_2400, queue_depth: 0}").find("dram.queue_depth"), std::string::npos);
    EXPECT_NE(error("dram: {preset: ddr4_2400, page_policy: lazy}").find("'lazy' is not one of: open, closed"),
              std::string::npos);
}

TEST(DramConfigReader, CrossFieldConsistency) {
    EXPECT_EQ(error("dram:\n  preset: ddr4_2400\n  timing:\n    tRC: 50\n"),
              "hw.yaml:4:10: dram.timing.tRC: must be at least tRAS + tRP = 55, got 50");
    EXPECT_EQ(error("dram:\n  preset: ddr4_2400\n  bus_width_bits: 60\n"),
              "hw.yaml:3:19: dram.bus_width_bits: must be a multiple of device_width_bits (8), got 60");
    EXPECT_EQ(error("dram:\n  preset: ddr4_2400\n  rows: 50000\n"),
              "hw.yaml:3:9: dram.rows: must be a power of two (address bits are sliced), got 50000");
    EXPECT_NE(error("dram:\n  preset: ddr4_2400\n  address_mapping: RoBaXxCoCh\n")
                  .find("hw.yaml:3:20: dram.address_mapping: address mapping 'RoBaXxCoCh': unknown field 'Xx'"),
              std::string::npos);
    // A preset value made inconsistent by another key: reported at the
    // timing section, saying where the value came from.
    EXPECT_NE(error("dram:\n  preset: ddr4_2400\n  burst_length: 16\n")
                  .find("dram.timing: tCCD_S must be at least BL/2 = 8"),
              std::string::npos);
    EXPECT_NE(error("dram: {preset: ddr4_2400, timing: {tREFI: 400}}").find("dram.timing.tREFI: must exceed tRFC"),
              std::string::npos);
    EXPECT_EQ(error("dram: {preset: ddr4_2400, refresh: false, timing: {tREFI: 400}}"), "no error");
    EXPECT_EQ(error("dram:\n  preset: hbm2\n  refresh_phase_cycles: 3900\n"),
              "hw.yaml:3:25: dram.refresh_phase_cycles: must be in [0, tREFI) = [0, 3900), got 3900");
    EXPECT_EQ(read("dram: {preset: hbm2, refresh_phase_cycles: 1950}\n").refresh_phase_cycles, 1950);
}

TEST(DramConfigReader, SetErrorsSayWhereTheValueCameFrom) {
    EXPECT_EQ(error("dram:\n  preset: ddr4_2400\n", {"dram.timing.tRC=10"}),
              "--set dram.timing.tRC: must be at least tRAS + tRP = 55, got 10");
}

}  // namespace
}  // namespace hcm
