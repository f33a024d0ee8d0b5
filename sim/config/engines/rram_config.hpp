#pragma once
// Config of the `rram` compute engine (the `compute:` section with
// kind: rram): the hardware model's own parameters (hw/rram/rram_params.hpp),
// ISAAC's configuration and component table by default. Every field, its
// unit and default: docs/formats.md and docs/rram.md.
#include "hw/rram/rram_params.hpp"

namespace hcm {

class YamlMap;

using RramConfig = RramParams;

// Reads the fields of this kind from `compute:` (the caller calls finish()).
RramConfig readRram(YamlMap& compute);

}  // namespace hcm
