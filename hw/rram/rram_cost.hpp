#pragma once
// Area, peak power and per-event energy of an RRAM accelerator from its
// component table (rram_params.hpp). The roll-up counts each component as
// many times as the architecture has it: ADCs per IMA, one DAC per crossbar
// row and one sample-and-hold per column of every crossbar of an IMA, the
// crossbars, the IMA's other units as the table gives them; per tile its IMAs,
// the eDRAM, bus and digital units and 1/tiles_per_router of a router; per
// chip its tiles plus io_links HyperTransport links.
//
// With ISAAC's defaults: IMA 24.08 mW / 0.01312 mm², tile 329.8 mW /
// 0.3723 mm², 168 tiles 55.41 W / 62.54 mm² (ISAAC: 330 mW, 0.372 mm²,
// 55.4 W, 62.5 mm²); with 4 HyperTransport links 65.81 W / 85.42 mm².
#include <string>
#include <vector>

#include "rram_params.hpp"

namespace hcm {

struct RramCostLine {
    std::string component;
    std::string level;      // "ima", "tile" or "chip"
    double count = 0;       // units per IMA / tile / chip
    double power_mw = 0;    // of those units together
    double area_mm2 = 0;
};

struct RramRollup {
    std::vector<RramCostLine> lines;
    double ima_power_mw = 0, ima_area_mm2 = 0;
    double tile_power_mw = 0, tile_area_mm2 = 0;    // including its share of a router
    double tiles_power_w = 0, tiles_area_mm2 = 0;   // all tiles
    double io_power_w = 0, io_area_mm2 = 0;         // HyperTransport links
    double chip_power_w = 0, chip_area_mm2 = 0;     // tiles + io
};

RramRollup rramRollup(const RramParams& params);

// Energy of one event, in pJ, for an analog read cycle of `cycle_ns`.
struct RramEventEnergy {
    double adc_conversion_pj = 0;      // at the ADC's full resolution
    double dac_row_read_pj = 0;        // one DAC driving one row for one read
    double sample_hold_pj = 0;         // one column sampled for one read
    double crossbar_read_pj = 0;       // one crossbar for one read
    double ima_digital_read_pj = 0;    // shift-and-add + registers of one IMA for one read cycle
    double tile_digital_read_pj = 0;   // sigmoid, shift-and-add, max-pool, output register of one tile per read cycle
    double edram_pj_per_bit = 0;       // eDRAM read or write
    double ima_bus_pj_per_bit = 0;     // eDRAM-to-IMA bus
    double router_pj_per_bit_hop = 0;
    double cell_write_pj = 0;
};

RramEventEnergy rramEventEnergy(const RramParams& params, double cycle_ns);

}  // namespace hcm
