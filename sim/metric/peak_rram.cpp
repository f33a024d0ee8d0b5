#include "engine_peak.hpp"
#include "hw/rram/crossbar_mapping.hpp"

namespace hcm {

// ISAAC: every crossbar holds rows x filters_per_crossbar weights (b_w-bit
// weights over ceil(b_w / cell bits) columns, x2 differential, minus the
// offset reference columns) and does that many MACs per input vector, which
// takes ceil(b_a / DAC bits) reads of max(read latency, ADC time of a full
// IMA) each — with every crossbar of the chip busy.
EnginePeak peakRram(const PlatformConfig& p, const Layer& L) {
    GemmProblem g;
    g.m = 1, g.k = L.reductionSize();
    g.n = L.hasWeights() ? L.k / L.groups : 1;
    g.wbits = L.prec.wbits, g.abits = L.prec.abits;
    const RramParams& r = p.compute.rram;
    const CrossbarMapping m = mapOnCrossbars(r, g, r.crossbars());
    EnginePeak e;
    e.macs_per_cycle = chipPeakMacsPerNs(r, g) * 1000.0 / p.clock_mhz;
    if (!L.hasWeights()) {
        e.datapath = "tile max-pool / shift-and-add units";
        return e;
    }
    e.datapath = std::to_string(m.columns_per_weight) + " columns/weight, " + std::to_string(m.input_steps) +
                 " input steps, " + std::to_string(m.adc_bits_used) + "-bit ADC";
    return e;
}

}  // namespace hcm
