#include "hw/rram/rram_cost.hpp"
#include "platform_cost.hpp"

namespace hcm {

// The chip from ISAAC's component table (hw/rram/rram_cost.hpp): every tile
// (its IMAs, eDRAM, bus, digital units, a share of a router) plus
// compute.rram.io_links HyperTransport links (0 by default: the platform's
// own DRAM interface is the chip's I/O). Defaults: 55.41 W, 62.54 mm²; with
// io_links: 4, 65.81 W, 85.42 mm² (ISAAC: 65.8 W, 85.4 mm²). The platform adds
// its buffers, interconnect and DRAM (platform_cost.cpp).
CostItem engineCostRram(const PlatformConfig& p) {
    const RramRollup r = rramRollup(p.compute.rram);
    CostItem item;
    item.component = "rram_engine";
    item.area_mm2 = r.chip_area_mm2;
    item.peak_power_w = r.chip_power_w;
    return item;
}

}  // namespace hcm
