#pragma once
// Parameters of an ISAAC-style RRAM crossbar accelerator (Shafiee et al.,
// ISCA 2016): crossbars of multi-level cells grouped into IMAs (in-situ
// multiply-accumulate units: crossbars, DACs, sample-and-holds, shared ADCs,
// shift-and-add units, input/output registers), IMAs into tiles (eDRAM
// buffer, eDRAM-to-IMA bus, digital units), tiles into a chip connected by a
// concentrated mesh of routers (one router per `tiles_per_router` tiles).
//
// The component table holds the published power and area of each component
// (ISAAC Table I, 32 nm, 1.2 GHz digital logic) as rows "count units together
// draw power_mw and take area_mm2"; the architecture's own counts scale the
// rows (e.g. adcs_per_ima ADCs per IMA). Energy of an event is power x the
// time the unit is active, or power / throughput for per-bit units.
#include <cstdint>

namespace hcm {

// `count` units together: power and area as published.
struct RramComponent {
    double count = 1;
    double power_mw = 0;
    double area_mm2 = 0;

    double unitPowerMw() const { return count > 0 ? power_mw / count : 0.0; }
    double unitAreaMm2() const { return count > 0 ? area_mm2 / count : 0.0; }
};

// ISAAC Table I. Per IMA: adc .. ima_output_register; per tile: edram ..
// tile_output_register; router: one router (shared by tiles_per_router
// tiles); hyper_transport: the chip's off-chip links.
struct RramComponentTable {
    RramComponent adc{8, 16.0, 0.0096};             // 8-bit SAR ADC, 1.2 GS/s
    RramComponent dac{8 * 128, 4.0, 0.00017};       // 1-bit DACs, one per crossbar row
    RramComponent sample_hold{8 * 128, 0.01, 0.00004};  // one per crossbar column
    RramComponent crossbar{8, 2.4, 0.0002};         // 128x128, 2 bits per cell
    RramComponent ima_shift_add{4, 0.2, 0.00024};
    RramComponent input_register{1, 1.24, 0.0021};  // 2 KB
    RramComponent ima_output_register{1, 0.23, 0.00077};  // 256 B
    RramComponent edram{1, 20.7, 0.083};            // 64 KB, 4 banks, 256-bit bus
    RramComponent edram_bus{1, 7.0, 0.090};         // eDRAM-to-IMA bus, 384 wires
    RramComponent router{1, 42.0, 0.151};           // per router
    RramComponent sigmoid{2, 0.52, 0.0006};
    RramComponent tile_shift_add{1, 0.05, 0.00006};
    RramComponent max_pool{1, 0.4, 0.00024};
    RramComponent tile_output_register{1, 1.68, 0.0032};  // 3 KB
    RramComponent hyper_transport{4, 10400.0, 22.88};     // 4 links, 6.4 GB/s each
    double adc_gsps = 1.2;     // sample rate at which the ADC power was given
    double clock_mhz = 1200;   // clock of the digital units (per-bit energies)
};

enum class RramWeightEncoding {
    Offset,        // weights stored biased (w + 2^(b-1)); the bias term is removed digitally
                   // (ISAAC), plus `offset_columns` reference columns per crossbar if set
    Differential,  // a positive and a negative column per weight slice
};

enum class RramReplication {
    None,      // one copy of every layer
    Balanced,  // spare crossbars hold extra copies where they save the most time
};

struct RramParams {
    // Crossbar and hierarchy (ISAAC defaults).
    int64_t crossbar_rows = 128, crossbar_cols = 128;
    int cell_bits = 2;
    int64_t crossbars_per_ima = 8, imas_per_tile = 12, tiles = 168;
    // Converters and the analog read.
    int adc_bits = 8;
    int64_t adcs_per_ima = 8;
    double adc_gsps = 1.28;          // conversions per ns per ADC at adc_bits
    int dac_bits = 1;                // input bits applied per read
    double read_latency_ns = 100;    // one crossbar read
    bool adc_flip_encoding = true;   // ISAAC's weight flipping: one ADC bit fewer
    // Signed weights.
    RramWeightEncoding encoding = RramWeightEncoding::Offset;
    int64_t offset_columns = 0;      // reference columns per crossbar (offset encoding)
    RramReplication replication = RramReplication::Balanced;
    // Most copies of one layer (0: no limit). A copy handles one pixel of
    // each pixel group, so the controller's smallest tile is `copies` pixels.
    int64_t max_copies = 0;
    // Programming (ISAAC never reprograms; these are assumptions, see docs/rram.md).
    double write_latency_ns = 500;          // one crossbar row, program-and-verify
    double write_energy_pj_per_cell = 10;
    double endurance_writes = 1e6;          // writes a cell survives
    // Tile and chip.
    int64_t edram_kib = 64, edram_banks = 4, edram_bus_bits = 256;
    int64_t ima_bus_bits = 384;             // eDRAM-to-IMA bus wires
    int64_t tiles_per_router = 4;
    int64_t router_width_bits = 32;         // flit: bits a router port moves per cycle
    int64_t router_ports = 8;               // the router's power is for all of them busy
    int64_t router_latency_cycles = 2;      // per hop
    int64_t io_links = 0;                   // HyperTransport links counted in area/power
    RramComponentTable table;

    int64_t crossbars() const { return crossbars_per_ima * imas_per_tile * tiles; }
    int64_t crossbarsPerTile() const { return crossbars_per_ima * imas_per_tile; }
    int64_t routers() const { return (tiles + tiles_per_router - 1) / tiles_per_router; }
};

const char* toString(RramWeightEncoding e);
const char* toString(RramReplication r);

}  // namespace hcm
