#pragma once
// Config of the `rram` compute engine (the `compute:` section with
// kind: rram). Every field, its unit and default: docs/formats.md.
#include <cstdint>
#include <string>

namespace hcm {

class YamlMap;

// ISAAC-style RRAM crossbar accelerator.
struct RramConfig {
    int64_t crossbar_rows = 128, crossbar_cols = 128;
    int cell_bits = 2;
    int64_t crossbars_per_ima = 8, imas_per_tile = 12, tiles = 168;
    int adc_bits = 8;
    int64_t adcs_per_ima = 8;
    double adc_gsps = 1.28;        // conversions per ns per ADC
    int dac_bits = 1;
    double read_latency_ns = 100;  // one crossbar read (all columns converted)
    std::string weight_encoding = "offset";  // offset | differential
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
RramConfig readRram(YamlMap& compute);

}  // namespace hcm
