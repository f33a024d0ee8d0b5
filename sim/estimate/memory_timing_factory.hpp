#pragma once
// The memory timing the engine-aware estimator uses for a platform.
#include <memory>

#include "memory_timing.hpp"
#include "sim/config/platform_config.hpp"

namespace hcm {

std::unique_ptr<MemoryTiming> memoryTimingFor(const PlatformConfig& platform);

}  // namespace hcm
