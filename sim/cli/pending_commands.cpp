// TEMPORARY during bring-up: commands whose implementation has not landed yet.
// Each is removed from here when its real file arrives.
#include <iostream>

#include "commands.hpp"

namespace hcm::cli {
}  // namespace hcm::cli
