#include "datapath.hpp"

#include <algorithm>
#include <stdexcept>

namespace hcm {

const char* toString(OpClass op) {
    switch (op) {
        case OpClass::Fp32: return "fp32 FMA";
        case OpClass::Int32: return "int32 IMAD";
        case OpClass::Int16x2: return "int16 2-way dp2a";
        case OpClass::Int8x4: return "int8 4-way dp4a";
        case OpClass::Int4x8: return "int4 8-way";
        case OpClass::Binary: return "XNOR+popcount";
        case OpClass::Fp16x2: return "fp16 2-way HFMA2";
    }
    return "?";
}

const char* toString(SmemLayout layout) {
    switch (layout) {
        case SmemLayout::Swizzled: return "swizzled";
        case SmemLayout::Padded: return "padded";
        case SmemLayout::Naive: return "naive";
    }
    return "?";
}

std::string Datapath::describe() const {
    std::string s = toString(op);
    if (widened)
        s += std::string(" (") + (fp ? "fp" : "") + "w" + std::to_string(wbits) + "a" + std::to_string(abits) +
             " widened to " + std::to_string(path_bits) + " bits)";
    return s;
}

Datapath chooseDatapath(const GpuSmParams& p, int abits, int wbits, bool fp) {
    if (abits < 1 || wbits < 1) throw std::invalid_argument("chooseDatapath: bits must be >= 1");
    const int need = std::max(abits, wbits);
    Datapath d;
    d.need_bits = need;
    d.abits = abits, d.wbits = wbits;
    d.fp = fp;
    if (fp) {
        // Half precision on HFMA2 where the GPU has it, else the fp32 FMA.
        d.op = need <= 16 && p.native[size_t(OpClass::Fp16x2)] ? OpClass::Fp16x2 : OpClass::Fp32;
    } else {
        // Narrowest native class that holds both operands; binary needs both
        // 1-bit; integers fall back to the int32 multiply-add.
        d.op = OpClass::Int32;
        for (OpClass c : {OpClass::Binary, OpClass::Int4x8, OpClass::Int8x4, OpClass::Int16x2}) {
            const bool fits = c == OpClass::Binary ? need == 1 : kOpClassBits[int(c)] >= need;
            if (fits && p.native[size_t(c)]) {
                d.op = c;
                break;
            }
        }
    }
    d.path_bits = kOpClassBits[int(d.op)];
    d.macs_per_op = kOpClassMacs[int(d.op)];
    d.rate = p.op_rate[size_t(d.op)];
    // An operand narrower than the path is unpacked to it: a 3-bit or a
    // 1-bit weight next to 8-bit activations has no path of its own.
    d.widened = abits != d.path_bits || wbits != d.path_bits;
    return d;
}

double gpuSmPeakMacsPerCycle(const GpuSmParams& p, const Datapath& d) {
    return double(p.sms * p.lanesPerSm()) * d.macsPerLaneCycle();
}

}  // namespace hcm
