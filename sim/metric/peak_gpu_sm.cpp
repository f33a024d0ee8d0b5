#include <algorithm>
#include <cmath>

#include "engine_peak.hpp"

namespace hcm {

namespace {


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

EnginePeak peakGpuSm(const PlatformConfig& p, const Layer& L) { return gpuSm(p.compute.gpu_sm, L.prec); }

}  // namespace hcm
