#include "engine_peak.hpp"
#include "hw/gpu_sm/datapath.hpp"

namespace hcm {

// GPU-like SM: lanes x rate x MACs per lane op of the narrowest native path
// that holds both operands (hw/gpu_sm/datapath.hpp, the engine's own rule).
EnginePeak peakGpuSm(const PlatformConfig& p, const Layer& L) {
    const GpuSmParams params = gpuSmParams(p.compute.gpu_sm, 0.0);
    const Datapath d = chooseDatapath(params, L.prec.abits, L.prec.wbits, L.prec.fp);
    EnginePeak e;
    e.macs_per_cycle = gpuSmPeakMacsPerCycle(params, d);
    e.datapath = d.describe();
    return e;
}

}  // namespace hcm
