#pragma once
// SCALE-Sim v2 hardware configs (`--hw scale.cfg`): the INI file SCALE-Sim
// reads (scalesim/scale_config.py) translated into the hardware YAML of the
// matching hcmsim platform -- a bit_parallel systolic array of the same size
// and dataflow, the three scratchpads at SCALE-Sim's sizes, the interface
// bandwidth when the config fixes it (InterfaceBandwidth: USER) -- and the
// rest as the default platform has it (docs/scalesim.md lists the mapping).
#include <string>

namespace hcm {

// The YAML document for the config in `path`. A malformed line, a missing or
// invalid value or an unknown key is an InputError naming file, line and key.
std::string scaleSimConfigToYaml(const std::string& path);
// The same for the config's text; `name` is the file errors name.
std::string scaleSimConfigTextToYaml(const std::string& text, const std::string& name);

}  // namespace hcm
