#include "onnx_import.hpp"

#include <filesystem>
#include <map>

#include "onnx_fusion.hpp"
#include "onnx_graph.hpp"
#include "onnx_layers.hpp"
#include "onnx_model_reader.hpp"
#include "onnx_precision.hpp"
#include "onnx_tensor_data.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

using namespace onnximp;

// Walks the nodes in their (topological) order, tracking which tensors are
// activations and which layer last produced each one, so that folded
// operators (batch norm, bias) can be charged to that layer and a layer that
// does not read the previous layer's output can name its producers (`from`).
class Importer {
public:
    Importer(const OnnxGraph& g, std::vector<std::string>& warnings)
        : g_(g), bits_(g), fusion_(g), warnings_(warnings) {}

    Network run() {
        Network net;
        net.source = g_.file();
        net.name = std::filesystem::path(g_.file()).stem().string();
        if (net.name.empty()) net.name = "onnx";
        net.batch = g_.batch();
        for (const auto& in : g_.graphInputs()) producerLayer_[in] = -1;
        for (int i = 0; i < g_.nodeCount(); ++i) visit(i);
        if (layers_.empty()) throwInputError({g_.file(), 0, 0}, "", "the model has no layers hcmsim can map");
        net.layers = std::move(layers_);
        return net;
    }

private:
    bool isActivation(const std::string& t) const { return !t.empty() && producerLayer_.count(t) > 0; }

    std::vector<std::string> activationInputs(int i) const {
        std::vector<std::string> act;
        for (const auto& t : g_.stdInputs(i))
            if (isActivation(t)) act.push_back(t);
        return act;
    }

    void warn(int i, const std::string& message) { warnings_.push_back(g_.file() + ": " + g_.label(i) + ": " + message); }

    // Layer names: the node's name, else op type + node index; unique.
    std::string uniqueName(std::string name) {
        const int seen = names_[name]++;
        if (seen > 0) name += "_" + std::to_string(seen + 1);
        return name;
    }
    std::string layerName(int i) {
        const auto& n = g_.node(i);
        return uniqueName(n.name().empty() ? n.op_type() + "_" + std::to_string(i) : n.name());
    }

    void markOutputs(int i, int layer) {
        for (const auto& o : g_.node(i).output())
            if (!o.empty()) producerLayer_[o] = layer;
    }

    // The layer whose output reaches the node's first activation input through folded ops.
    int upstreamLayer(int i) const {
        for (const auto& t : g_.node(i).input())
            if (isActivation(t)) return producerLayer_.at(t);
        return -1;
    }

    // `from` of a new layer reading `tensors`: empty when it reads the
    // previous layer's output; the producers' names otherwise (empty too if
    // one of them is a graph input, which has no layer name).
    std::vector<std::string> producersOf(const std::vector<std::string>& tensors) const {
        std::vector<std::string> names;
        for (const auto& t : tensors) {
            const int p = producerLayer_.at(t);
            if (p < 0) return {};
            names.push_back(layers_[static_cast<size_t>(p)].name);
        }
        if (tensors.size() == 1 && producerLayer_.at(tensors[0]) + 1 == static_cast<int>(layers_.size())) return {};
        return names;
    }

