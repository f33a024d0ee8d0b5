#pragma once
// What hcmsim does with each ONNX operator. Quantized and vendor variants
// (QLinearConv, ConvInteger, QGemm, QLinearAdd, ...) are described as the
// standard operator they compute plus which of their inputs are its inputs,
// so the layer mapping handles one Conv, one Gemm, one Add, ...
#include <string>
#include <vector>

namespace hcm::onnximp {

enum class OpClass {
    Conv,           // conv layer
    Gemm,           // fc layer (Gemm semantics: transA/transB, 2-D)
    MatMul,         // fc layer (numpy matmul semantics)
    Pool,           // windowed pool layer (MaxPool, AveragePool, LpPool)
    GlobalPool,     // pool over the whole spatial extent
    Reduce,         // ReduceMean/Max/...: a global pool when it reduces H and W, else a copy
    Eltwise,        // n-ary element-wise: an add layer when >= 2 operands are activations, else folded
    Concat,         // memory-only copy layer (pool with a 1x1 window)
    Fold,           // activation functions, reshapes: no cost of their own
    BatchNorm,      // folded into the conv/fc that produces its input
    Normalization,  // LayerNormalization, InstanceNormalization, ...: an eltwise layer (onnx_fusion)
    Softmax,        // Softmax, LogSoftmax, Hardmax: an eltwise layer (onnx_fusion)
    Quantizer,      // gives its output tensor a bit width (QuantizeLinear, QONNX Quant, ...)
    Dequantizer,    // DequantizeLinear: its output carries the bits of its input
    DataMovement,   // Slice, Split, Gather, Transpose, Pad, Resize, ...: a view (folded) or a memory-only copy layer
    Metadata,       // Shape, Size: the output is not an activation
};

struct OpInfo {
    OpClass cls = OpClass::Fold;
    std::string stdOp;              // the standard operator it computes ("Conv" for QLinearConv)
    // Positions of the standard operator's inputs among the node's inputs.
    // Empty: the same as the node's. QLinearConcat's operands are every
    // `inputStride`-th input from inputs[0] on.
    std::vector<int> inputs;
    int inputStride = 0;
    // Node inputs whose element type gives activation / weight / output bits
    // (QLinearConv x, w, y_zero_point); -1: none.
    int aTypeInput = -1, wTypeInput = -1, oTypeInput = -1;
    bool defaultUint8Output = false;  // absent y_zero_point means uint8 (QLinear* ops)
    bool preservesValues = false;     // output values lie on the input's quantization grid
    bool standardDomain = true;       // ONNX shape inference knows it as it is
};

// nullptr if hcmsim does not know the operator (an error on activations).
const OpInfo* lookupOp(const std::string& domain, const std::string& opType);

// What to do about an operator hcmsim does not support (a hint for the error
// message), e.g. for Einsum, ConvTranspose, recurrent layers, control flow.
std::string unsupportedHint(const std::string& domain, const std::string& opType);

// The QONNX / FINN / Brevitas custom-op domains.
bool isQonnxDomain(const std::string& domain);

// Positions of the standard operator's inputs for a node with `nodeInputs` inputs.
std::vector<int> stdInputPositions(const OpInfo& info, int nodeInputs);

}  // namespace hcm::onnximp
