#include "onnx_import.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "onnx_graph.hpp"
#include "onnx_layers.hpp"
#include "onnx_precision.hpp"
#include "onnx_tensor_data.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

using namespace onnximp;

// Walks the nodes in their (topological) order, tracking which tensors are
// activations and which layer last produced each one, so that folded
// operators (batch norm, bias) can be charged to that layer.
class Importer {
public:
    Importer(const OnnxGraph& g, std::vector<std::string>& warnings) : g_(g), bits_(g), warnings_(warnings) {}

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
    std::string layerName(int i) {
        const auto& n = g_.node(i);
        std::string name = n.name().empty() ? n.op_type() + "_" + std::to_string(i) : n.name();
        const int seen = names_[name]++;
        if (seen > 0) name += "_" + std::to_string(seen + 1);
        return name;
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

    void visit(int i) {
        const auto& n = g_.node(i);
        bool onActivations = false;
        for (const auto& t : n.input()) onActivations = onActivations || isActivation(t);
        if (!onActivations) return;  // weights, shapes and other constants
        const OpInfo* inf = g_.info(i);
        if (!inf)
            g_.fail(i, "operator is not supported by the ONNX importer (it is neither a layer hcmsim models, "
                       "an operator it folds, nor pure data movement)");
        switch (inf->cls) {
            case OpClass::Metadata: return;  // Shape/Size: not an activation
            case OpClass::Conv: addLayer(i, convLayer(g_, i)); return;
            case OpClass::Gemm: addLayer(i, gemmLayer(g_, i)); return;
            case OpClass::MatMul: {
                const auto in = g_.stdInputs(i);
                const bool aIsWeight = !isActivation(in.at(0)) && isActivation(in.at(1));
                addLayer(i, matmulLayer(g_, i, aIsWeight, warnings_), aIsWeight ? 1 : 0);
                return;
            }
            case OpClass::Pool: addLayer(i, poolLayer(g_, i)); return;
            case OpClass::GlobalPool: addLayer(i, globalPoolLayer(g_, i)); return;
            case OpClass::Reduce:
                if (reducesSpatialAxes(g_, i)) {
                    addLayer(i, globalPoolLayer(g_, i));
                } else {
                    warn(i, "reduction modelled as a memory-only copy of its input (no MACs)");
                    addLayer(i, copyLayer(g_, i, g_.requireShape(i, g_.stdInputs(i).at(0))));
                }
                return;
            case OpClass::Eltwise: eltwise(i); return;
            case OpClass::Concat: addLayer(i, copyLayer(g_, i, g_.requireShape(i, n.output(0)))); return;
            case OpClass::DataMovement: {
                // A split reads its whole input; everything else writes its output once.
                const std::string t = n.output_size() > 1 ? g_.stdInputs(i).at(0) : n.output(0);
                warn(i, "pure data movement, modelled as a memory-only copy layer (pool 1x1)");
                addLayer(i, copyLayer(g_, i, g_.requireShape(i, t)));
                return;
            }
            case OpClass::BatchNorm: {
                const int up = upstreamLayer(i);
                if (up >= 0 && layers_[static_cast<size_t>(up)].hasWeights()) layers_[static_cast<size_t>(up)].batchnorm = true;
                markOutputs(i, up);
                return;
            }
            case OpClass::Normalization:
                warn(i, "folded into its neighbours; its element-wise cost is not modelled");
                markOutputs(i, upstreamLayer(i));
                return;
            case OpClass::Fold:
            case OpClass::Quantizer:
            case OpClass::Dequantizer: markOutputs(i, upstreamLayer(i)); return;
        }
    }

    // The tensor an activation comes from through element-wise unary folds
    // (Sigmoid, Clip, Mul by a constant, ...): x * Sigmoid(x) (SiLU) and
    // x * HardSigmoid(x) (HardSwish as older exporters write it) have one root
    // and are activation functions, not element-wise layers.
    std::string rootOf(std::string t) const {
        for (int guard = 0; guard <= g_.nodeCount(); ++guard) {
            const int p = g_.producer(t);
            const OpInfo* inf = p >= 0 ? g_.info(p) : nullptr;
            if (!inf) return t;
            const bool unary = inf->cls == OpClass::Fold || inf->cls == OpClass::Quantizer ||
                               inf->cls == OpClass::Dequantizer ||
                               (inf->cls == OpClass::Eltwise && activationInputs(p).size() == 1);
            if (!unary) return t;
            const auto act = activationInputs(p);
            if (act.empty()) return t;
            t = act[0];
        }
        return t;
    }

    void eltwise(int i) {
        const auto act = activationInputs(i);
        bool oneRoot = true;
        for (const auto& t : act) oneRoot = oneRoot && rootOf(t) == rootOf(act[0]);
        if (act.size() >= 2 && !oneRoot) {
            addLayer(i, eltwiseLayer(g_, i, static_cast<int>(act.size())));
            return;
        }
        // One activation (or one source, as in x * Sigmoid(x)) and constants: a
        // bias, a scale, an activation function — folded. A constant added right
        // after a conv/fc with k elements is that layer's bias.
        const int up = upstreamLayer(i);
        if (g_.node(i).op_type() == "Add" && up >= 0) {
            Layer& L = layers_[static_cast<size_t>(up)];
            for (const auto& t : g_.stdInputs(i)) {
                if (t.empty() || isActivation(t)) continue;
                const auto s = g_.shape(t);
                int64_t count = 1;
                if (s)
                    for (int64_t d : *s) count *= d;
                if (L.hasWeights() && s && count == L.k) L.bias = true;
            }
        }
        markOutputs(i, up);
    }

    // Appends the layer with its name and the precision the graph gives it.
    // `weightInput`: which standard input holds the weights (MatMul W @ x: 0).
    void addLayer(int i, Layer L, int weightInput = 1) {
        const OpInfo& inf = *g_.info(i);
        const auto& n = g_.node(i);
        const auto in = g_.stdInputs(i);
        L.name = layerName(i);
        L.where = {g_.file(), 0, 0};
        std::optional<int> w, a, o;
        if (L.hasWeights()) {
            w = inf.wTypeInput >= 0 ? bits_.inputTypeBits(i, inf.wTypeInput) : bits_.weightBits(in.at(static_cast<size_t>(weightInput)));
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
        layers_.push_back(std::move(L));
        markOutputs(i, static_cast<int>(layers_.size()) - 1);
    }

    const OnnxGraph& g_;
    PrecisionTracer bits_;
    std::vector<std::string>& warnings_;
    std::vector<Layer> layers_;
    std::map<std::string, int> producerLayer_;  // activation tensor -> layer index (-1: none yet)
    std::map<std::string, int> names_;
};

}  // namespace

Network parseOnnxNetwork(const std::string& bytes, const std::string& name, std::vector<std::string>* warnings) {
    std::vector<std::string> local;
    std::vector<std::string>& w = warnings ? *warnings : local;
    const OnnxGraph g(bytes, name, w);
    Network net = Importer(g, w).run();
    for (const auto& L : net.layers) validateLayer(L);
    return net;
}

Network loadOnnxNetwork(const std::string& path, std::vector<std::string>* warnings) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throwInputError({path, 0, 0}, "", "cannot open file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseOnnxNetwork(ss.str(), path, warnings);
}

}  // namespace hcm
