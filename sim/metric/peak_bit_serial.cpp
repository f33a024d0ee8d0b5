#include <string>

#include "engine_peak.hpp"

namespace hcm {

// The engine's own law (hw/bit_serial/serial_law.hpp), so this roof equals
// the simulated engine's FoldSpace peak.
EnginePeak peakBitSerial(const PlatformConfig& p, const Layer& L) {
    const BitSerialParams params = bitSerialParams(p.compute.bit_serial);
    const bool fc = L.op == LayerOp::FC;
    EnginePeak e;
    e.macs_per_cycle = bitSerialPeakMacsPerCycle(params, L.prec.abits, L.prec.wbits, fc);
    if (params.mode == SerialMode::BinaryMatrix) {
        e.datapath = "binary matrix, " + std::to_string(binaryPasses(L.prec.abits, L.prec.wbits)) + " passes";
        return e;
    }
    const SerialLaw law = serialLaw(params, L.prec.abits, L.prec.wbits, fc);
    e.datapath = std::string(params.mode == SerialMode::Activations ? "serial activations" : "serial both") +
                 (fc ? " (fc: activations parallel)" : "") + ", " + std::to_string(law.steps_per_mac) +
                 " cycles/MAC";
    return e;
}

}  // namespace hcm
