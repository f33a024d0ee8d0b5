#pragma once
// Datasheet-backed DRAM parameter sets. Every value in dram_presets.cpp cites
// the standard or datasheet it comes from.
#include <string>
#include <vector>

#include "dram_energy.hpp"
#include "dram_params.hpp"

namespace hcm {

// "ddr4_2400", "lpddr4_3200", "hbm2". Throws InputError for any other name
// (the message lists the valid ones).
DramParams dramPreset(const std::string& name);
std::vector<std::string> dramPresetNames();

// The datasheet currents a preset's energies are derived from (deriveEnergy).
DramCurrents dramPresetCurrents(const std::string& name);

}  // namespace hcm
