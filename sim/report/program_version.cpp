#include "program_version.hpp"

#include "hcmsim_git_commit.hpp"  // generated at build time (tools/cmake/git_commit.cmake)

#ifndef HCMSIM_VERSION
#define HCMSIM_VERSION "dev"
#endif

namespace hcm {

std::string programVersionNumber() { return HCMSIM_VERSION; }
std::string programGitCommit() { return HCMSIM_GIT_COMMIT; }
std::string programVersion() { return "hcmsim " + programVersionNumber() + " (commit " + programGitCommit() + ")"; }

}  // namespace hcm