    void visit(int i) {
        const auto& n = g_.node(i);
        bool onActivations = false;
        for (const auto& t : n.input()) onActivations = onActivations || isActivation(t);
        if (!onActivations) return;  // weights, shapes and other constants
        const OpInfo* inf = g_.info(i);
        if (!inf)
            g_.fail(i, "operator is not supported by the ONNX importer (it is neither a layer hcmsim models, "
                       "an operator it folds, nor data movement): " + unsupportedHint(n.domain(), n.op_type()));
        if (const ElementwiseFunction* f = fusion_.functionOf(i)) return function(i, *f);
        const auto in = g_.stdInputs(i);
        switch (inf->cls) {
            case OpClass::Metadata: return;  // Shape/Size: not an activation
            case OpClass::Conv: addLayer(i, convLayer(g_, i), {in.at(0)}); return;
            case OpClass::Gemm:
            case OpClass::MatMul: gemm(i); return;
            case OpClass::Pool: addLayer(i, poolLayer(g_, i), {in.at(0)}); return;
            case OpClass::GlobalPool: addLayer(i, globalPoolLayer(g_, i), {in.at(0)}); return;
            case OpClass::Reduce:
                addLayer(i, reducesSpatialAxes(g_, i) ? globalPoolLayer(g_, i) : reducePoolLayer(g_, i), {in.at(0)});
                return;
            case OpClass::Eltwise: eltwise(i); return;
            case OpClass::Softmax:
            case OpClass::Normalization: {
                // Not part of a recognised function (its region has several
                // outputs): a function layer of its own.
                const std::string fn = inf->cls == OpClass::Softmax ? "softmax" : "layernorm";
                addLayer(i, functionLayer(g_.requireShape(i, n.output(0)), fn, eltwiseDefaults(fn).ops_per_element),
                         {in.at(0)});
                return;
            }
            case OpClass::Concat: addLayer(i, copyLayer(g_, i, g_.requireShape(i, n.output(0))), activationInputs(i)); return;
            case OpClass::DataMovement: dataMovement(i); return;
            case OpClass::BatchNorm: {
                const int up = upstreamLayer(i);
                if (up >= 0 && layers_[static_cast<size_t>(up)].hasWeights()) layers_[static_cast<size_t>(up)].batchnorm = true;
                markOutputs(i, up);
                return;
            }
            case OpClass::Fold:
            case OpClass::Quantizer:
            case OpClass::Dequantizer: markOutputs(i, upstreamLayer(i)); return;
        }
    }

    void gemm(int i) {
        const auto in = g_.stdInputs(i);
        if (in.size() < 2) g_.fail(i, "needs inputs A and B");
        const bool a = isActivation(in[0]), b = isActivation(in[1]);
        const GemmRoles roles = a && b ? GemmRoles::RuntimeB : a ? GemmRoles::WeightB : GemmRoles::WeightA;
        const OpInfo& inf = *g_.info(i);
        Layer L = inf.cls == OpClass::Gemm ? gemmLayer(g_, i, roles) : matmulLayer(g_, i, roles);
        addLayer(i, std::move(L), {roles == GemmRoles::WeightA ? in[1] : in[0]}, roles == GemmRoles::WeightA ? 0 : 1);
    }

    void dataMovement(int i) {
        const auto& n = g_.node(i);
        if (isView(g_, i)) {  // the consumer reads the input in place
            markOutputs(i, upstreamLayer(i));
            return;
        }
        const std::string& op = n.op_type();
        if (op == "Resize" || op == "Upsample" || op == "Tile" || op == "Expand" || op == "GatherElements" ||
            op == "GatherND" || op == "ReverseSequence" || op == "Gather")
            warn(i, "modelled as a memory-only copy of its output (pool 1x1)");
        const auto act = activationInputs(i);
        addLayer(i, copyLayer(g_, i, g_.requireShape(i, n.output(0))), {act.at(0)});
    }

    void eltwise(int i) {
        if (!fusion_.isMember(i)) {  // operands from different sources: a layer
            const auto act = activationInputs(i);
            size_t first = 0;
            Layer L = eltwiseLayer(g_, i, act, first);
            addLayer(i, std::move(L), {act.at(first)});
            return;
        }
        // One source (x * Sigmoid(x) is SiLU) and constants: a bias, a scale,
        // an activation function — folded. A constant added right after a
        // conv/fc with k elements is that layer's bias.
        const int up = upstreamLayer(i);
        if (g_.node(i).op_type() == "Add" && up >= 0) {
            Layer& L = layers_[static_cast<size_t>(up)];
            for (const auto& t : g_.stdInputs(i)) {
                if (t.empty() || isActivation(t)) continue;
                const auto s = g_.shape(t);
                int64_t count = 1;
                if (s)
                    for (int64_t d : *s) count *= d;
                if (L.hasWeights() && !L.runtime_weights && s && count == L.k) L.bias = true;
            }
        }
        markOutputs(i, up);
    }

