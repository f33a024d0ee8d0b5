#pragma once
// The typed hardware description of one platform, loaded from a YAML file
// (configs/*.yaml) with --set overrides. See docs/config.md for every key,
// its unit and its meaning.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/cache/l2_cache_params.hpp"
#include "hw/dram/dram_params.hpp"
#include "hw/interconnect/interconnect_params.hpp"
#include "hw/sram/sram_params.hpp"
#include "sim/config/engines/bit_fusion_config.hpp"
#include "sim/config/engines/bit_parallel_config.hpp"
#include "sim/config/engines/bit_serial_config.hpp"
#include "sim/config/engines/gpu_sm_config.hpp"
#include "sim/config/engines/rram_config.hpp"

namespace hcm {

enum class EngineKind { BitParallel, BitSerial, BitFusion, Rram, GpuSm };
const char* toString(EngineKind kind);

struct ComputeConfig {
    EngineKind kind = EngineKind::BitParallel;
    BitParallelConfig bit_parallel;
    BitSerialConfig bit_serial;
    BitFusionConfig bit_fusion;
    RramConfig rram;
    GpuSmConfig gpu_sm;
};

// One on-chip SRAM buffer (the hardware model's own parameter struct).
using BufferConfig = SramParams;

struct BufferSetConfig {
    bool shared = false;               // one buffer for all operands
    bool double_buffer = true;         // half of each buffer is filled while the other half computes
    BufferConfig ifmap, weight, ofmap; // used when !shared
    BufferConfig unified;              // used when shared
};

using InterconnectConfig = InterconnectParams;

// The optional `cache:` section: a sectored L2 between the interconnect and
// the DRAM (hw/cache/l2_cache.hpp); `enabled` when the section is present.
using CacheConfig = L2CacheParams;

struct EnergyConfig {
    double mac_pj = 0.0;               // one MAC at native width (bit_parallel), or per engine op
    double core_pj_per_cycle = 0.0;    // whole compute array per busy cycle (Bit Fusion reports this)
    double dram_pj_per_bit = 0.0;      // 0: use the DRAM model's per-command energies
    double leakage_mw = 0.0;           // static power of the whole chip
};

// Silicon area of the parts the engines share; engines add their own tables.
struct AreaConfig {
    double pe_um2 = 0;                 // one PE / lane of a bit-parallel or bit-serial array
    double sram_mm2_per_kib = 0;       // on-chip buffers
    double fixed_mm2 = 0;              // everything else (controller, DMA, I/O)
};

struct PlatformConfig {
    std::string name;
    std::string source;                // file the config was loaded from
    std::vector<std::string> overrides;  // the `--set key=value` overrides applied to it
    // The YAML document after the overrides, which the fields below were
    // read from: reading it back (no overrides) gives the same config. Its
    // settings name a platform in provenance records (platform_fingerprint.hpp).
    std::string resolved_yaml;
    std::string description;
    double clock_mhz = 1000;
    ComputeConfig compute;
    BufferSetConfig buffers;
    InterconnectConfig interconnect;
    CacheConfig cache;
    DramParams dram;
    EnergyConfig energy;
    AreaConfig area;

    double clockHz() const { return clock_mhz * 1e6; }
    double cyclePs() const { return 1e6 / clock_mhz; }
};

// Directory of starter configs ($HCMSIM_CONFIG_DIR, else the source tree's configs/).
std::string configDirectory();
std::vector<std::string> configNames();

// `spec` is a file path or the name of a starter config ("default", "bitfusion").
// `sets` are "key.path=value" overrides, validated like the file.
PlatformConfig loadPlatformConfig(const std::string& spec, const std::vector<std::string>& sets = {});
PlatformConfig parsePlatformConfig(const std::string& yamlText, const std::string& name,
                                   const std::vector<std::string>& sets = {});

}  // namespace hcm
