#include "platform_cost.hpp"

namespace hcm {

// Every 1-bit product slice of the lanes (bitSerialBitSlices) costs
// compute.bit_op_um2 of area; at peak each one forms a product every cycle at
// compute.bit_op_pj. The generic energy.core_pj_per_cycle adds on top.
CostItem engineCostBitSerial(const PlatformConfig& p) {
    const BitSerialConfig& c = p.compute.bit_serial;
    const double slices = double(bitSerialBitSlices(bitSerialParams(c)));
    CostItem item;
    item.component = "bit_serial_engine";
    item.area_mm2 = slices * c.bit_op_um2 * 1e-6;
    item.peak_power_w = (slices * c.bit_op_pj + p.energy.core_pj_per_cycle) * 1e-12 * p.clockHz();
    return item;
}

}  // namespace hcm
