// Hardware config loading, --set overrides and validation messages.
#include <gtest/gtest.h>

#include "sim/common/input_error.hpp"

#include "sim/config/platform_config.hpp"
#include "support/cli_runner.hpp"

using namespace hcm;

namespace {
const char* kMinimal = R"(name: mini
clock_mhz: 800
compute: {kind: bit_parallel, rows: 8, cols: 4, dataflow: os, mac_bits: 8, pack: false}
buffers:
  ifmap: {capacity_kib: 16}
  weight: {capacity_kib: 8}
  ofmap: {capacity_bytes: 4096}
dram: {preset: ddr4_2400}
)";

std::string errorOf(const std::string& text, const std::vector<std::string>& sets = {}) {
    try {
        parsePlatformConfig(text, "hw.yaml", sets);
    } catch (const InputError& e) {
        return e.what();
    }
    return "(no error)";
}
}  // namespace

TEST(PlatformConfig, StarterConfigsLoad) {
    const PlatformConfig d = loadPlatformConfig("default");
    EXPECT_EQ(d.compute.kind, EngineKind::BitParallel);
    EXPECT_EQ(d.compute.bit_parallel.rows, 16);
    EXPECT_EQ(d.compute.bit_parallel.cols, 16);
    EXPECT_EQ(d.compute.bit_parallel.mac_bits, 8);
    EXPECT_EQ(d.dram.preset, "ddr4_2400");
    const PlatformConfig b = loadPlatformConfig(test::sourcePath("configs/bitfusion.yaml"));
    EXPECT_EQ(b.compute.kind, EngineKind::BitFusion);
    EXPECT_EQ(b.compute.bit_fusion.rows, 16);
    EXPECT_EQ(b.compute.bit_fusion.cols, 32);
    EXPECT_EQ(b.clock_mhz, 500);
    EXPECT_EQ(b.buffers.weight.capacity_bytes, 64 * 1024);
    EXPECT_EQ(b.buffers.ifmap.capacity_bytes, 32 * 1024);
    EXPECT_EQ(b.buffers.ofmap.capacity_bytes, 16 * 1024);
    EXPECT_EQ(b.interconnect.width_bits, 192);
    EXPECT_DOUBLE_EQ(b.energy.core_pj_per_cycle, 235.1);
}

TEST(PlatformConfig, MinimalFileAndDefaults) {
    const PlatformConfig p = parsePlatformConfig(kMinimal, "hw.yaml");
    EXPECT_EQ(p.name, "mini");
    EXPECT_EQ(p.compute.bit_parallel.dataflow, "os");
    EXPECT_FALSE(p.compute.bit_parallel.pack);
    EXPECT_EQ(p.buffers.ifmap.capacity_bytes, 16384);
    EXPECT_EQ(p.buffers.ofmap.capacity_bytes, 4096);
    EXPECT_TRUE(p.buffers.double_buffer);
    EXPECT_EQ(p.interconnect.width_bits, 256);  // documented default
}

TEST(PlatformConfig, SetOverridesAnyKey) {
    const PlatformConfig p = parsePlatformConfig(
        kMinimal, "hw.yaml", {"compute.rows=32", "buffers.ifmap.capacity_kib=128", "clock_mhz=1200.5", "interconnect.width_bits=64"});
    EXPECT_EQ(p.compute.bit_parallel.rows, 32);
    EXPECT_EQ(p.buffers.ifmap.capacity_bytes, 128 * 1024);
    EXPECT_DOUBLE_EQ(p.clock_mhz, 1200.5);
    EXPECT_EQ(p.interconnect.width_bits, 64);
}

TEST(PlatformConfig, ErrorsNameFileLineColumnAndKeyPath) {
    std::string text = kMinimal;
    EXPECT_EQ(errorOf(std::string(kMinimal) + "extra: 1\n"), "hw.yaml:9:1: extra: unknown key");
    EXPECT_NE(errorOf(text + "energy: {mac_pj: -1}\n").find("hw.yaml:9:18: energy.mac_pj: value -1 is out of range"),
              std::string::npos);
    const std::string head = "name: x\nclock_mhz: 1000\n";
    EXPECT_EQ(errorOf(head + "compute: {kind: bit_parallel, rows: 0, cols: 4}\n"),
              "hw.yaml:3:37: compute.rows: value 0 is out of range [1, 1048576]");
    EXPECT_EQ(errorOf(head + "compute: {kind: bit_parallel, rows: sixteen, cols: 4}\n"),
              "hw.yaml:3:37: compute.rows: expected an integer, got 'sixteen'");
    EXPECT_EQ(errorOf(head + "compute: {kind: bit_parallel, rows: 4, cols: 4, rws: 3}\n"),
              "hw.yaml:3:49: compute.rws: unknown key (did you mean 'rows'?)");
    EXPECT_EQ(errorOf(head + "compute: {kind: tpu}\n"),
              "hw.yaml:3:17: compute.kind: 'tpu' is not one of: bit_parallel, bit_serial, bit_fusion, rram, gpu_sm");
    // Fields of another engine kind are not silently ignored.
    EXPECT_EQ(errorOf(head + "compute: {kind: bit_parallel, rows: 4, cols: 4, crossbar_rows: 128}\n"),
              "hw.yaml:3:49: compute.crossbar_rows: unknown key");
    EXPECT_NE(errorOf("name: x\nclock_mhz: 100\ncompute: {kind: bit_parallel, rows: 4, cols: 4}\n")
                  .find("buffers: required section is missing"),
              std::string::npos);
    EXPECT_NE(errorOf("name: x\ncompute: {kind: bit_parallel, rows: 4, cols: 4}\n").find("clock_mhz: required key is missing"),
              std::string::npos);
    EXPECT_EQ(errorOf(kMinimal, {"compute.rows=-3"}), "--set compute.rows: value -3 is out of range [1, 1048576]");
    EXPECT_EQ(errorOf(kMinimal, {"compute.colz=3"}), "--set compute.colz: unknown key (did you mean 'cols'?)");
    EXPECT_EQ(errorOf(kMinimal, {"compute.rows"}), "--set compute.rows: expected KEY.PATH=VALUE");
    EXPECT_EQ(errorOf(kMinimal, {"compute.dataflow=xs"}), "--set compute.dataflow: 'xs' is not one of: ws, os, is");
    EXPECT_EQ(errorOf(kMinimal, {"foo.bar=1"}), "--set foo.bar: unknown key");
    EXPECT_EQ(errorOf(kMinimal, {"computer.rows=1"}), "--set computer.rows: unknown key (did you mean 'compute'?)");
    EXPECT_NE(errorOf("name: [\n").find("hw.yaml:2:1: YAML syntax error"), std::string::npos);
}

