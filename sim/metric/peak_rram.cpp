#include <algorithm>
#include <cmath>

#include "engine_peak.hpp"

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// ISAAC: every crossbar read performs rows x (cols / slices) MACs for one input
// bit slice; a read lasts max(read latency, ADC time for the IMA's columns).
EnginePeak rram(const RramConfig& c, const Precision& p, double clockMhz) {
    const int64_t slices = ceilDiv(p.wbits, c.cell_bits);
    const int64_t weightsPerRow = std::max<int64_t>(1, c.crossbar_cols / slices);
    const int64_t inputSteps = ceilDiv(p.abits, c.dac_bits);
    const double adcNs = double(c.crossbars_per_ima * c.crossbar_cols) / (double(c.adcs_per_ima) * c.adc_gsps);
    const double readNs = std::max(c.read_latency_ns, adcNs);
    const double crossbars = double(c.crossbars_per_ima * c.imas_per_tile * c.tiles);
    const double macsPerNs = crossbars * double(c.crossbar_rows * weightsPerRow) / (double(inputSteps) * readNs);
    EnginePeak e;
    e.macs_per_cycle = macsPerNs * 1000.0 / clockMhz;
    e.datapath = std::to_string(slices) + " slices x " + std::to_string(inputSteps) + " input steps";
    return e;
}

}  // namespace

EnginePeak peakRram(const PlatformConfig& p, const Layer& L) { return rram(p.compute.rram, L.prec, p.clock_mhz); }

}  // namespace hcm
