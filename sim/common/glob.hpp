#pragma once
#include <string>

namespace hcm {
// Shell-style pattern match (*, ?, [...]) over the whole name.
bool globMatch(const std::string& pattern, const std::string& name);
}  // namespace hcm
