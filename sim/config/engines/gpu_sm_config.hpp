#pragma once
// Config of the `gpu_sm` compute engine (the `compute:` section with
// kind: gpu_sm). Every field, its unit and default: docs/formats.md; the
// model: docs/gpu_sm.md.
#include <array>
#include <cstdint>
#include <string>

#include "hw/gpu_sm/gpu_sm_params.hpp"

namespace hcm {

class YamlMap;

// GPU-like streaming multiprocessors.
struct GpuSmConfig {
    int64_t sms = 8;
    int64_t subpartitions = 4;     // warp schedulers per SM
    int64_t lanes_per_subpartition = 32;
    int64_t warp_size = 32;
    int64_t max_warps_per_sm = 64;
    int64_t max_blocks_per_sm = 32;
    int64_t registers_per_sm = 65536;
    int64_t max_registers_per_thread = 255;
    int64_t register_alloc_unit = 256;
    int64_t shared_mem_kib = 64;
    int64_t shared_mem_banks = 32;
    int64_t l1_kib = 128;
    std::array<bool, kOpClasses> native{true, true, true, true, true, true, true};  // by OpClass
    std::array<double, kOpClasses> op_rate{1, 1, 1, 1, 1, 1, 1};                // lane ops per lane per cycle
    int64_t global_latency_cycles = 200;
    int64_t pipeline_stages = 2;
    int64_t iteration_overhead_instructions = 8;
    int64_t epilogue_instructions_per_output = 2;
    SmemLayout smem_layout = SmemLayout::Swizzled;
    int64_t tile_m = 0, tile_n = 0;                                       // cta_tile; 0: auto
    // Energy and area table (45 nm estimates by default, docs/gpu_sm.md).
    // fp16x2: two half-precision FMAs (Horowitz, ISSCC 2014: 1.1 pJ multiply + 0.4 pJ add each).
    std::array<double, kOpClasses> lane_op_pj{4.6, 3.2, 1.7, 0.92, 0.64, 0.2, 3.0};
    double warp_instruction_pj = 100;
    double sm_area_mm2 = 3.5;      // one SM without its shared memory / L1 (the buffers count those)
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
GpuSmConfig readGpuSm(YamlMap& compute);

// The engine's parameters; `l2BytesPerCycle` is the cache section's
// bandwidth when there is an L2 (0 otherwise).
GpuSmParams gpuSmParams(const GpuSmConfig& config, double l2BytesPerCycle);

}  // namespace hcm
