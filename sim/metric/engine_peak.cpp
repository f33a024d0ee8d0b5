#include "engine_peak.hpp"

#include <algorithm>
#include <cmath>

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Bit-parallel PE of native width P: ⌊P/b_a⌋·⌊P/b_w⌋ products a cycle when
// packing, one otherwise; wider operands take ⌈b/P⌉ passes each.
EnginePeak bitParallel(const BitParallelConfig& c, const Precision& p) {
    const int P = c.mac_bits;
    const int64_t pa = (c.pack && p.abits <= P) ? P / p.abits : 1;
    const int64_t pw = (c.pack && p.wbits <= P) ? P / p.wbits : 1;
    const int64_t passes = ceilDiv(p.abits, P) * ceilDiv(p.wbits, P);
    EnginePeak e;
    e.macs_per_cycle = double(c.rows * c.cols * pa * pw) / double(passes);
    e.datapath = std::to_string(P) + "b MAC";
    if (pa * pw > 1) e.datapath += ", " + std::to_string(pa) + "x" + std::to_string(pw) + " packed";
    if (passes > 1) e.datapath += ", " + std::to_string(passes) + " passes";
    return e;
}

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

// Bit Fusion: ⌊8/max(b,2)⌋ per operand for b <= 8; wider operands are
// assembled over ⌈b/8⌉ cycles each (spatio-temporal fusion).
double fusionFactor(int bits, int brick, int maxBits) {
    if (bits <= maxBits) return double(maxBits / std::max(bits, brick));
    return 1.0 / double(ceilDiv(bits, maxBits));
}

EnginePeak bitFusion(const BitFusionConfig& c, const Precision& p) {
    const double fa = fusionFactor(p.abits, c.brick_bits, c.max_bits);
    const double fw = fusionFactor(p.wbits, c.brick_bits, c.max_bits);
    EnginePeak e;
    e.macs_per_cycle = double(c.rows * c.cols) * fa * fw;
    e.datapath = "fusion " + std::to_string(p.abits) + "x" + std::to_string(p.wbits) + " bits";
    return e;
}

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

// GPU-like SM: lanes x MACs per lane per cycle of the narrowest packed path
// that holds both operands.
EnginePeak gpuSm(const GpuSmConfig& c, const Precision& p) {
    const int bits = std::max(p.abits, p.wbits);
    int perLane = 1;
    std::string path = "int32/fp32 FMA";
    if (bits == 1) {
        perLane = 32;
        path = "XNOR+popcount";
    } else if (bits <= 4) {
        perLane = 8;
        path = "int4 8-way";
    } else if (bits <= 8) {
        perLane = 4;
        path = "int8 4-way dp4a";
    } else if (bits <= 16) {
        perLane = 2;
        path = "int16 2-way";
    }
    EnginePeak e;
    e.macs_per_cycle = double(c.sms * c.subpartitions * c.lanes_per_subpartition * perLane);
    e.datapath = path;
    return e;
}

}  // namespace

EnginePeak enginePeak(const PlatformConfig& platform, const Layer& layer) {
    const ComputeConfig& c = platform.compute;
    switch (c.kind) {
        case EngineKind::BitParallel: return bitParallel(c.bit_parallel, layer.prec);
        case EngineKind::BitSerial: return bitSerial(c.bit_serial, layer);
        case EngineKind::BitFusion: return bitFusion(c.bit_fusion, layer.prec);
        case EngineKind::Rram: return rram(c.rram, layer.prec, platform.clock_mhz);
        case EngineKind::GpuSm: return gpuSm(c.gpu_sm, layer.prec);
    }
    return {};
}

}  // namespace hcm
