#include "onnx_ops.hpp"

#include <map>
#include <utility>

namespace hcm::onnximp {

namespace {

using Table = std::map<std::pair<std::string, std::string>, OpInfo>;  // (domain, op) -> info

OpInfo make(OpClass cls, std::string stdOp, std::vector<int> inputs = {}) {
    OpInfo i;
    i.cls = cls;
    i.stdOp = std::move(stdOp);
    i.inputs = std::move(inputs);
    return i;
}

void addStandard(Table& t) {
    const std::string d;  // the default domain ("" and "ai.onnx" are the same)
    t[{d, "Conv"}] = make(OpClass::Conv, "Conv");
    OpInfo qconv = make(OpClass::Conv, "Conv", {0, 3, 8});  // x, x_s, x_zp, w, w_s, w_zp, y_s, y_zp, B
    qconv.aTypeInput = 0, qconv.wTypeInput = 3, qconv.oTypeInput = 7, qconv.defaultUint8Output = true;
    t[{d, "QLinearConv"}] = qconv;
    OpInfo iconv = make(OpClass::Conv, "Conv", {0, 1});  // x, w, x_zp, w_zp -> int32
    iconv.aTypeInput = 0, iconv.wTypeInput = 1;
    t[{d, "ConvInteger"}] = iconv;
    t[{d, "Gemm"}] = make(OpClass::Gemm, "Gemm");
    t[{d, "MatMul"}] = make(OpClass::MatMul, "MatMul");
    OpInfo imm = make(OpClass::MatMul, "MatMul", {0, 1});
    imm.aTypeInput = 0, imm.wTypeInput = 1;
    t[{d, "MatMulInteger"}] = imm;
    OpInfo qmm = make(OpClass::MatMul, "MatMul", {0, 3});  // a, a_s, a_zp, b, b_s, b_zp, y_s, y_zp
    qmm.aTypeInput = 0, qmm.wTypeInput = 3, qmm.oTypeInput = 7, qmm.defaultUint8Output = true;
    t[{d, "QLinearMatMul"}] = qmm;

    for (const char* op : {"MaxPool", "AveragePool", "LpPool"}) t[{d, op}] = make(OpClass::Pool, op, {0});
    t[{d, "MaxPool"}].preservesValues = true;
    for (const char* op : {"GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"})
        t[{d, op}] = make(OpClass::GlobalPool, op, {0});
    t[{d, "GlobalMaxPool"}].preservesValues = true;
    for (const char* op : {"ReduceMean", "ReduceMax", "ReduceMin", "ReduceSum", "ReduceL1", "ReduceL2",
                           "ReduceLogSum", "ReduceLogSumExp", "ReduceProd", "ReduceSumSquare"})
        t[{d, op}] = make(OpClass::Reduce, op, {0});

    for (const char* op : {"Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mean", "Sum", "PRelu"})
        t[{d, op}] = make(OpClass::Eltwise, op);
    t[{d, "Concat"}] = make(OpClass::Concat, "Concat");
    t[{d, "Concat"}].preservesValues = true;

    // Folded into their neighbours. The first group keeps values on the
    // quantization grid of their input (a quantized tensor stays quantized).
    for (const char* op : {"Relu", "Clip", "Flatten", "Reshape", "Identity", "Squeeze", "Unsqueeze", "Dropout",
                           "Cast", "CastLike"}) {
        t[{d, op}] = make(OpClass::Fold, op);
        t[{d, op}].preservesValues = true;
    }
    for (const char* op : {"LeakyRelu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Elu", "Selu", "Celu",
                           "Softplus", "Softsign", "ThresholdedRelu", "Gelu", "Mish", "Erf", "Exp", "Log", "Sqrt",
                           "Reciprocal", "Neg", "Abs", "Floor", "Ceil", "Round", "Sign", "Sin", "Cos", "Tan", "Atan", "Asin", "Acos", "Sinh", "Cosh", "Asinh",
                           "Acosh", "Atanh", "Shrink"})
        t[{d, op}] = make(OpClass::Fold, op);
    for (const char* op : {"Softmax", "LogSoftmax", "Hardmax"}) t[{d, op}] = make(OpClass::Softmax, op);
    t[{d, "BatchNormalization"}] = make(OpClass::BatchNorm, "BatchNormalization");
    for (const char* op : {"InstanceNormalization", "LayerNormalization", "GroupNormalization", "LpNormalization",
                           "LRN", "MeanVarianceNormalization"})
        t[{d, op}] = make(OpClass::Normalization, op);

    t[{d, "QuantizeLinear"}] = make(OpClass::Quantizer, "QuantizeLinear");
    t[{d, "DynamicQuantizeLinear"}] = make(OpClass::Quantizer, "DynamicQuantizeLinear");
    t[{d, "DequantizeLinear"}] = make(OpClass::Dequantizer, "DequantizeLinear");

    for (const char* op : {"Transpose", "Pad", "Slice", "Resize", "Upsample", "Tile", "Expand", "DepthToSpace",
                           "SpaceToDepth", "Gather", "GatherElements", "GatherND", "Split", "ReverseSequence"}) {
        t[{d, op}] = make(OpClass::DataMovement, op);
        t[{d, op}].preservesValues = true;
    }
    for (const char* op : {"Shape", "Size"}) t[{d, op}] = make(OpClass::Metadata, op);
}

void addQonnx(Table& t, const std::string& d) {
    // Their outputs have their input's shape; shape inference sees an Identity.
    for (const char* op : {"Quant", "IntQuant", "BipolarQuant", "Trunc", "FloatQuant", "MultiThreshold"}) {
        OpInfo q = make(OpClass::Quantizer, "Identity", {0});
        q.standardDomain = false;
        t[{d, op}] = q;
    }
}

void addMicrosoft(Table& t) {
    // onnxruntime's QOperator-format contrib ops (quantize_static), domain com.microsoft.
    const std::string d = "com.microsoft";
    auto qop = [&](const char* op, OpClass cls, const char* stdOp, std::vector<int> in, int a, int w, int o) {
        OpInfo i = make(cls, stdOp, std::move(in));
        i.aTypeInput = a, i.wTypeInput = w, i.oTypeInput = o;
        i.defaultUint8Output = o >= 0;
        i.standardDomain = false;
        t[{d, op}] = i;
    };
    qop("QLinearAdd", OpClass::Eltwise, "Add", {0, 3}, 0, -1, 7);  // A, A_s, A_zp, B, B_s, B_zp, C_s, C_zp
    qop("QLinearMul", OpClass::Eltwise, "Mul", {0, 3}, 0, -1, 7);
    qop("QLinearGlobalAveragePool", OpClass::GlobalPool, "GlobalAveragePool", {0}, 0, -1, 4);
    qop("QLinearAveragePool", OpClass::Pool, "AveragePool", {0}, 0, -1, 4);
    qop("QLinearLeakyRelu", OpClass::Fold, "Identity", {0}, 0, -1, 4);
    qop("QLinearSigmoid", OpClass::Fold, "Identity", {0}, 0, -1, 4);
    qop("QGemm", OpClass::Gemm, "Gemm", {0, 3, 6}, 0, 3, 8);  // A, a_s, a_zp, B, b_s, b_zp, C, y_s, y_zp
    OpInfo cat = make(OpClass::Concat, "Concat", {2});     // Y_s, Y_zp, then (X, X_s, X_zp) per operand
    cat.inputStride = 3, cat.oTypeInput = 1, cat.defaultUint8Output = true, cat.standardDomain = false;
    cat.preservesValues = true;
    t[{d, "QLinearConcat"}] = cat;
}

const Table& table() {
    static const Table t = [] {
        Table x;
        addStandard(x);
        for (const char* d : {"qonnx.custom_op.general", "finn.custom_op.general", "onnx.brevitas"}) addQonnx(x, d);
        addMicrosoft(x);
        return x;
    }();
    return t;
}

}  // namespace

std::string unsupportedHint(const std::string& domain, const std::string& op) {
    const bool standard = domain.empty() || domain == "ai.onnx";
    if (!standard)
        return "a custom operator of domain '" + domain +
               "'; export the model with standard ONNX operators (onnxruntime's contrib fusions, e.g. "
               "FusedConv, Attention, come from optimizing the model: import the model as exported)";
    if (op == "Einsum") return "write the product with torch.matmul (or @) before exporting: MatMul is supported";
    if (op == "ConvTranspose") return "transposed (fractionally strided) convolutions are not modelled";
    if (op == "LSTM" || op == "GRU" || op == "RNN") return "recurrent layers are not modelled";
    if (op == "If" || op == "Loop" || op == "Scan")
        return "control flow is not modelled; export with torch.onnx.export's tracing (fixed control path)";
    if (op == "Attention" || op == "MultiHeadAttention")
        return "export attention as MatMul and Softmax (standard opset 13..17 operators)";
    if (op == "NonZero" || op == "TopK" || op == "NonMaxSuppression" || op == "Unique" || op == "RoiAlign")
        return "its output size depends on the data; export the part of the model before it";
    if (op == "Where" || op == "Equal" || op == "Less" || op == "Greater" || op == "Not")
        return "data-dependent selection on activations (a mask computed from the input) is not modelled; "
               "export without the mask or with a constant one";
    return "see docs/onnx.md for the supported operators";
}

bool isQonnxDomain(const std::string& domain) {
    return domain == "qonnx.custom_op.general" || domain == "finn.custom_op.general" || domain == "onnx.brevitas";
}

const OpInfo* lookupOp(const std::string& domain, const std::string& opType) {
    const std::string d = domain == "ai.onnx" ? std::string() : domain;
    const auto it = table().find({d, opType});
    return it == table().end() ? nullptr : &it->second;
}

std::vector<int> stdInputPositions(const OpInfo& info, int nodeInputs) {
    std::vector<int> pos;
    if (info.inputStride > 0) {
        for (int i = info.inputs.empty() ? 0 : info.inputs[0]; i < nodeInputs; i += info.inputStride) pos.push_back(i);
        return pos;
    }
    if (info.inputs.empty()) {
        for (int i = 0; i < nodeInputs; ++i) pos.push_back(i);
        return pos;
    }
    for (int i : info.inputs)
        if (i < nodeInputs) pos.push_back(i);
    return pos;
}

}  // namespace hcm::onnximp