    // A node of a recognised element-wise function: the node writing its
    // output becomes the eltwise layer, the others fold (a bias add at its
    // start still marks the fc before it).
    void function(int i, const ElementwiseFunction& f) {
        if (i != f.outputNode) {
            if (g_.info(i)->cls == OpClass::Eltwise) eltwise(i);
            else markOutputs(i, upstreamLayer(i));
            return;
        }
        Layer L = functionLayer(g_.requireShape(i, f.output), f.fn, f.opsPerElement);
        L.name = f.name.empty() ? layerName(i) : uniqueName(f.name);
        L.declared.abits = bits_.activationBits(f.input);
        L.declared.obits = bits_.outputBits(f.output);
        pushLayer(i, std::move(L), {f.input});
    }

    // Appends the layer with its name and the precision the graph gives it.
    // `reads`: the activation tensors it reads (for `from`); `weightInput`:
    // which standard input holds the weights (MatMul W @ x: 0).
    void addLayer(int i, Layer L, const std::vector<std::string>& reads, int weightInput = 1) {
        const OpInfo& inf = *g_.info(i);
        const auto& n = g_.node(i);
        const auto in = g_.stdInputs(i);
        L.name = layerName(i);
        std::optional<int> w, a, o;
        if (L.hasWeights()) {
            const std::string& weight = in.at(static_cast<size_t>(weightInput));
            if (inf.wTypeInput >= 0) w = bits_.inputTypeBits(i, inf.wTypeInput);
            else w = L.runtime_weights ? bits_.activationBits(weight) : bits_.weightBits(weight);
            a = inf.aTypeInput >= 0 ? bits_.inputTypeBits(i, inf.aTypeInput)
                                    : bits_.activationBits(in.at(static_cast<size_t>(1 - weightInput)));
        } else if (inf.aTypeInput >= 0) {
            a = bits_.inputTypeBits(i, inf.aTypeInput);
        } else {
            for (const auto& t : in)
                if (isActivation(t)) {
                    const auto b = bits_.activationBits(t);
                    if (b && (!a || *b > *a)) a = b;
                }
        }
        if (inf.oTypeInput >= 0) {
            o = bits_.inputTypeBits(i, inf.oTypeInput);
            if (!o && inf.defaultUint8Output) o = 8;
        } else if (n.output_size() > 0) {
            o = bits_.outputBits(n.output(0));
        }
        L.declared.wbits = w;
        L.declared.abits = a;
        L.declared.obits = o;
        pushLayer(i, std::move(L), reads);
    }

    void pushLayer(int i, Layer L, const std::vector<std::string>& reads) {
        L.where = {g_.file(), 0, 0};
        L.from = producersOf(reads);
        layers_.push_back(std::move(L));
        markOutputs(i, static_cast<int>(layers_.size()) - 1);
    }

    const OnnxGraph& g_;
    PrecisionTracer bits_;
    ElementwiseFusion fusion_;
    std::vector<std::string>& warnings_;
    std::vector<Layer> layers_;
    std::map<std::string, int> producerLayer_;  // activation tensor -> layer index (-1: none yet)
    std::map<std::string, int> names_;
};

}  // namespace

namespace {
Network importGraph(const char* data, size_t size, const std::string& name, std::vector<std::string>* warnings) {
    std::vector<std::string> local;
    std::vector<std::string>& w = warnings ? *warnings : local;
    const OnnxGraph g(data, size, name, w);
    Network net = Importer(g, w).run();
    for (const auto& L : net.layers) validateLayer(L);
    return net;
}
}  // namespace

Network parseOnnxNetwork(const std::string& bytes, const std::string& name, std::vector<std::string>* warnings) {
    return importGraph(bytes.data(), bytes.size(), name, warnings);
}

Network loadOnnxNetwork(const std::string& path, std::vector<std::string>* warnings) {
    // Mapped, not read: the weights (nearly all of a file) are never touched.
    const MappedFile file(path);
    return importGraph(file.data(), file.size(), path, warnings);
}

}  // namespace hcm
