#include "layer.hpp"

#include <algorithm>

namespace hcm {

const char* toString(LayerOp op) {
    switch (op) {
        case LayerOp::Conv: return "conv";
        case LayerOp::FC: return "fc";
        case LayerOp::Pool: return "pool";
        case LayerOp::Add: return "add";
        case LayerOp::Eltwise: return "eltwise";
    }
    return "?";
}

EltwiseDefaults eltwiseDefaults(const std::string& fn) {
    // Lane operations per element, counted as a vector unit computes them:
    // a product or sum is one; a channel scale (squeeze-excitation) one; the
    // normalizations read their row twice (statistics, then the result):
    // LayerNorm mean, variance, subtract, scale, shift; Softmax max, exp,
    // sum, divide; GELU's tanh form about 8; a sigmoid (SiLU gate) 4.
    if (fn == "mul" || fn == "add" || fn == "sub" || fn == "div" || fn == "max" || fn == "min") return {2, false, 1};
    if (fn == "scale") return {1, true, 1};
    if (fn == "layernorm") return {1, false, 5};
    if (fn == "softmax") return {1, false, 4};
    if (fn == "gelu") return {1, false, 8};
    if (fn == "sigmoid" || fn == "silu" || fn == "swish" || fn == "hardswish" || fn == "tanh") return {1, false, 4};
    return {1, false, 1};
}

namespace {
int64_t outputSize(int64_t in, int64_t padBegin, int64_t padEnd, int64_t kernel, int64_t dilation, int64_t stride,
                   bool ceilMode) {
    const int64_t span = in + padBegin + padEnd - dilation * (kernel - 1) - 1;
    if (span < 0) return 0;
    if (ceilMode) return (span + stride - 1) / stride + 1;
    return span / stride + 1;
}
}  // namespace

int64_t Layer::p() const {
    if (op == LayerOp::FC || op == LayerOp::Add || op == LayerOp::Eltwise) return h;
    return outputSize(h, pad_top, pad_bottom, r, dil_h, stride_h, ceil_mode);
}

int64_t Layer::q() const {
    if (op == LayerOp::FC || op == LayerOp::Add || op == LayerOp::Eltwise) return w;
    return outputSize(w, pad_left, pad_right, s, dil_w, stride_w, ceil_mode);
}

int64_t Layer::reductionSize() const {
    switch (op) {
        case LayerOp::Conv: return (c / groups) * r * s;
        case LayerOp::FC: return c / groups;
        case LayerOp::Pool: return r * s;
        case LayerOp::Add: return add_inputs;
        case LayerOp::Eltwise: return add_inputs;
    }
    return 0;
}

int64_t Layer::macs() const {
    if (!hasWeights()) return 0;
    return n * p() * q() * k * reductionSize();
}

int64_t Layer::weights() const {
    if (!hasWeights()) return 0;
    return k * reductionSize();
}

int64_t Layer::params() const {
    if (!hasWeights()) return 0;
    return (runtime_weights ? 0 : weights()) + (bias ? k : 0) + (batchnorm ? 2 * k : 0);
}

int64_t Layer::inputElements() const {
    const int64_t one = n * c * h * w;
    if (op == LayerOp::Add) return one * add_inputs;
    if (op == LayerOp::Eltwise) return one * add_inputs + n * side_elements;
    return one;
}

int64_t Layer::outputElements() const {
    const int64_t channels = hasWeights() ? k : c;
    return n * channels * p() * q();
}

int64_t Layer::vectorOps() const {
    switch (op) {
        case LayerOp::Conv:
        case LayerOp::FC: return 0;
        case LayerOp::Pool: return outputElements() * r * s;
        case LayerOp::Add: return outputElements() * (add_inputs - 1);
        case LayerOp::Eltwise: return outputElements() * ops_per_element;
    }
    return 0;
}

void validateLayer(const Layer& L) {
    const std::string key = L.name.empty() ? "layer" : "layer '" + L.name + "'";
    auto bad = [&](const std::string& msg) { throwInputError(L.where, key, msg); };
    if (L.n < 1 || L.c < 1 || L.h < 1 || L.w < 1 || L.k < 1 || L.r < 1 || L.s < 1) bad("all sizes must be >= 1");
    if (L.stride_h < 1 || L.stride_w < 1) bad("stride must be >= 1");
    if (L.dil_h < 1 || L.dil_w < 1) bad("dilation must be >= 1");
    if (L.pad_top < 0 || L.pad_left < 0 || L.pad_bottom < 0 || L.pad_right < 0) bad("padding must be >= 0");
    if (L.groups < 1) bad("groups must be >= 1");
    if (L.op == LayerOp::Pool || L.op == LayerOp::Add || L.op == LayerOp::Eltwise) {
        if (L.groups != 1) bad("groups apply to conv and fc layers only");
    }
    if (L.hasWeights()) {
        if (L.c % L.groups != 0)
            bad("input channels " + std::to_string(L.c) + " are not divisible by groups " + std::to_string(L.groups));
        if (L.k % L.groups != 0)
            bad("output channels " + std::to_string(L.k) + " are not divisible by groups " +
                std::to_string(L.groups));
    }
    if (L.op == LayerOp::Add && L.add_inputs < 2) bad("add needs at least 2 inputs");
    if (L.op == LayerOp::Eltwise) {
        if (L.add_inputs < 1) bad("eltwise needs at least 1 full-size input");
        if (L.side_elements < 0) bad("side elements must be >= 0");
        if (L.ops_per_element < 1) bad("ops per element must be >= 1");
    }
    if (L.runtime_weights && !L.hasWeights()) bad("runtime weights apply to conv and fc layers only");
    if (L.p() < 1 || L.q() < 1)
        bad("kernel " + std::to_string(L.r) + "x" + std::to_string(L.s) + " does not fit the padded input " +
            std::to_string(L.h) + "x" + std::to_string(L.w) + " (output would be empty)");
    // Every count below is an int64 product of sizes; past 2^48 elements (a
    // tensor of 256 TiB at 8 bits) the products that follow would overflow.
    // Checked in floating point so the check itself cannot wrap.
    {
        const long double n = L.n, c = L.c, h = L.h, w = L.w, k = L.k, rs = (long double)L.r * L.s;
        const long double outHW = (long double)L.p() * L.q();
        const long double inputs = n * c * h * w * std::max<long double>(L.add_inputs, 1) + n * L.side_elements;
        const long double outputs = n * std::max(k, c) * outHW;
        const long double work = outputs * std::max<long double>(c * rs, std::max<long double>(L.ops_per_element, L.add_inputs));
        constexpr long double kLimit = (long double)(int64_t(1) << 48);
        if (inputs > kLimit || outputs > kLimit || k * c * rs > kLimit || work > kLimit * 16)
            bad("tensor or operation count beyond the simulator's limit (2^48 elements, 2^52 operations per layer; "
                "docs/limits.md)");
    }
    const Precision& p = L.prec;
    for (int b : {p.wbits, p.abits, p.obits})
        if (b < kMinBits || b > kMaxBits) bad("bit widths must be in 1..32");
    // Float operands are fp16 or fp32; the output may be quantized to any
    // width on its way out (an fp16 layer feeding an 8-bit one).
    if (p.fp && ((p.wbits != 16 && p.wbits != 32) || (p.abits != 16 && p.abits != 32)))
        bad("floating-point operands are fp16 or fp32: got " + p.str() +
            " (give weights and activations as fp16/fp32, or integers for an integer layer)");
}

}  // namespace hcm
