#include <algorithm>
#include <cmath>

#include "engine_peak.hpp"

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

EnginePeak bitSerial(const BitSerialConfig& c, const Layer& L) {
    const Precision& p = L.prec;
    EnginePeak e;
    if (c.serial == "binary_matrix") {
        // BISMO: Dm·Dk·Dn binary products a cycle; a b_w x b_a product is b_w·b_a binary passes.
        e.macs_per_cycle = double(c.dm * c.dk * c.dn) / double(p.wbits * p.abits);
        e.datapath = "binary matrix " + std::to_string(p.wbits * p.abits) + " passes";
        return e;
    }
    const int64_t lanes = c.rows * c.cols;
    const int64_t aSteps = ceilDiv(p.abits, c.bits_per_cycle);
    if (c.serial == "activations") {
        // Stripes: activations serial, weights parallel up to parallel_bits.
        const int64_t wPasses = ceilDiv(p.wbits, c.parallel_bits);
        e.macs_per_cycle = double(lanes) / double(aSteps * wPasses);
        e.datapath = "serial activations, " + std::to_string(aSteps) + " cycles/MAC";
        return e;
    }
    // Loom: both serial in conv layers; fully connected layers serialise weights only.
    const int64_t wSteps = ceilDiv(p.wbits, c.bits_per_cycle);
    const int64_t steps = (L.op == LayerOp::FC) ? wSteps : aSteps * wSteps;
    e.macs_per_cycle = double(lanes) / double(steps);
    e.datapath = "serial both, " + std::to_string(steps) + " cycles/MAC";
    return e;
}

}  // namespace

EnginePeak peakBitSerial(const PlatformConfig& p, const Layer& L) { return bitSerial(p.compute.bit_serial, L); }

}  // namespace hcm
