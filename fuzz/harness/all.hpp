#pragma once
// Every fuzz target by name: the name is its folder under fuzz/corpus and
// fuzz/regressions and its executable fuzz_<name>.
#include <vector>

#include "calibration.hpp"
#include "dram_trace.hpp"
#include "network_yaml.hpp"
#include "onnx.hpp"
#include "platform_config.hpp"
#include "quant_policy.hpp"
#include "scalesim_cfg.hpp"
#include "scalesim_csv.hpp"
#include "sensitivity.hpp"
#include "study.hpp"

namespace hcm::fuzz {

struct Target {
    const char* name;
    Outcome (*run)(const std::string& input);
};

inline const std::vector<Target>& allTargets() {
    static const std::vector<Target> targets = {
        {"platform_config", platformConfig}, {"network_yaml", networkYaml}, {"quant_policy", quantPolicy},
        {"scalesim_csv", scaleSimCsv},       {"onnx", onnxModel},           {"dram_trace", dramTrace},
        {"study", study},                    {"sensitivity", sensitivity},  {"calibration", calibration},
        {"scalesim_cfg", scaleSimCfg},
    };
    return targets;
}

}  // namespace hcm::fuzz
