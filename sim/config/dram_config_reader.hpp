#pragma once
// Reads the `dram:` section of a hardware config into DramParams:
//
//   dram:
//     preset: ddr4_2400            # required: ddr4_2400 | lpddr4_3200 | hbm2
//     channels: 2                  # organisation overrides (all optional):
//                                  #   channels ranks bankgroups banks_per_group rows columns
//                                  #   device_width_bits bus_width_bits burst_length
//     timing: {CL: 17, tRCD: 17}   # JEDEC names, memory-clock cycles; tCK_ns in ns
//     address_mapping: RoBaRaCoCh  # fields from the MSB: Ro Ba [Bg] Ra Co Ch
//     page_policy: open            # open | closed
//     queue_depth: 32              # requests per channel
//     refresh: true
//     energy: {act_pj: 3352}       # per-command pJ and background mW overrides
//
// Unknown keys, out-of-range values and inconsistent combinations (tRC <
// tRAS + tRP, bus width not a multiple of the device width, ...) are errors
// that name the key.
#include "hw/dram/dram_params.hpp"
#include "sim/common/yaml_reader.hpp"

namespace hcm {
DramParams readDramParams(YamlMap& dram);
}  // namespace hcm
