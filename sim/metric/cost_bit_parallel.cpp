#include "platform_cost.hpp"

namespace hcm {

// rows x cols PEs of `area.pe_um2` each; at peak every PE does one native-width
// MAC a cycle (mac_pj) and the array burns core_pj_per_cycle.
CostItem engineCostBitParallel(const PlatformConfig& p) {
    const BitParallelConfig& c = p.compute.bit_parallel;
    const double pes = double(c.rows * c.cols);
    CostItem item;
    item.component = "pe_array";
    item.area_mm2 = pes * p.area.pe_um2 * 1e-6;
    item.peak_power_w = (pes * p.energy.mac_pj + p.energy.core_pj_per_cycle) * 1e-12 * p.clockHz();
    return item;
}

}  // namespace hcm
