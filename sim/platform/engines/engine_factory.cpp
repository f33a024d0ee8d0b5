#include "engine_factory.hpp"

#include "sim/common/input_error.hpp"

namespace hcm {

std::unique_ptr<ComputeEngine> makeComputeEngine(const PlatformConfig& c, sc_core::sc_time clock) {
    switch (c.compute.kind) {
        case EngineKind::BitParallel: return makeBitParallelEngine(c, clock);
        case EngineKind::BitSerial: return makeBitSerialEngine(c, clock);
        case EngineKind::BitFusion: return makeBitFusionEngine(c, clock);
        case EngineKind::Rram: return makeRramEngine(c, clock);
        case EngineKind::GpuSm: return makeGpuSmEngine(c, clock);
    }
    engineNotSimulated(c);
}

void engineNotSimulated(const PlatformConfig& c) {
    throwInputError({c.source, 0, 0}, "compute.kind",
                    std::string(toString(c.compute.kind)) +
                        " has no simulation model yet; `hcmsim estimate` evaluates it analytically");
}

}  // namespace hcm
