#pragma once
// Where a result came from, recorded in the result itself (the "provenance"
// object of summary.json and of `estimate --format json`, the platform record
// of a calibration): the program and its commit, the command's arguments
// (output destinations left out: they change no number), the platform as
// resolved (file, overrides, the YAML after them, its fingerprint), the
// network and quantization policy with the hashes of their files, and the
// calibration applied. `hcmsim rerun` reproduces a result from this record.
#include <nlohmann/json.hpp>
#include <string>

#include "commands.hpp"
#include "common_options.hpp"

namespace hcm::cli {

struct ProvenanceInputs {
    Args args;                              // args[0]: the subcommand
    const PlatformConfig* platform = nullptr;
    const NetworkOptions* network = nullptr;
    std::string calibration;                // file, or empty
};

nlohmann::ordered_json provenanceJson(const ProvenanceInputs& in);

// Options whose values are where outputs go, not what is computed.
bool isOutputOption(const std::string& name);

}  // namespace hcm::cli
