#pragma once
// Config of the `gpu_sm` compute engine (the `compute:` section with
// kind: gpu_sm). Every field, its unit and default: docs/formats.md.
#include <cstdint>
#include <string>

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
    int64_t shared_mem_kib = 64;
    int64_t shared_mem_banks = 32;
    int64_t l1_kib = 128;
    int64_t l2_kib = 4096;
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
GpuSmConfig readGpuSm(YamlMap& compute);

}  // namespace hcm
