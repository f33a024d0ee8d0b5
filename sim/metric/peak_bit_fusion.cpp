#include <string>

#include "engine_peak.hpp"

namespace hcm {

// The engine's own law (hw/bit_fusion/fusion_law.hpp): rows·cols·f / passes.
EnginePeak peakBitFusion(const PlatformConfig& p, const Layer& L) {
    const BitFusionParams params = bitFusionParams(p.compute.bit_fusion);
    const FusionLaw law = fusionLaw(params, L.prec.abits, L.prec.wbits);
    EnginePeak e;
    e.macs_per_cycle = bitFusionPeakMacsPerCycle(params, L.prec.abits, L.prec.wbits);
    e.datapath = "fusion " + std::to_string(law.fa) + "x" + std::to_string(law.fw) + " products/unit";
    if (law.passes > 1) e.datapath += ", " + std::to_string(law.passes) + " passes";
    return e;
}

}  // namespace hcm
