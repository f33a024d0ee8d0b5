#include "platform_cost.hpp"

namespace hcm {

// Placeholder until the engine's own table lands: the generic per-cycle
// energy of the configured array and no area.
CostItem engineCostRram(const PlatformConfig& p) {
    CostItem item;
    item.component = "rram_engine";
    item.peak_power_w = p.energy.core_pj_per_cycle * 1e-12 * p.clockHz();
    return item;
}

}  // namespace hcm
