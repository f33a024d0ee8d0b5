#pragma once
// What a platform is, as provenance records name it: its settings (the
// resolved YAML document, flattened to "section.key = value" lines, name and
// description left out since they change no result) and a fingerprint of
// them. Two configs with the same fingerprint give the same results; where
// fingerprints differ, the differing keys say why.
#include <map>
#include <string>
#include <vector>

#include "platform_config.hpp"

namespace hcm {

// "dram.timing.tCK_ns" -> "0.833", sequences as key[0], key[1], ...
std::map<std::string, std::string> platformSettings(const std::string& resolvedYaml);
std::string platformFingerprint(const std::string& resolvedYaml);  // 16 hex digits
inline std::string platformFingerprint(const PlatformConfig& p) { return platformFingerprint(p.resolved_yaml); }

// "dram.refresh: true -> false", "buffers.weight.kib: (absent) -> 64", ...
// in key order; empty when the settings agree.
std::vector<std::string> settingDifferences(const std::string& fromYaml, const std::string& toYaml);

}  // namespace hcm
