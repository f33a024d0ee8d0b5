#include "onnx_precision.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <deque>
#include <set>

#include "onnx_tensor_data.hpp"
#include "workloads/precision.hpp"

namespace hcm::onnximp {

namespace {
std::optional<int> maxOf(std::optional<int> a, std::optional<int> b) {
    if (!a) return b;
    if (!b) return a;
    return std::max(*a, *b);
}

// FINN data type names: INT4, UINT2, BIPOLAR, BINARY, TERNARY, FIXED<8,4>...
std::optional<int> finnTypeBits(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
    if (s == "BIPOLAR" || s == "BINARY") return 1;
    if (s == "TERNARY") return 2;
    size_t i = 0;
    while (i < s.size() && !std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == s.size()) return std::nullopt;
    return std::atoi(s.c_str() + i);
}
}  // namespace

std::optional<int> PrecisionTracer::checkedBits(int node, const std::string& input, const char* what) const {
    const auto v = g_.constantValues(input);
    if (!v || v->empty())
        g_.fail(node, std::string(what) + " input '" + input + "' is not a constant (bit widths must be fixed)");
    const double b = (*v)[0];
    for (double x : *v)
        if (x != b) g_.fail(node, std::string(what) + " varies across the tensor; hcmsim needs one bit width per tensor");
    if (b != std::floor(b) || b < kMinBits || b > kMaxBits)
        g_.fail(node, std::string(what) + " must be an integer in 1..32, got " + std::to_string(b));
    return static_cast<int>(b);
}

std::optional<int> PrecisionTracer::clipBits(const std::string& tensor) const {
    // Brevitas' QCDQ export stores narrow integers in int8 and clips them to
    // their range between QuantizeLinear and DequantizeLinear: [-8, 7] is 4 bits.
    const int p = g_.producer(tensor);
    if (p < 0 || g_.node(p).op_type() != "Clip") return std::nullopt;
    const auto& n = g_.node(p);
    std::optional<double> lo, hi;
    if (const auto* a = g_.attr(p, "min")) lo = a->f();  // opset < 11
    if (const auto* a = g_.attr(p, "max")) hi = a->f();
    auto constant = [&](int pos) -> std::optional<double> {
        if (pos >= n.input_size() || n.input(pos).empty()) return std::nullopt;
        const auto v = g_.constantValues(n.input(pos));
        if (!v || v->size() != 1) return std::nullopt;
        return (*v)[0];
    };
    if (!lo) lo = constant(1);
    if (!hi) hi = constant(2);
    if (!lo || !hi || *hi < *lo) return std::nullopt;
    const double levels = std::floor(*hi) - std::ceil(*lo) + 1;
    int bits = 1;
    while (bits < kMaxBits && std::ldexp(1.0, bits) < levels) ++bits;
    return bits;
}

std::optional<int> PrecisionTracer::inputTypeBits(int node, int pos) const {
    const auto& n = g_.node(node);
    if (pos < 0 || pos >= n.input_size() || n.input(pos).empty()) return std::nullopt;
    return quantizedTypeBits(g_.elemType(n.input(pos)));
}

std::optional<int> PrecisionTracer::quantizerBits(int i) const {
    const OpInfo* inf = g_.info(i);
    if (!inf) return std::nullopt;
    const auto& n = g_.node(i);
    const std::string& op = n.op_type();
    if (inf->cls == OpClass::Dequantizer) {
        if (auto b = clipBits(n.input(0))) return b;
        if (auto b = inputTypeBits(i, 0)) return b;
        const int p = g_.producer(n.input(0));
        return p >= 0 ? quantizerBits(p) : std::nullopt;
    }
    if (inf->cls != OpClass::Quantizer) return std::nullopt;
    if (op == "QuantizeLinear") {
        if (const int64_t t = g_.attrInt(i, "output_dtype", 0); t > 0) return quantizedTypeBits(static_cast<int>(t));
        if (auto b = inputTypeBits(i, 2)) return b;
        return 8;  // no zero point: uint8
    }
    if (op == "DynamicQuantizeLinear") return 8;  // always uint8
    if (op == "Quant" || op == "IntQuant") {
        if (n.input_size() < 4) g_.fail(i, "expected 4 inputs (X, scale, zeropt, bitwidth)");
        return checkedBits(i, n.input(3), "bitwidth");
    }
    if (op == "BipolarQuant") return 1;
    if (op == "Trunc") {
        // v1: X, scale, zeropt, in_bitwidth, out_bitwidth; v2 adds out_scale before out_bitwidth.
        if (n.input_size() < 5) g_.fail(i, "expected 5 or 6 inputs (..., out_bitwidth)");
        return checkedBits(i, n.input(n.input_size() >= 6 ? 5 : 4), "out_bitwidth");
    }
    if (op == "FloatQuant") {
        if (n.input_size() < 4) g_.fail(i, "expected inputs X, scale, exponent_bitwidth, mantissa_bitwidth, ...");
        const int e = *checkedBits(i, n.input(2), "exponent_bitwidth");
        const int m = *checkedBits(i, n.input(3), "mantissa_bitwidth");
        if (1 + e + m > kMaxBits) g_.fail(i, "1 + exponent + mantissa bits exceeds 32");
        return 1 + e + m;  // sign, exponent, mantissa
    }
    if (op == "MultiThreshold") {
        const std::string t = g_.attrString(i, "out_dtype", "");
        const auto b = finnTypeBits(t);
        if (!b || *b < kMinBits || *b > kMaxBits) g_.fail(i, "cannot read a bit width from out_dtype '" + t + "'");
        return b;
    }
    return std::nullopt;
}

std::optional<int> PrecisionTracer::activationBits(const std::string& tensor) const {
    std::string t = tensor;
    for (int guard = 0; guard <= g_.nodeCount(); ++guard) {
        if (auto b = quantizedTypeBits(g_.elemType(t))) return b;  // an integer tensor
        const int p = g_.producer(t);
        if (p < 0) return std::nullopt;
        const OpInfo* inf = g_.info(p);
        if (!inf) return std::nullopt;
        if (inf->cls == OpClass::Quantizer || inf->cls == OpClass::Dequantizer) return quantizerBits(p);
        if (!inf->preservesValues) return std::nullopt;
        const auto in = g_.stdInputs(p);
        if (in.empty() || in[0].empty()) return std::nullopt;
        if (inf->cls == OpClass::Concat) {
            std::optional<int> b;
            for (const auto& x : in)
                if (!x.empty() && !g_.isConstant(x)) b = maxOf(b, activationBits(x));
            return b;
        }
        t = in[0];
    }
    return std::nullopt;
}

std::optional<int> PrecisionTracer::weightBits(const std::string& tensor) const {
    std::string t = tensor;
    for (int guard = 0; guard <= g_.nodeCount(); ++guard) {
        const int p = g_.producer(t);
        if (p < 0 || g_.isConstant(t)) return quantizedTypeBits(g_.elemType(t));
        const OpInfo* inf = g_.info(p);
        if (!inf) return std::nullopt;
        if (inf->cls == OpClass::Quantizer || inf->cls == OpClass::Dequantizer) return quantizerBits(p);
        if (inf->cls != OpClass::Fold && inf->cls != OpClass::DataMovement) return std::nullopt;
        const auto in = g_.stdInputs(p);
        if (in.empty() || in[0].empty()) return std::nullopt;
        t = in[0];  // Transpose, Reshape, Cast, Identity on the weights
    }
    return std::nullopt;
}

std::optional<int> PrecisionTracer::outputBits(const std::string& tensor) const {
    std::optional<int> bits;
    std::set<std::string> seen{tensor};
    std::deque<std::string> todo{tensor};
    while (!todo.empty()) {
        const std::string t = todo.front();
        todo.pop_front();
        for (int c : g_.consumers(t)) {
            const OpInfo* inf = g_.info(c);
            if (!inf) continue;
            if (inf->cls == OpClass::Quantizer) {
                std::optional<int> b = quantizerBits(c);
                // QCDQ: a Clip after the QuantizeLinear narrows the stored range.
                for (int clip : g_.consumers(g_.node(c).output(0)))
                    if (const auto cb = clipBits(g_.node(clip).output(0)); cb && b && *cb < *b) b = cb;
                bits = maxOf(bits, b);
                continue;
            }
            bool fused = inf->cls == OpClass::Fold || inf->cls == OpClass::BatchNorm ||
                         inf->cls == OpClass::Normalization || inf->preservesValues;
            if (inf->cls == OpClass::Eltwise) {  // bias add / scaling by a constant
                fused = true;
                for (const auto& x : g_.stdInputs(c))
                    if (!x.empty() && x != t && !g_.isConstant(x)) fused = false;
            }
            if (!fused) continue;
            for (const auto& o : g_.node(c).output())
                if (!o.empty() && seen.insert(o).second) todo.push_back(o);
        }
    }
    return bits;
}

}  // namespace hcm::onnximp
