#include "onnx_fusion.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "onnx_layers.hpp"
#include "workloads/layer.hpp"

namespace hcm::onnximp {

namespace {

// Nodes that compute element by element (or along rows, for normalizations
// and Softmax) and may belong to a region.
bool isElementwiseKind(const OnnxGraph& g, int i) {
    const OpInfo* inf = g.info(i);
    if (!inf) return false;
    switch (inf->cls) {
        case OpClass::Fold:
        case OpClass::Eltwise:
        case OpClass::BatchNorm:
        case OpClass::Normalization:
        case OpClass::Softmax:
        case OpClass::Quantizer:
        case OpClass::Dequantizer: return true;
        case OpClass::Reduce: return !reducesSpatialAxes(g, i);  // row statistics; H x W reductions are pools
        default: return false;
    }
}

std::vector<std::string> activationInputs(const OnnxGraph& g, int i) {
    std::vector<std::string> act;
    for (const auto& t : g.stdInputs(i))
        if (!t.empty() && g.isActivation(t)) act.push_back(t);
    return act;
}

std::string scopeOf(const std::string& name) {
    const size_t slash = name.rfind('/');
    return slash == std::string::npos ? std::string() : name.substr(0, slash + 1);
}

// What a region computes, from its operators; "" if nothing worth a layer.
struct Features {
    std::vector<std::string> fns;      // in a fixed order: normalization, GELU, Softmax
    std::vector<int> anchors;          // the nodes that identify them
    std::vector<std::string> canonical;
};

Features classify(const OnnxGraph& g, const std::vector<int>& nodes) {
    std::map<std::string, std::vector<int>> ops;
    for (int i : nodes) ops[g.node(i).op_type()].push_back(i);
    auto has = [&](const char* op) { return ops.count(op) > 0; };
    auto all = [&](std::initializer_list<const char*> names) {
        std::vector<int> v;
        for (const char* n : names)
            if (has(n)) v.insert(v.end(), ops[n].begin(), ops[n].end());
        return v;
    };
    Features f;
    auto add = [&](const char* fn, const char* canonical, std::vector<int> anchors) {
        f.fns.push_back(fn);
        f.canonical.push_back(canonical);
        f.anchors.insert(f.anchors.end(), anchors.begin(), anchors.end());
    };
    static const std::pair<const char*, const char*> norms[] = {
        {"LayerNormalization", "layernorm"}, {"InstanceNormalization", "instancenorm"},
        {"GroupNormalization", "groupnorm"}, {"MeanVarianceNormalization", "mvn"},
        {"LpNormalization", "lpnorm"},       {"LRN", "lrn"}};
    for (const auto& [op, fn] : norms)
        if (has(op)) add(fn, op, ops[op]);
    const auto reductions = all({"ReduceMean", "ReduceSum", "ReduceMax", "ReduceSumSquare", "ReduceL2"});
    const bool exp = has("Exp");
    if (!reductions.empty() && exp) {
        add("softmax", "Softmax", all({"Exp"}));  // max, subtract, exp, sum, divide
    } else if (!reductions.empty() && (has("Sqrt") || has("Reciprocal") || has("Div") || has("Pow"))) {
        if (has("Sub")) add("layernorm", "LayerNormalization", reductions);
        else add("rmsnorm", "RMSNormalization", reductions);
    }
    if (has("Erf") || (has("Tanh") && (has("Pow") || ops["Mul"].size() >= 3))) add("gelu", "Gelu", all({"Erf", "Tanh"}));
    if (has("Softmax") || has("LogSoftmax") || has("Hardmax")) add("softmax", "Softmax", all({"Softmax", "LogSoftmax", "Hardmax"}));
    return f;
}

int64_t opsFor(const std::string& fn) {
    if (fn == "layernorm" || fn == "gelu" || fn == "softmax") return eltwiseDefaults(fn).ops_per_element;
    if (fn == "rmsnorm") return 4;  // square, mean, root, scale
    if (fn == "lpnorm") return 3;   // power, sum, divide
    return eltwiseDefaults("layernorm").ops_per_element;  // statistics, then normalize
}

int64_t elements(const std::optional<std::vector<int64_t>>& s) {
    if (!s) return -1;
    int64_t n = 1;
    for (int64_t d : *s)
        if (d < 0 || __builtin_mul_overflow(n, d, &n)) return -1;
    return n;
}

}  // namespace

ElementwiseFusion::ElementwiseFusion(const OnnxGraph& g) : of_(size_t(g.nodeCount()), -1) {
    const int n = g.nodeCount();
    std::vector<bool> kind(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) kind[size_t(i)] = isElementwiseKind(g, i) && !activationInputs(g, i).empty();

    // Sources, then split every region whose intermediate values are read
    // outside it at those values, until each region has one output.
    std::set<std::string> boundaries;
    std::vector<std::string> source(static_cast<size_t>(n));
    std::map<std::string, std::set<std::string>> outputs;  // source -> tensors read outside its region
    for (int round = 0; round <= n; ++round) {
        std::map<std::string, std::string> srcOf;
        auto sourceOf = [&](const std::string& t) {
            if (boundaries.count(t)) return t;
            const auto it = srcOf.find(t);
            return it == srcOf.end() ? t : it->second;
        };
        for (int i = 0; i < n; ++i) {
            source[size_t(i)].clear();
            if (!kind[size_t(i)]) continue;
            std::set<std::string> s;
            for (const auto& a : activationInputs(g, i)) s.insert(sourceOf(a));
            if (s.size() != 1) continue;  // inputs from different sources: a layer of its own
            source[size_t(i)] = *s.begin();
            for (const auto& o : g.node(i).output())
                if (!o.empty()) srcOf[o] = source[size_t(i)];
        }
        outputs.clear();
        for (int i = 0; i < n; ++i) {
            const std::string& src = source[size_t(i)];
            if (src.empty()) continue;
            for (const auto& o : g.node(i).output()) {
                if (o.empty()) continue;
                bool outside = g.isGraphOutput(o);
                for (int c : g.consumers(o)) outside = outside || source[size_t(c)] != src;
                if (outside) outputs[src].insert(o);
            }
        }
        bool split = false;
        for (const auto& [src, outs] : outputs)
            if (outs.size() > 1)
                for (const auto& o : outs) split = boundaries.insert(o).second || split;
        if (!split) break;
    }

    std::map<std::string, std::vector<int>> regions;
    for (int i = 0; i < n; ++i)
        if (!source[size_t(i)].empty()) regions[source[size_t(i)]].push_back(i);
    for (const auto& [src, nodes] : regions) {
        const auto out = outputs.find(src);
        if (out == outputs.end() || out->second.size() != 1) continue;  // dead code
        const Features f = classify(g, nodes);
        if (f.fns.empty()) continue;
        ElementwiseFunction fn;
        fn.input = src;
        fn.output = *out->second.begin();
        fn.outputNode = g.producer(fn.output);
        // Writes as many elements as it reads (a normalization, not a reduction).
        const int64_t in = elements(g.shape(fn.input));
        if (fn.outputNode < 0 || in < 0 || in != elements(g.shape(fn.output))) continue;
        fn.nodes = nodes;
        int64_t ops = 0;
        for (size_t k = 0; k < f.fns.size(); ++k) {
            fn.fn += (k ? "+" : "") + f.fns[k];
            ops += opsFor(f.fns[k]);
        }
        fn.opsPerElement = ops;
        // Name: one node is named as it is; several by their common scope (the
        // module, as exporters name nodes) and what they compute.
        std::string canonical;
        for (size_t k = 0; k < f.canonical.size(); ++k) canonical += (k ? "+" : "") + f.canonical[k];
        if (nodes.size() == 1) {
            fn.name = g.node(nodes[0]).name();
        } else {
            std::vector<int> named = f.anchors;
            named.push_back(fn.outputNode);
            std::string scope = scopeOf(g.node(named[0]).name());
            for (int a : named) {
                const std::string s = scopeOf(g.node(a).name());
                size_t k = 0;
                while (k < scope.size() && k < s.size() && scope[k] == s[k]) ++k;
                scope = scopeOf(scope.substr(0, k));
            }
            fn.name = scope.empty() ? canonical + "_" + std::to_string(fn.outputNode) : scope + canonical;
        }
        functions_.push_back(std::move(fn));
    }
    std::sort(functions_.begin(), functions_.end(),
              [](const ElementwiseFunction& a, const ElementwiseFunction& b) { return a.outputNode < b.outputNode; });
    std::fill(of_.begin(), of_.end(), -1);
    for (size_t k = 0; k < functions_.size(); ++k)
        for (int i : functions_[k].nodes) of_[size_t(i)] = int(k);
    member_.assign(size_t(n), false);
    for (int i = 0; i < n; ++i) member_[size_t(i)] = !source[size_t(i)].empty();
}

const ElementwiseFunction* ElementwiseFusion::functionOf(int node) const {
    const int k = of_.at(size_t(node));
    return k < 0 ? nullptr : &functions_[size_t(k)];
}

}  // namespace hcm::onnximp
