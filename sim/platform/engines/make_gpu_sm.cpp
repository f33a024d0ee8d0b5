#include "engine_factory.hpp"
#include "hw/gpu_sm/gpu_sm_engine.hpp"

namespace hcm {

// The SMs of hw/gpu_sm; with a `cache:` section the L2's bandwidth also
// bounds how fast the CTAs' L1 misses are served.
std::unique_ptr<ComputeEngine> makeGpuSmEngine(const PlatformConfig& c, sc_core::sc_time clock) {
    const double l2 = c.cache.enabled ? c.cache.bytes_per_cycle : 0.0;
    return std::make_unique<GpuSmEngine>("gpu_sm", gpuSmParams(c.compute.gpu_sm, l2), clock);
}

}  // namespace hcm
