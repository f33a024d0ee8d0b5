#include "engine_peak.hpp"

namespace hcm {

EnginePeak enginePeak(const PlatformConfig& platform, const Layer& layer) {
    switch (platform.compute.kind) {
        case EngineKind::BitParallel: return peakBitParallel(platform, layer);
        case EngineKind::BitSerial: return peakBitSerial(platform, layer);
        case EngineKind::BitFusion: return peakBitFusion(platform, layer);
        case EngineKind::Rram: return peakRram(platform, layer);
        case EngineKind::GpuSm: return peakGpuSm(platform, layer);
    }
    return {};
}

}  // namespace hcm
