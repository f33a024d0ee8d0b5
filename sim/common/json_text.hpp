#pragma once
// Every JSON hcmsim writes goes through here: names come from user files, and
// nlohmann::json throws on invalid UTF-8 when dumping, so bad bytes are
// replaced (U+FFFD) instead of ending the run after the simulation is done.
#include <nlohmann/json.hpp>
#include <string>

namespace hcm {

// `indent` as nlohmann::json::dump: -1 compact, >= 0 pretty-printed.
inline std::string jsonText(const nlohmann::json& j, int indent = -1) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace hcm
