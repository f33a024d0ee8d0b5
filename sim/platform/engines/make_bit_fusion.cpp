#include "engine_factory.hpp"
#include "hw/bit_fusion/bit_fusion_array.hpp"

namespace hcm {

std::unique_ptr<ComputeEngine> makeBitFusionEngine(const PlatformConfig& c, sc_core::sc_time clock) {
    return std::make_unique<BitFusionArray>("pe_array", bitFusionParams(c.compute.bit_fusion), clock);
}

}  // namespace hcm
