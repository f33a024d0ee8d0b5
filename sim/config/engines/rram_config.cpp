#include "rram_config.hpp"

#include <optional>

#include "sim/common/yaml_reader.hpp"
#include "sim/config/config_limits.hpp"

namespace hcm {

namespace {

// One row of the component table: {count, power_mw, area_mm2}, each optional
// (a --set of one value keeps the others).
void readComponent(YamlMap& table, const char* key, RramComponent& c) {
    std::optional<YamlMap> m = table.getOptionalMap(key);
    if (!m) return;
    c.count = m->getDouble("count", c.count, 1e-9, 1e12);
    c.power_mw = m->getDouble("power_mw", c.power_mw, 0.0, 1e9);
    c.area_mm2 = m->getDouble("area_mm2", c.area_mm2, 0.0, 1e9);
    m->finish();
}

void readTable(YamlMap& m, RramComponentTable& t) {
    t.adc_gsps = m.getDouble("adc_gsps", t.adc_gsps, 1e-6, 1e3);
    t.clock_mhz = m.getDouble("clock_mhz", t.clock_mhz, 1e-3, 1e6);
    readComponent(m, "adc", t.adc);
    readComponent(m, "dac", t.dac);
    readComponent(m, "sample_hold", t.sample_hold);
    readComponent(m, "crossbar", t.crossbar);
    readComponent(m, "ima_shift_add", t.ima_shift_add);
    readComponent(m, "input_register", t.input_register);
    readComponent(m, "ima_output_register", t.ima_output_register);
    readComponent(m, "edram", t.edram);
    readComponent(m, "edram_bus", t.edram_bus);
    readComponent(m, "router", t.router);
    readComponent(m, "sigmoid", t.sigmoid);
    readComponent(m, "tile_shift_add", t.tile_shift_add);
    readComponent(m, "max_pool", t.max_pool);
    readComponent(m, "tile_output_register", t.tile_output_register);
    readComponent(m, "hyper_transport", t.hyper_transport);
    m.finish();
}

}  // namespace

RramConfig readRram(YamlMap& m) {
    RramConfig c;
    c.crossbar_rows = m.getInt("crossbar_rows", c.crossbar_rows, 1, 1 << 16);
    c.crossbar_cols = m.getInt("crossbar_cols", c.crossbar_cols, 1, 1 << 16);
    c.cell_bits = static_cast<int>(m.getInt("cell_bits", c.cell_bits, 1, 8));
    c.crossbars_per_ima = m.getInt("crossbars_per_ima", c.crossbars_per_ima, 1, kMaxConfigCount);
    c.imas_per_tile = m.getInt("imas_per_tile", c.imas_per_tile, 1, kMaxConfigCount);
    c.tiles = m.getInt("tiles", c.tiles, 1, 1 << 16);
    c.adc_bits = static_cast<int>(m.getInt("adc_bits", c.adc_bits, 1, 16));
    c.adcs_per_ima = m.getInt("adcs_per_ima", c.adcs_per_ima, 1, kMaxConfigCount);
    c.adc_gsps = m.getDouble("adc_gsps", c.adc_gsps, 1e-6, 1e3);
    c.dac_bits = static_cast<int>(m.getInt("dac_bits", c.dac_bits, 1, 8));
    c.read_latency_ns = m.getDouble("read_latency_ns", c.read_latency_ns, 1e-3, 1e6);
    c.adc_flip_encoding = m.getBool("adc_flip_encoding", c.adc_flip_encoding);
    c.encoding = m.getEnum("weight_encoding", "offset", {"offset", "differential"}) == "offset"
                     ? RramWeightEncoding::Offset
                     : RramWeightEncoding::Differential;
    c.offset_columns = m.getInt("offset_columns", c.offset_columns, 0, 1 << 16);
    c.replication = m.getEnum("replication", "balanced", {"none", "balanced"}) == "none" ? RramReplication::None
                                                                                       : RramReplication::Balanced;
    c.max_copies = m.getInt("max_copies", c.max_copies, 0, int64_t(1) << 40);
    c.write_latency_ns = m.getDouble("write_latency_ns", c.write_latency_ns, 0.0, 1e9);
    c.write_energy_pj_per_cell = m.getDouble("write_energy_pj_per_cell", c.write_energy_pj_per_cell, 0.0, 1e9);
    c.endurance_writes = m.getDouble("endurance_writes", c.endurance_writes, 1.0, 1e18);
    c.edram_kib = m.getInt("edram_kib", c.edram_kib, 1, 1 << 20);
    c.edram_banks = m.getInt("edram_banks", c.edram_banks, 1, 4096);
    c.edram_bus_bits = m.getInt("edram_bus_bits", c.edram_bus_bits, 1, 1 << 16);
    c.ima_bus_bits = m.getInt("ima_bus_bits", c.ima_bus_bits, 1, 1 << 16);
    c.tiles_per_router = m.getInt("tiles_per_router", c.tiles_per_router, 1, 1 << 16);
    c.router_width_bits = m.getInt("router_width_bits", c.router_width_bits, 1, 1 << 16);
    c.router_ports = m.getInt("router_ports", c.router_ports, 1, 1 << 10);
    c.router_latency_cycles = m.getInt("router_latency_cycles", c.router_latency_cycles, 0, 1 << 16);
    c.io_links = m.getInt("io_links", c.io_links, 0, 1 << 10);
    if (auto t = m.getOptionalMap("components")) readTable(*t, c.table);
    // Checks that need several fields.
    const int64_t columnsPerWeight = c.encoding == RramWeightEncoding::Differential ? 2 : 1;
    if (c.crossbar_cols - (c.encoding == RramWeightEncoding::Offset ? c.offset_columns : 0) < columnsPerWeight)
        m.fail("offset_columns", "leaves no crossbar column for weights");
    if (c.crossbars() > (int64_t(1) << 26)) m.fail("tiles", "more than 2^26 crossbars on a chip");
    return c;
}

}  // namespace hcm
