#pragma once
// The typed hardware description of one platform, loaded from a YAML file
// (configs/*.yaml) with --set overrides. See docs/config.md for every key,
// its unit and its meaning.
#include <cstdint>
#include <string>
#include <vector>

#include "hw/dram/dram_params.hpp"
#include "hw/interconnect/interconnect_params.hpp"
#include "hw/sram/sram_params.hpp"

namespace hcm {

enum class EngineKind { BitParallel, BitSerial, BitFusion, Rram, GpuSm };
const char* toString(EngineKind kind);

// Systolic bit-parallel array (SCALE-Sim style).
struct BitParallelConfig {
    int64_t rows = 16;
    int64_t cols = 16;
    std::string dataflow = "ws";   // ws | os | is
    int mac_bits = 8;              // native operand width of a PE
    bool pack = true;              // sub-word parallelism for narrow operands
};

// Bit-serial arrays: Stripes (serial activations), Loom (both serial), BISMO.
struct BitSerialConfig {
    std::string serial = "activations";  // activations | both | binary_matrix
    int64_t rows = 16;             // serial MAC lanes = rows x cols
    int64_t cols = 256;
    int parallel_bits = 16;        // width of the operand that is not serial (Stripes weights)
    int bits_per_cycle = 1;        // serial bits consumed per cycle (Loom: 1, 2 or 4)
    int64_t dm = 8, dk = 256, dn = 8;  // BISMO binary matrix engine dimensions
};

// Bit Fusion: rows x cols Fusion Units of 16 two-bit BitBricks.
struct BitFusionConfig {
    int64_t rows = 16;             // units along the reduction (input channels): N
    int64_t cols = 32;             // units along the output channels: M
    int brick_bits = 2;
    int max_bits = 8;              // widest operand fused in one cycle
};

// ISAAC-style RRAM crossbar accelerator.
struct RramConfig {
    int64_t crossbar_rows = 128, crossbar_cols = 128;
    int cell_bits = 2;
    int64_t crossbars_per_ima = 8, imas_per_tile = 12, tiles = 168;
    int adc_bits = 8;
    int64_t adcs_per_ima = 8;
    double adc_gsps = 1.28;        // conversions per ns per ADC
    int dac_bits = 1;
    double read_latency_ns = 100;  // one crossbar read (all columns converted)
    std::string weight_encoding = "offset";  // offset | differential
};

// GPU-like streaming multiprocessors.
struct GpuSmConfig {
    int64_t sms = 8;
    int64_t subpartitions = 4;     // warp schedulers per SM
    int64_t lanes_per_subpartition = 32;
    int64_t warp_size = 32;
    int64_t max_warps_per_sm = 64;
    int64_t max_blocks_per_sm = 32;
    int64_t registers_per_sm = 65536;
    int64_t shared_mem_kib = 64;
    int64_t shared_mem_banks = 32;
    int64_t l1_kib = 128;
    int64_t l2_kib = 4096;
};

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
    std::string description;
    double clock_mhz = 1000;
    ComputeConfig compute;
    BufferSetConfig buffers;
    InterconnectConfig interconnect;
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
