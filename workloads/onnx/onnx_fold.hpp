#pragma once
// Values of the small tensors a graph computes from constants and tensor
// shapes — the shape arithmetic exporters write around reshapes:
//   torch.chunk       Shape -> Gather -> Add -> Div -> Mul -> Slice
//   expand(n, -1, -1) ConstantOfShape -> Mul -> Equal -> Where -> Expand
//   view(b, t, h, d)  Shape -> Gather -> Unsqueeze -> Concat -> Reshape
// libonnx 1.12's shape inference propagates some of these values (Shape,
// Gather, Concat, Add, Mul, ...) but not Div, Where, ConstantOfShape, Range,
// ..., so Reshape, Slice and Expand after them would get no output shape.
// The folder evaluates such nodes exactly (integer arithmetic with overflow
// checks, ONNX's semantics for negative indices, clamping and broadcasting);
// OnnxGraph feeds its values back to shape inference as constants.
// Only tensors of up to kMaxFoldElements elements are evaluated: shape
// arithmetic, never activations (their values are unknown by construction).
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hcm::onnximp {

constexpr int64_t kMaxFoldElements = 4096;

// A small constant tensor. Integer and bool elements are held exactly in
// `ints`, floating ones in `reals`.
struct FoldedTensor {
    int type = 0;  // ONNX element type
    std::vector<int64_t> dims;
    std::vector<int64_t> ints;
    std::vector<double> reals;

    bool isReal() const;
    int64_t size() const { return isReal() ? int64_t(reals.size()) : int64_t(ints.size()); }
    // As an initializer of the same type and dims (typed fields, not raw_data).
    void toTensorProto(const std::string& name, onnx::TensorProto& t) const;
};

// The values of a numeric tensor with inline data of up to kMaxFoldElements
// elements; nullopt otherwise (large, external, string, missing payload).
std::optional<FoldedTensor> foldedFromTensor(const onnx::TensorProto& t);

class ValueFolder {
public:
    using ShapeOf = std::function<std::optional<std::vector<int64_t>>(const std::string&)>;

    // Copies the nodes; initializers and Constant nodes are the first values.
    ValueFolder(const onnx::GraphProto& g, int opset);

    // Evaluates, in node order, every node whose inputs all have values
    // (Shape and Size need only their input's shape). Returns how many
    // tensors got a value.
    int fold(const ShapeOf& shapeOf);

    const FoldedTensor* value(const std::string& tensor) const;
    const std::map<std::string, FoldedTensor>& values() const { return values_; }

private:
    bool evaluate(const onnx::NodeProto& n, const ShapeOf& shapeOf, std::vector<FoldedTensor>& out) const;

    std::vector<onnx::NodeProto> nodes_;
    int opset_;
    std::map<std::string, FoldedTensor> values_;
};

}  // namespace hcm::onnximp
