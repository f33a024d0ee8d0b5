#include "memory_timing_factory.hpp"

#include "characterization_cache.hpp"
#include "characterized_memory_timing.hpp"

namespace hcm {

std::unique_ptr<MemoryTiming> memoryTimingFor(const PlatformConfig& platform) {
    return std::make_unique<CharacterizedMemoryTiming>(characterize(platform));
}

}  // namespace hcm
