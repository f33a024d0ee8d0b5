// Writes the ONNX seed corpus (fuzz/seeds/onnx/*.onnx) with the tests' graph
// builder: one float CNN with every folded and data-movement operator, the QDQ,
// QOperator and QONNX quantization formats, and torchvision's ResNet-18 as
// torch.onnx.export writes it. Weights carry no data (the importer reads
// shapes only), so the seeds stay small. Built as fuzz_onnx_seeds in a fuzz
// build; run it as `fuzz_onnx_seeds fuzz/seeds/onnx` after changing the builder.
#include <iostream>
#include <string>

#include "tests/support/onnx_builder.hpp"

using hcm::test::convOpts;
using hcm::test::OnnxBuilder;

namespace {

constexpr int kUint8 = 2, kInt8 = 3;

OnnxBuilder floatCnn() {
    OnnxBuilder b;
    b.weightData(false);
    std::string x = b.input("x", {-1, 3, 16, 16});
    x = b.relu(b.batchNorm(b.conv(x, 3, 8, 3, convOpts("conv1", 1, 1)), 8, "bn1"), "relu1");
    const std::string skip = b.maxPool(x, 2, 2, 0, "pool1", true);
    x = b.conv(skip, 8, 8, 3, convOpts("conv2", 1, 1, 2));
    x = b.add(x, skip, "add1");
    x = b.unary("Transpose", x, "transpose");
    x = b.unary("Sigmoid", x, "sigmoid");
    x = b.globalAvgPool(x, "gap");
    b.output(b.gemm(b.flatten(x, "flatten"), 8, 10, "fc"));
    return b;
}

OnnxBuilder qdqCnn() {
    OnnxBuilder b;
    b.weightData(false);
    std::string x = b.qdq(b.input("x", {1, 3, 8, 8}), kUint8, "in_q");
    x = b.conv(x, 3, 8, 3, convOpts("conv1", 2, 1));
    x = b.qdq(b.relu(x, "relu1"), kUint8, "relu1_q");
    auto& c = b.node("Conv", {x, b.dequantizedWeight("conv2.w", {8, 8, 1, 1}, kInt8)}, {"conv2_out"}, "conv2");
    OnnxBuilder::attr(c, "kernel_shape", std::vector<int64_t>{1, 1});
    b.output(b.qdq("conv2_out", kUint8, "out_q"));
    return b;
}

OnnxBuilder qoperator() {
    OnnxBuilder b;
    b.weightData(false);
    b.opsetImport("com.microsoft", 1);
    const std::string s = b.scalar("s", 0.1f), zpu = b.zeroPoint("zp_u8", kUint8), zpi = b.zeroPoint("zp_i8", kInt8);
    b.node("QuantizeLinear", {b.input("x", {1, 8, 8, 8}), s, zpu}, {"xq"}, "quantize_input");
    auto& c = b.node("QLinearConv", {"xq", s, zpu, b.weight("qc.w", {8, 8, 3, 3}, kInt8), s, zpi, s, zpu}, {"qc"},
                     "qconv");
    OnnxBuilder::attr(c, "pads", std::vector<int64_t>{1, 1, 1, 1});
    b.node("QLinearAdd", {"qc", s, zpu, "xq", s, zpu, s, zpu}, {"sum"}, "qadd", "com.microsoft");
    b.node("DequantizeLinear", {"sum", s, zpu}, {"sum_f"}, "dq");
    b.output(b.gemm(b.flatten(b.globalAvgPool("sum_f", "gap")), 8, 4, "fc"));
    return b;
}

OnnxBuilder qonnx() {
    OnnxBuilder b;
    b.weightData(false);
    std::string x = b.quant(b.input("in", {-1, 3, 8, 8}), 8, "q_in");
    x = b.quant(b.relu(b.qonnxConv(x, 3, 8, 3, 4, convOpts("conv1", 1, 1)), "relu1"), 2, "act1");
    x = b.qonnxConv(x, 8, 8, 3, 1, convOpts("conv2", 1, 1));
    b.output(b.gemm(b.flatten(b.globalAvgPool(x, "gap")), 8, 10, "fc"));
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fuzz_onnx_seeds DIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    floatCnn().save(dir + "/float_cnn.onnx");
    qdqCnn().save(dir + "/qdq.onnx");
    qoperator().save(dir + "/qoperator.onnx");
    qonnx().save(dir + "/qonnx.onnx");
    OnnxBuilder r18 = hcm::test::resnet18Model();
    for (auto& t : *r18.graph().mutable_initializer()) t.clear_raw_data();  // 45 MB of zeros otherwise
    r18.save(dir + "/resnet18.onnx");
    return 0;
}
