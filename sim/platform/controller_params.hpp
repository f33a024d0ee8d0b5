#pragma once
// The layer controller's parameters derived from a platform config: buffer
// budgets (one half of each double-buffered buffer), the planner's memory
// model and the DRAM capacity. Shared by the platform and by estimators that
// reuse the controller's tile planner.
#include <systemc>

#include "hw/controller/layer_controller.hpp"
#include "sim/config/platform_config.hpp"

namespace hcm {

// Capacity of every buffer under --ideal-memory.
constexpr int64_t kIdealBufferCapacity = int64_t(1) << 46;

ControllerParams controllerParamsFor(const PlatformConfig& config, bool idealMemory, sc_core::sc_time clock);

}  // namespace hcm
