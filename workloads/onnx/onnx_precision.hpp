#pragma once
// Bit widths from the graph, per tensor:
//   QuantizeLinear -> its zero point's type (int8/uint8 8, int4/uint4 4; uint8 when absent),
//   DequantizeLinear -> the type of its input, or the range of a Clip before it
//     (Brevitas QCDQ: int8 clipped to [-8, 7] is 4 bits), DynamicQuantizeLinear -> 8,
//   QONNX Quant/IntQuant -> its `bitwidth` input, BipolarQuant -> 1, Trunc -> its output
//   bit width, FloatQuant -> 1 + exponent + mantissa bits, MultiThreshold -> out_dtype,
//   integer tensors (QLinearConv/ConvInteger/MatMulInteger operands) -> their type.
// Float tensors with no quantizer say nothing: --wbits/--abits or a policy decide.
#include <optional>
#include <string>

#include "onnx_graph.hpp"

namespace hcm::onnximp {

class PrecisionTracer {
public:
    explicit PrecisionTracer(const OnnxGraph& g) : g_(g) {}

    // Bits of the output of node i if it is a quantizer or dequantizer.
    std::optional<int> quantizerBits(int node) const;
    // Bits of the element type of node input `pos` (QLinearConv's x, w, y_zero_point, ...).
    std::optional<int> inputTypeBits(int node, int pos) const;

    // Input activation: back from `tensor` through value-preserving operators
    // (reshapes, Relu, MaxPool, data movement) to the quantizer that made it.
    std::optional<int> activationBits(const std::string& tensor) const;
    // Weights: back from `tensor` along the constant path to a quantizer or an
    // integer initializer.
    std::optional<int> weightBits(const std::string& tensor) const;
    // Output activation: forward from a layer's output through what is folded
    // into the layer (activations, batch norm, bias, reshapes) to the quantizers
    // that store it; the widest if several.
    std::optional<int> outputBits(const std::string& tensor) const;

private:
    std::optional<int> checkedBits(int node, const std::string& input, const char* what) const;
    std::optional<int> clipBits(const std::string& tensor) const;

    const OnnxGraph& g_;
};

}  // namespace hcm::onnximp
