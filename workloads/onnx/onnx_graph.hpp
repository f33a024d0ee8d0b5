#pragma once
// A parsed ONNX model with every tensor's shape: reads ModelProto without its
// weight payloads (onnx_model_reader), checks it is a model, fixes a dynamic
// batch dimension to 1 (layers scale with --batch later), and runs libonnx's
// shape inference on a copy in which the QONNX and onnxruntime custom
// operators are replaced by the standard operator they compute (ONNX does not
// know their schemas, which would stop inference). Shape arithmetic that
// inference does not evaluate is folded (onnx_fold) and fed back to it until
// every shape it can reach is known.
#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "onnx_ops.hpp"

namespace hcm::onnximp {

// Opsets of the default domain this importer is tested with; libonnx 1.12
// knows operator schemas up to opset 17.
constexpr int kMinOpset = 7;
constexpr int kMaxOpset = 17;

class OnnxGraph {
public:
    // `data`, `size`: the serialized ModelProto (a memory-mapped file, or bytes
    // in memory); `file`: for messages. Throws InputError for anything that is
    // not a usable model. Warnings are appended.
    OnnxGraph(const char* data, size_t size, const std::string& file, std::vector<std::string>& warnings);

    const std::string& file() const { return file_; }
    int opset() const { return opset_; }
    int64_t batch() const { return batch_; }

    int nodeCount() const { return model_.graph().node_size(); }
    const onnx::NodeProto& node(int i) const { return model_.graph().node(i); }
    const OpInfo* info(int i) const { return info_[static_cast<size_t>(i)]; }
    // "node 'name' (OpType)" for messages.
    std::string label(int i) const;
    // The standard operator's inputs of node i (QLinearConv -> x, w, B); "" = absent.
    std::vector<std::string> stdInputs(int i) const;

    // Throws InputError "file: node 'name' (Op): message".
    [[noreturn]] void fail(int node, const std::string& message) const;

    // Activation inputs of the graph (inputs that are not initializers).
    const std::vector<std::string>& graphInputs() const { return inputs_; }
    bool isGraphOutput(const std::string& tensor) const { return outputs_.count(tensor) > 0; }

    bool isConstant(const std::string& tensor) const;  // initializer or Constant output
    // Computed from the graph inputs (not from constants or shapes alone).
    bool isActivation(const std::string& tensor) const { return activations_.count(tensor) > 0; }
    std::optional<std::vector<int64_t>> shape(const std::string& tensor) const;
    std::vector<int64_t> requireShape(int node, const std::string& tensor) const;  // fail() if unknown
    int elemType(const std::string& tensor) const;  // 0 if unknown
    // Values of a constant (initializer or Constant node) or of a small tensor
    // folded from shapes and constants; nullopt if unknown (activations,
    // weights whose payload was not read).
    std::optional<std::vector<double>> constantValues(const std::string& tensor) const;

    int producer(const std::string& tensor) const;  // node index, -1 for inputs/initializers
    const std::vector<int>& consumers(const std::string& tensor) const;  // in node order

    // Attribute access on node i.
    const onnx::AttributeProto* attr(int i, const std::string& name) const;
    int64_t attrInt(int i, const std::string& name, int64_t dflt) const;
    std::vector<int64_t> attrInts(int i, const std::string& name) const;  // empty if absent
    std::string attrString(int i, const std::string& name, const std::string& dflt) const;

private:
    void parse(const char* data, size_t size);
    void checkOpsets(std::vector<std::string>& warnings);
    void checkDivisorAttributes() const;
    void collectTensors();
    void markActivations();
    void fixInputShapes();
    void inferShapes();
    void runInferenceIsolated(onnx::ModelProto& copy) const;
    void runInference(onnx::ModelProto& surrogate) const;

    std::string file_;
    onnx::ModelProto model_;
    int opset_ = 0;
    int64_t batch_ = 1;
    std::vector<const OpInfo*> info_;
    std::vector<std::string> inputs_;
    std::map<std::string, const onnx::TensorProto*> constants_;
    std::vector<std::unique_ptr<onnx::TensorProto>> owned_;  // Constant nodes given as value_float, ...
    std::map<std::string, onnx::TypeProto> types_;  // after shape inference
    std::map<std::string, onnx::TensorProto> folded_;  // values folded during inference
    std::set<std::string> activations_;
    std::set<std::string> outputs_;  // graph outputs
    std::map<std::string, int> producer_;
    std::map<std::string, std::vector<int>> consumers_;
};

}  // namespace hcm::onnximp
