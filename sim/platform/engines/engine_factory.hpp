#pragma once
// Builds the compute engine a PlatformConfig describes. One maker per engine
// kind, each in its own file next to this one, so engine families plug in
// without touching the platform.
#include <memory>

#include "hw/common/compute_engine.hpp"
#include "sim/config/platform_config.hpp"

namespace hcm {

std::unique_ptr<ComputeEngine> makeComputeEngine(const PlatformConfig& config, sc_core::sc_time clock);

std::unique_ptr<ComputeEngine> makeBitParallelEngine(const PlatformConfig& config, sc_core::sc_time clock);
std::unique_ptr<ComputeEngine> makeBitSerialEngine(const PlatformConfig& config, sc_core::sc_time clock);
std::unique_ptr<ComputeEngine> makeBitFusionEngine(const PlatformConfig& config, sc_core::sc_time clock);
std::unique_ptr<ComputeEngine> makeRramEngine(const PlatformConfig& config, sc_core::sc_time clock);
std::unique_ptr<ComputeEngine> makeGpuSmEngine(const PlatformConfig& config, sc_core::sc_time clock);

// For engine kinds without a simulation model yet: a clear bad-input error.
[[noreturn]] void engineNotSimulated(const PlatformConfig& config);

}  // namespace hcm
