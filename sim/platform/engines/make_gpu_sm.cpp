#include "engine_factory.hpp"

namespace hcm {

// Replaced by the engine's maker when its simulation model lands.
std::unique_ptr<ComputeEngine> makeGpuSmEngine(const PlatformConfig& c, sc_core::sc_time) { engineNotSimulated(c); }

}  // namespace hcm
