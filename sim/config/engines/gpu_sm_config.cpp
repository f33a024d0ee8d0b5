#include "gpu_sm_config.hpp"

#include <algorithm>

#include "hw/gpu_sm/kernel_config.hpp"
#include "sim/common/yaml_reader.hpp"
#include "sim/config/config_limits.hpp"

namespace hcm {

namespace {

// Keys of the per-op-class maps, in OpClass order.
constexpr const char* kClassKeys[kOpClasses] = {"fp32", "int32", "int16x2", "int8x4", "int4x8", "binary", "fp16x2"};

void readClassMap(YamlMap& m, const char* key, std::array<double, kOpClasses>& values, double lo, double hi) {
    auto map = m.getOptionalMap(key);
    if (!map) return;
    for (int c = 0; c < kOpClasses; ++c) values[size_t(c)] = map->getDouble(kClassKeys[c], values[size_t(c)], lo, hi);
    map->finish();
}

void readTile(YamlMap& m, GpuSmConfig& c) {
    const std::string tile = m.getString("cta_tile", "auto");
    if (tile == "auto") return;
    std::string known;
    for (const CtaShape& s : ctaShapes()) {
        if (s.str() == tile) {
            c.tile_m = s.bm, c.tile_n = s.bn;
            return;
        }
        known += ", " + s.str();
    }
    m.fail("cta_tile", "'" + tile + "' is not one of: auto" + known);
}

}  // namespace

GpuSmConfig readGpuSm(YamlMap& m) {
    GpuSmConfig c;
    c.sms = m.getInt("sms", 1, kMaxConfigCount);
    c.subpartitions = m.getInt("subpartitions", 4, 1, 64);
    c.lanes_per_subpartition = m.getInt("lanes_per_subpartition", 32, 1, 1024);
    c.warp_size = m.getInt("warp_size", 32, 1, 1024);
    c.max_warps_per_sm = m.getInt("max_warps_per_sm", 64, 1, 4096);
    c.max_blocks_per_sm = m.getInt("max_blocks_per_sm", 32, 1, 4096);
    c.registers_per_sm = m.getInt("registers_per_sm", 65536, 1, int64_t(1) << 24);
    c.max_registers_per_thread = m.getInt("max_registers_per_thread", 255, 1, 1 << 16);
    c.register_alloc_unit = m.getInt("register_alloc_unit", 256, 1, 1 << 16);
    c.shared_mem_kib = m.getInt("shared_mem_kib", 64, 1, 1 << 20);
    c.shared_mem_banks = m.getInt("shared_mem_banks", 32, 1, 1024);
    c.l1_kib = m.getInt("l1_kib", 128, 0, 1 << 20);
    if (m.has("native_paths")) {
        // Integer widths (the first class of each width: 16 is int16x2).
        const auto paths = m.getIntOrList("native_paths", {1, 2, 3, 4, 5}, 1, 32);
        const bool fp16 = c.native[size_t(OpClass::Fp16x2)];
        c.native.fill(false);
        c.native[size_t(OpClass::Fp16x2)] = fp16;
        for (int64_t bits : paths) {
            const auto* it = std::find(kOpClassBits, kOpClassBits + kOpClasses, int(bits));
            if (it == kOpClassBits + kOpClasses) m.fail("native_paths", "widths are 32, 16, 8, 4 and 1 bits");
            c.native[size_t(it - kOpClassBits)] = true;
        }
        // The 32-bit paths (fp32 FMA, int32 multiply-add) are always there.
        c.native[size_t(OpClass::Fp32)] = c.native[size_t(OpClass::Int32)] = true;
    }
    // Half-precision FMA pairs (HFMA2): native unless the GPU has none.
    c.native[size_t(OpClass::Fp16x2)] = m.getBool("native_fp16", true);
    readClassMap(m, "op_rates", c.op_rate, 1e-6, 64.0);
    c.global_latency_cycles = m.getInt("global_latency_cycles", 200, 0, 1 << 20);
    c.pipeline_stages = m.getInt("pipeline_stages", 2, 1, 16);
    c.iteration_overhead_instructions = m.getInt("iteration_overhead_instructions", 8, 0, 1 << 16);
    c.epilogue_instructions_per_output = m.getInt("epilogue_instructions_per_output", 2, 0, 1 << 16);
    const std::string layout = m.getEnum("smem_layout", "swizzled", {"swizzled", "padded", "naive"});
    c.smem_layout = layout == "padded" ? SmemLayout::Padded : layout == "naive" ? SmemLayout::Naive : SmemLayout::Swizzled;
    readTile(m, c);
    readClassMap(m, "lane_op_pj", c.lane_op_pj, 0.0, 1e6);
    c.warp_instruction_pj = m.getDouble("warp_instruction_pj", 100.0, 0.0, 1e9);
    c.sm_area_mm2 = m.getDouble("sm_area_mm2", 3.5, 0.0, 1e6);
    return c;
}

GpuSmParams gpuSmParams(const GpuSmConfig& c, double l2BytesPerCycle) {
    GpuSmParams p;
    p.sms = c.sms;
    p.subpartitions = c.subpartitions;
    p.lanes_per_subpartition = c.lanes_per_subpartition;
    p.warp_size = c.warp_size;
    p.max_warps_per_sm = c.max_warps_per_sm;
    p.max_blocks_per_sm = c.max_blocks_per_sm;
    p.registers_per_sm = c.registers_per_sm;
    p.max_registers_per_thread = c.max_registers_per_thread;
    p.register_alloc_unit = c.register_alloc_unit;
    p.shared_mem_bytes = c.shared_mem_kib * 1024;
    p.shared_mem_banks = c.shared_mem_banks;
    p.l1_bytes = c.l1_kib * 1024;
    p.native = c.native;
    p.op_rate = c.op_rate;
    p.global_latency_cycles = c.global_latency_cycles;
    p.pipeline_stages = c.pipeline_stages;
    p.iteration_overhead_instructions = c.iteration_overhead_instructions;
    p.epilogue_instructions_per_output = c.epilogue_instructions_per_output;
    p.smem_layout = c.smem_layout;
    p.tile_m = c.tile_m;
    p.tile_n = c.tile_n;
    p.l2_bytes_per_cycle = l2BytesPerCycle;
    p.lane_op_pj = c.lane_op_pj;
    p.warp_instruction_pj = c.warp_instruction_pj;
    return p;
}

}  // namespace hcm
