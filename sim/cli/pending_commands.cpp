// TEMPORARY during bring-up: commands whose implementation has not landed yet.
// Each is removed from here when its real file arrives.
#include <iostream>

#include "commands.hpp"

namespace hcm::cli {
int runSimulation(const Args&) { std::cerr << "run: not built yet\n"; return kExitInternal; }
int runDram(const Args&) { std::cerr << "dram: not built yet\n"; return kExitInternal; }
}  // namespace hcm::cli
