#include "gpu_sm_config.hpp"

#include "sim/common/yaml_reader.hpp"

namespace hcm {

namespace {
constexpr int64_t kMaxCount = int64_t(1) << 20;  // PEs per side, tiles, SMs, ...
}  // namespace

GpuSmConfig readGpuSm(YamlMap& m) {
    GpuSmConfig c;
    c.sms = m.getInt("sms", 1, kMaxCount);
    c.subpartitions = m.getInt("subpartitions", 4, 1, 64);
    c.lanes_per_subpartition = m.getInt("lanes_per_subpartition", 32, 1, 1024);
    c.warp_size = m.getInt("warp_size", 32, 1, 1024);
    c.max_warps_per_sm = m.getInt("max_warps_per_sm", 64, 1, 4096);
    c.max_blocks_per_sm = m.getInt("max_blocks_per_sm", 32, 1, 4096);
    c.registers_per_sm = m.getInt("registers_per_sm", 65536, 1, int64_t(1) << 24);
    c.shared_mem_kib = m.getInt("shared_mem_kib", 64, 1, 1 << 20);
    c.shared_mem_banks = m.getInt("shared_mem_banks", 32, 1, 1024);
    c.l1_kib = m.getInt("l1_kib", 128, 1, 1 << 20);
    c.l2_kib = m.getInt("l2_kib", 4096, 1, 1 << 24);
    return c;
}

}  // namespace hcm
