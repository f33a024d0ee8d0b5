#pragma once
// Builds small ONNX ModelProto graphs in test code with the protobuf API, so
// import tests need no files and no python. Weight initializers carry zero
// data of their real size unless told otherwise (the importer reads shapes only).
//
//   OnnxBuilder b;                                   // opset 13
//   std::string x = b.input("x", {-1, 3, 32, 32});   // -1: dynamic batch ("N")
//   x = b.conv(x, 3, 16, 3, convOpts("conv1", 1, 1));  // name, stride, pad
//   b.output(b.gemm(b.flatten(b.globalAvgPool(x, "gap")), 16, 10, "fc"));
//   b.save(path);
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hcm::test {

struct ConvOpts {
    int64_t stride = 1;
    int64_t pad = 0;                  // symmetric
    std::vector<int64_t> pads;        // [top, left, bottom, right] if given (wins over pad)
    int64_t dilation = 1;
    int64_t group = 1;
    bool bias = false;
    std::string autoPad;              // "SAME_UPPER", ... (no pads attribute then)
    std::string name;
    int64_t kernelW = 0;              // non-square kernels: width (0: square)
};

inline ConvOpts convOpts(const std::string& name, int64_t stride = 1, int64_t pad = 0, int64_t group = 1) {
    ConvOpts o;
    o.name = name;
    o.stride = stride;
    o.pad = pad;
    o.group = group;
    return o;
}

class OnnxBuilder {
public:
    explicit OnnxBuilder(int opset = 13, const std::string& graphName = "test_graph");

    onnx::ModelProto& model() { return model_; }
    onnx::GraphProto& graph() { return *model_.mutable_graph(); }
    void opsetImport(const std::string& domain, int64_t version);
    void weightData(bool on) { weightData_ = on; }  // fill weights with zeros (default on)

    // Graph inputs/outputs. -1 in dims: a dynamic dimension ("N").
    std::string input(const std::string& name, const std::vector<int64_t>& dims, int elemType = 1);
    void output(const std::string& name);

    // Initializers: weights (zeros of `elemType`), constants with values.
    std::string weight(const std::string& name, const std::vector<int64_t>& dims, int elemType = 1);
    std::string floats(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& v);
    std::string ints(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& v);
    std::string scalar(const std::string& name, float v) { return floats(name, {}, {v}); }
    // A scalar initializer of an integer element type (zero points: int8, uint8, int4 = 22).
    std::string zeroPoint(const std::string& name, int elemType);

    // A node; returns it for attributes. Output names default to "<name>_out".
    onnx::NodeProto& node(const std::string& op, const std::vector<std::string>& inputs,
                          const std::vector<std::string>& outputs, const std::string& name = "",
                          const std::string& domain = "");
    static void attr(onnx::NodeProto& n, const std::string& name, int64_t v);
    static void attr(onnx::NodeProto& n, const std::string& name, const std::vector<int64_t>& v);
    static void attr(onnx::NodeProto& n, const std::string& name, float v);
    static void attr(onnx::NodeProto& n, const std::string& name, const std::string& v);

    // Layers (return the output tensor name). Weights are named "<name>.weight".
    std::string conv(const std::string& x, int64_t cin, int64_t cout, int64_t k, const ConvOpts& o);
    std::string batchNorm(const std::string& x, int64_t c, const std::string& name);
    std::string relu(const std::string& x, const std::string& name = "");
    std::string maxPool(const std::string& x, int64_t k, int64_t stride, int64_t pad, const std::string& name,
                        bool ceil = false);
    std::string globalAvgPool(const std::string& x, const std::string& name);
    std::string flatten(const std::string& x, const std::string& name = "");
    std::string gemm(const std::string& x, int64_t in, int64_t out, const std::string& name, bool bias = true);
    std::string add(const std::string& a, const std::string& b, const std::string& name);
    std::string unary(const std::string& op, const std::string& x, const std::string& name = "");

    // Quantization: QDQ pair on an activation (zero point type: 2 uint8, 3 int8, 21/22 uint4/int4);
    // a weight stored as integers behind a DequantizeLinear; QONNX Quant / BipolarQuant.
    std::string qdq(const std::string& x, int zpType, const std::string& name);
    std::string dequantizedWeight(const std::string& name, const std::vector<int64_t>& dims, int elemType);
    std::string quant(const std::string& x, int bits, const std::string& name);  // qonnx.custom_op.general
    std::string bipolarQuant(const std::string& x, const std::string& name);
    // A conv whose weight goes through a QONNX quantizer of `wbits` (1: BipolarQuant).
    std::string qonnxConv(const std::string& x, int64_t cin, int64_t cout, int64_t k, int wbits, const ConvOpts& o);

    std::string serialize() const;
    void save(const std::string& path) const;

private:
    std::string fresh(const std::string& base);
    void ensureDomain(const std::string& domain);

    onnx::ModelProto model_;
    bool weightData_ = true;
    int counter_ = 0;
};

// torchvision resnet18 at 224x224 as torch.onnx.export (opset 13) writes it:
// node names "/layer1/layer1.0/conv1/Conv", batch norms, Relu, Add, Flatten and
// Gemm, in the zoo's layer order. Dynamic batch.
OnnxBuilder resnet18Model();

}  // namespace hcm::test