// Each kind name reads back as its own kind, and any other name is an error:
// the reader has no fallback kind.
TEST(PlatformConfig, EngineKindIsReadExactly) {
    const std::string rest = "buffers: {shared: {capacity_kib: 256}}\ndram: {preset: ddr4_2400}\nclock_mhz: 1000\nname: k\n";
    const std::vector<std::pair<EngineKind, std::string>> kinds = {
        {EngineKind::BitParallel, ", rows: 4, cols: 4"},
        {EngineKind::BitSerial, ", serial: activations, rows: 4, cols: 4"},
        {EngineKind::BitFusion, ""},
        {EngineKind::Rram, ""},
        {EngineKind::GpuSm, ", sms: 2"}};
    for (const auto& kind : kinds) {
        const std::string name = toString(kind.first);
        const PlatformConfig p = parsePlatformConfig("compute: {kind: " + name + kind.second + "}\n" + rest, "k.yaml");
        EXPECT_EQ(p.compute.kind, kind.first) << name;
    }
    const std::string list = "bit_parallel, bit_serial, bit_fusion, rram, gpu_sm";
    EXPECT_EQ(errorOf("compute: {kind: GPU_SM}\n" + rest), "hw.yaml:1:17: compute.kind: 'GPU_SM' is not one of: " + list);
    EXPECT_EQ(errorOf("compute: {kind: \"\"}\n" + rest), "hw.yaml:1:17: compute.kind: '' is not one of: " + list);
    EXPECT_EQ(errorOf(kMinimal, {"compute.kind=systolic"}), "--set compute.kind: 'systolic' is not one of: " + list);
    EXPECT_EQ(errorOf("compute: {rows: 4}\n" + rest), "hw.yaml:1:10: compute.kind: required key is missing");
}

TEST(PlatformConfig, EveryEngineKindHasItsFields) {
    const std::string buffers = "buffers: {shared: {capacity_kib: 256}}\ndram: {preset: ddr4_2400}\nclock_mhz: 1000\nname: k\n";
    auto p = parsePlatformConfig("compute: {kind: bit_serial, serial: both, rows: 16, cols: 16, bits_per_cycle: 2}\n" + buffers, "s.yaml");
    EXPECT_EQ(p.compute.bit_serial.bits_per_cycle, 2);
    EXPECT_TRUE(p.buffers.shared);
    p = parsePlatformConfig("compute: {kind: bit_serial, serial: binary_matrix, dm: 8, dk: 256, dn: 8}\n" + buffers, "s.yaml");
    EXPECT_EQ(p.compute.bit_serial.dk, 256);
    p = parsePlatformConfig("compute: {kind: rram, tiles: 4}\n" + buffers, "r.yaml");
    EXPECT_EQ(p.compute.rram.tiles, 4);
    EXPECT_EQ(p.compute.rram.crossbar_rows, 128);
    p = parsePlatformConfig("compute: {kind: gpu_sm, sms: 2}\n" + buffers, "g.yaml");
    EXPECT_EQ(p.compute.gpu_sm.sms, 2);
    EXPECT_NE(errorOf("compute: {kind: bit_serial, serial: both, rows: 4, cols: 4, bits_per_cycle: 3}\n" + buffers)
                  .find("compute.bits_per_cycle: must be 1, 2 or 4"),
              std::string::npos);
    EXPECT_NE(errorOf("compute: {kind: rram}\nbuffers: {shared: {capacity_kib: 1}, ifmap: {capacity_kib: 1}}\n"
                      "dram: {preset: ddr4_2400}\nclock_mhz: 1\nname: k\n")
                  .find("buffers.ifmap: a shared buffer excludes"),
              std::string::npos);
}
