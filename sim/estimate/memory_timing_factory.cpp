#include "memory_timing_factory.hpp"

#include "peak_memory_timing.hpp"

namespace hcm {

std::unique_ptr<MemoryTiming> memoryTimingFor(const PlatformConfig& platform) {
    return std::make_unique<PeakMemoryTiming>(platform.dram, platform.clock_mhz);
}

}  // namespace hcm
