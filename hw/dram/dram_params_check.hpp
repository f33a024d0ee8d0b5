#pragma once
// Consistency checks of DramParams that a YAML range check cannot express
// (powers of two, cross-field JEDEC relations). Shared by the config reader,
// which reports the problem at the offending key, and the controller, which
// refuses to run on inconsistent parameters.
#include <optional>
#include <string>

#include "dram_params.hpp"

namespace hcm {

struct DramParamIssue {
    std::string key;      // path inside the dram section: "timing.tRC", "bus_width_bits", ...
    std::string message;
};

std::optional<DramParamIssue> checkDramParams(const DramParams& p);

// Throws InputError "dram.<key>: <message>" for the first issue found.
void validateDramParams(const DramParams& p);

}  // namespace hcm
