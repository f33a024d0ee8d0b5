#include "rram_cost.hpp"

namespace hcm {

const char* toString(RramWeightEncoding e) { return e == RramWeightEncoding::Offset ? "offset" : "differential"; }
const char* toString(RramReplication r) { return r == RramReplication::None ? "none" : "balanced"; }

RramRollup rramRollup(const RramParams& p) {
    const RramComponentTable& t = p.table;
    RramRollup r;
    auto add = [&](const char* name, const char* level, const RramComponent& c, double count) {
        r.lines.push_back({name, level, count, c.unitPowerMw() * count, c.unitAreaMm2() * count});
    };
    const double xbars = double(p.crossbars_per_ima);
    add("adc", "ima", t.adc, double(p.adcs_per_ima));
    add("dac", "ima", t.dac, xbars * double(p.crossbar_rows));
    add("sample_hold", "ima", t.sample_hold, xbars * double(p.crossbar_cols));
    add("crossbar", "ima", t.crossbar, xbars);
    add("ima_shift_add", "ima", t.ima_shift_add, t.ima_shift_add.count);
    add("input_register", "ima", t.input_register, t.input_register.count);
    add("ima_output_register", "ima", t.ima_output_register, t.ima_output_register.count);
    for (const auto& l : r.lines) r.ima_power_mw += l.power_mw, r.ima_area_mm2 += l.area_mm2;

    const size_t firstTile = r.lines.size();
    add("edram", "tile", t.edram, t.edram.count);
    add("edram_bus", "tile", t.edram_bus, t.edram_bus.count);
    add("router", "tile", t.router, t.router.count / double(p.tiles_per_router));
    add("sigmoid", "tile", t.sigmoid, t.sigmoid.count);
    add("tile_shift_add", "tile", t.tile_shift_add, t.tile_shift_add.count);
    add("max_pool", "tile", t.max_pool, t.max_pool.count);
    add("tile_output_register", "tile", t.tile_output_register, t.tile_output_register.count);
    r.tile_power_mw = r.ima_power_mw * double(p.imas_per_tile);
    r.tile_area_mm2 = r.ima_area_mm2 * double(p.imas_per_tile);
    for (size_t i = firstTile; i < r.lines.size(); ++i)
        r.tile_power_mw += r.lines[i].power_mw, r.tile_area_mm2 += r.lines[i].area_mm2;

    add("hyper_transport", "chip", t.hyper_transport, double(p.io_links));
    r.tiles_power_w = r.tile_power_mw * double(p.tiles) * 1e-3;
    r.tiles_area_mm2 = r.tile_area_mm2 * double(p.tiles);
    r.io_power_w = r.lines.back().power_mw * 1e-3;
    r.io_area_mm2 = r.lines.back().area_mm2;
    r.chip_power_w = r.tiles_power_w + r.io_power_w;
    r.chip_area_mm2 = r.tiles_area_mm2 + r.io_area_mm2;
    return r;
}

RramEventEnergy rramEventEnergy(const RramParams& p, double cycleNs) {
    const RramComponentTable& t = p.table;
    RramEventEnergy e;
    // mW x ns = pJ.
    e.adc_conversion_pj = t.adc_gsps > 0 ? t.adc.unitPowerMw() / t.adc_gsps : 0.0;
    e.dac_row_read_pj = t.dac.unitPowerMw() * cycleNs;
    e.sample_hold_pj = t.sample_hold.unitPowerMw() * cycleNs;
    e.crossbar_read_pj = t.crossbar.unitPowerMw() * cycleNs;
    e.ima_digital_read_pj =
        (t.ima_shift_add.power_mw + t.input_register.power_mw + t.ima_output_register.power_mw) * cycleNs;
    e.tile_digital_read_pj =
        (t.sigmoid.power_mw + t.tile_shift_add.power_mw + t.max_pool.power_mw + t.tile_output_register.power_mw) *
        cycleNs;
    // Per-bit units at full throughput: width bits every clock (mW / (bits x GHz) = pJ/bit).
    const double ghz = t.clock_mhz * 1e-3;
    e.edram_pj_per_bit = t.edram.unitPowerMw() / (double(p.edram_bus_bits) * ghz);
    e.ima_bus_pj_per_bit = t.edram_bus.unitPowerMw() / (double(p.ima_bus_bits) * ghz);
    e.router_pj_per_bit_hop = t.router.unitPowerMw() / (double(p.router_width_bits * p.router_ports) * ghz);
    e.cell_write_pj = p.write_energy_pj_per_cell;
    return e;
}

}  // namespace hcm
