#pragma once
// Reads the `dram:` section of a hardware config into DramParams.
#include "hw/dram/dram_params.hpp"
#include "sim/common/yaml_reader.hpp"

namespace hcm {
DramParams readDramParams(YamlMap& dram);
}  // namespace hcm
