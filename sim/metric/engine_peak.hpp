#pragma once
// Peak compute of each engine kind at a layer's precision: how many MACs a
// cycle the engine can do at best, and through which datapath. This is the
// "roof" of the HCM roofline; the simulation measures what is attained.
#include <string>

#include "sim/config/platform_config.hpp"
#include "workloads/layer.hpp"

namespace hcm {

struct EnginePeak {
    double macs_per_cycle = 0;   // at the layer's (b_w, b_a)
    std::string datapath;        // e.g. "8b MAC, 2x2 packed", "XNOR+popcount", "16 bricks fused 4x4"
};

EnginePeak enginePeak(const PlatformConfig& platform, const Layer& layer);

// One per engine kind, each in peak_<kind>.cpp.
EnginePeak peakBitParallel(const PlatformConfig& platform, const Layer& layer);
EnginePeak peakBitSerial(const PlatformConfig& platform, const Layer& layer);
EnginePeak peakBitFusion(const PlatformConfig& platform, const Layer& layer);
EnginePeak peakRram(const PlatformConfig& platform, const Layer& layer);
EnginePeak peakGpuSm(const PlatformConfig& platform, const Layer& layer);

}  // namespace hcm
