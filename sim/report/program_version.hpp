#pragma once
// The program's version and the commit it was built from, as results record them.
#include <string>

namespace hcm {

std::string programVersionNumber();  // "0.1.0"
std::string programGitCommit();      // 40 hex digits, "-dirty" with uncommitted changes, or "unknown"
std::string programVersion();        // "hcmsim 0.1.0 (commit ...)"

}  // namespace hcm
