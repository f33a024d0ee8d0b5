#pragma once
// Which SIMT datapath (op class) a layer's precision runs on. Both operands
// must fit the path's width: integer layers with both operands binary (±1)
// use XNOR + popcount on 32-bit words, 2..4 bits the int4 8-way path, 5..8
// the int8 4-way dot product, 9..16 the int16 2-way one, 17..32 the int32
// multiply-add; floating-point layers (unquantized networks) run fp16 on the
// HFMA2 path and fp32 on the FMA.
// A width without a native path (a 2-bit layer; int4 on a GPU without it)
// runs on the next wider native one: `widened` says so, and the operands,
// packed at their own width in memory and shared memory, are unpacked to the
// path's width in registers. Shared by the engine and `hcmsim estimate`, so
// both use the same roof.
#include <string>

#include "gpu_sm_params.hpp"

namespace hcm {

struct Datapath {
    OpClass op = OpClass::Fp32;
    int path_bits = 32;           // width of the packed operands a lane op takes
    int need_bits = 32;           // max(abits, wbits) (1 only when both are 1)
    int abits = 32, wbits = 32;
    bool fp = false;              // floating-point operands
    int64_t macs_per_op = 1;      // products per lane op
    double rate = 1;              // lane ops per lane per cycle
    bool widened = false;         // an operand is narrower than the path: no native path for the pair
    int64_t elemsPerWord() const { return 32 / path_bits; }
    double macsPerLaneCycle() const { return double(macs_per_op) * rate; }
    // "int8 4-way dp4a" or "int4 8-way (w2a2 widened to 4 bits)".
    std::string describe() const;
};

// Throws std::invalid_argument for bits < 1.
Datapath chooseDatapath(const GpuSmParams& p, int abits, int wbits, bool fp = false);

// sms x subpartitions x lanes x rate x MACs per lane op.
double gpuSmPeakMacsPerCycle(const GpuSmParams& p, const Datapath& d);

}  // namespace hcm
