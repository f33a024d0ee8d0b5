#include "platform_cost.hpp"

namespace hcm {

// rows x cols Fusion Units of compute.unit_um2 each; at peak every brick of
// every unit forms a product each cycle at compute.brick_pj. The generic
// energy.core_pj_per_cycle (the paper's whole-array figure) adds on top.
CostItem engineCostBitFusion(const PlatformConfig& p) {
    const BitFusionConfig& c = p.compute.bit_fusion;
    const BitFusionParams params = bitFusionParams(c);
    const double units = double(c.rows * c.cols);
    CostItem item;
    item.component = "bit_fusion_engine";
    item.area_mm2 = units * c.unit_um2 * 1e-6;
    item.peak_power_w =
        (units * double(params.bricksPerUnit()) * c.brick_pj + p.energy.core_pj_per_cycle) * 1e-12 * p.clockHz();
    return item;
}

}  // namespace hcm
