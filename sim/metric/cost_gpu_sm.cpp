#include <algorithm>

#include "platform_cost.hpp"

namespace hcm {

// SMs from the config's table: sms x sm_area_mm2 (without their shared
// memory, which the buffers count), plus the L2 of the `cache:` section at
// area.sram_mm2_per_kib. Peak power: every lane busy on the class with the
// highest lane_op_pj x rate, every scheduler issuing a warp instruction a
// cycle, plus the generic energy.core_pj_per_cycle.
CostItem engineCostGpuSm(const PlatformConfig& p) {
    const GpuSmConfig& c = p.compute.gpu_sm;
    double lanePj = 0;
    for (int i = 0; i < kOpClasses; ++i)
        if (c.native[size_t(i)]) lanePj = std::max(lanePj, c.lane_op_pj[size_t(i)] * c.op_rate[size_t(i)]);
    const double perSmPj = double(c.subpartitions) *
                           (double(c.lanes_per_subpartition) * lanePj + c.warp_instruction_pj);
    CostItem item;
    item.component = "gpu_sm_engine";
    item.area_mm2 = double(c.sms) * c.sm_area_mm2;
    if (p.cache.enabled) item.area_mm2 += double(p.cache.capacity_bytes) / 1024.0 * p.area.sram_mm2_per_kib;
    item.peak_power_w = (double(c.sms) * perSmPj + p.energy.core_pj_per_cycle) * 1e-12 * p.clockHz();
    return item;
}

}  // namespace hcm
