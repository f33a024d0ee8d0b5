#include "network_yaml.hpp"

#include <limits>
#include <set>

#include "network_chain.hpp"
#include "precision_yaml.hpp"
#include "sim/common/yaml_reader.hpp"

namespace hcm {

namespace {

constexpr int64_t kMaxDim = int64_t(1) << 24;  // 16 M: far above any real tensor dimension

// "pad: 1" | "pad: [ph, pw]" | "pad: [top, left, bottom, right]"
void readPadding(YamlMap& m, Layer& L) {
    if (!m.has("pad")) {
        m.touch("pad");
        return;
    }
    const auto v = m.getIntOrList("pad", {2, 4}, 0, kMaxDim);
    if (v.size() == 1) {
        L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = v[0];
    } else if (v.size() == 2) {
        L.pad_top = L.pad_bottom = v[0];
        L.pad_left = L.pad_right = v[1];
    } else {
        L.pad_top = v[0];
        L.pad_left = v[1];
        L.pad_bottom = v[2];
        L.pad_right = v[3];
    }
}

void readPair(YamlMap& m, const std::string& key, int64_t def, int64_t& a, int64_t& b) {
    if (!m.has(key)) {
        m.touch(key);
        a = b = def;
        return;
    }
    const auto v = m.getIntOrList(key, {2}, 1, kMaxDim);
    a = v[0];
    b = v.size() == 2 ? v[1] : v[0];
}

Layer readLayer(YamlMap& m, int64_t batch) {
    Layer L;
    L.where = m.whereSelf();
    L.name = m.getString("name");
    const std::string op = m.getEnum("op", {"conv", "fc", "pool", "add", "eltwise"});
    L.n = m.getInt("batch", batch, 1, kMaxDim);
    if (m.has("from")) {
        L.from = m.getStringOrList("from");
        if (L.from.empty()) m.fail("from", "expected at least one layer name");
    }
    m.touch("from");
    if (op == "fc") {
        L.op = LayerOp::FC;
        L.c = m.getInt("in", 1, kMaxDim);
        L.k = m.getInt("out", 1, kMaxDim);
        L.n = m.getInt("m", L.n, 1, kMaxDim);  // GEMM rows (batch x tokens)
        L.groups = m.getInt("groups", 1, 1, kMaxDim);  // batched GEMM (heads)
        L.bias = m.getBool("bias", false);
        L.batchnorm = m.getBool("bn", false);
        L.runtime_weights = m.getBool("runtime_weights", false);
    } else {
        const auto in = m.getIntOrList("in", {3}, 1, kMaxDim);
        if (in.size() != 3) m.fail("in", "expected [C, H, W]");
        L.c = in[0];
        L.h = in[1];
        L.w = in[2];
        if (op == "conv") {
            L.op = LayerOp::Conv;
            L.k = m.getInt("out", 1, kMaxDim);
            L.groups = m.getInt("groups", 1, 1, kMaxDim);
            L.bias = m.getBool("bias", false);
            L.batchnorm = m.getBool("bn", false);
            L.runtime_weights = m.getBool("runtime_weights", false);
            readPair(m, "kernel", 1, L.r, L.s);
            if (!m.has("kernel")) m.fail("kernel", "required key is missing");
        } else if (op == "pool") {
            L.op = LayerOp::Pool;
            L.k = L.c;
            m.getEnum("kind", "max", {"max", "avg"});
            if (m.getBool("global", false)) {
                L.r = L.h;
                L.s = L.w;
            } else {
                readPair(m, "kernel", 1, L.r, L.s);
                if (!m.has("kernel")) m.fail("kernel", "required key is missing (or set global: true)");
            }
        } else if (op == "add") {
            L.op = LayerOp::Add;
            L.k = L.c;
            L.add_inputs = m.getInt("inputs", 2, 2, 64);
        } else {
            L.op = LayerOp::Eltwise;
            L.k = L.c;
            L.fn = m.getString("fn");
            const EltwiseDefaults d = eltwiseDefaults(L.fn);
            L.add_inputs = m.getInt("inputs", d.inputs, 1, 64);
            L.side_elements = m.getInt("side", d.side_is_channels ? L.c : 0, 0, kMaxDim);
            L.ops_per_element = m.getInt("ops", d.ops_per_element, 1, 1024);
        }
        if (op != "add" && op != "eltwise") {
            readPair(m, "stride", 1, L.stride_h, L.stride_w);
            readPair(m, "dilation", 1, L.dil_h, L.dil_w);
            readPadding(m, L);
            L.ceil_mode = m.getBool("ceil_mode", false);
        }
    }
    L.declared = readPrecisionFields(m);
    m.finish();
    return L;
}

Network readNetwork(const std::shared_ptr<YamlDocument>& doc) {
    YamlMap root = YamlMap::root(doc);
    Network net;
    net.source = doc->file;
    net.name = root.getString("name");
    net.batch = root.getInt("batch", 1, 1, kMaxDim);
    if (auto p = root.getOptionalMap("precision")) {
        net.default_precision = readPrecisionFields(*p);
        p->finish();
    }
    root.getString("description", "");
    root.getString("reference", "");
    std::set<std::string> names;
    // Checked before reading, so a huge list fails fast. `has` first: indexing a
    // missing key gives an invalid node, and yaml-cpp throws on its type query.
    if (root.has("layers")) {
        const YAML::Node layers = root.node()["layers"];
        if (layers.IsSequence() && layers.size() > kMaxNetworkLayers)
            root.fail("layers", std::to_string(layers.size()) + " layers; networks are limited to " +
                                    std::to_string(kMaxNetworkLayers) + " (docs/limits.md)");
    }
    std::vector<LayerKeyLocations> keys;
    for (auto& lm : root.getMapList("layers")) {
        Layer L = readLayer(lm, net.batch);
        if (!names.insert(L.name).second) lm.fail("name", "duplicate layer name '" + L.name + "'");
        keys.push_back({lm.where("in"), lm.where("from")});
        net.layers.push_back(std::move(L));
    }
    if (net.layers.empty()) root.fail("layers", "a network needs at least one layer");
    root.finish();
    checkNetworkChain(net, keys);
    return net;
}

}  // namespace

Network loadNetworkYaml(const std::string& path) { return readNetwork(YamlDocument::loadFile(path)); }

Network parseNetworkYaml(const std::string& text, const std::string& name) {
    return readNetwork(YamlDocument::loadString(text, name));
}

}  // namespace hcm
