#include "sensitivity.hpp"

#include <cmath>

#include "sim/common/glob.hpp"
#include "sim/common/yaml_reader.hpp"

namespace hcm {

double OperandSensitivity::cost(int bits) const {
    if (measured.empty()) return weight * std::pow(4.0, -double(bits));
    const auto exact = measured.find(bits);
    if (exact != measured.end()) return exact->second;
    // Interpolate in log2(bits); clamp outside the measured range.
    auto hi = measured.lower_bound(bits);
    if (hi == measured.begin()) return hi->second;
    if (hi == measured.end()) return std::prev(hi)->second;
    auto lo = std::prev(hi);
    const double x = std::log2(double(bits)), x0 = std::log2(double(lo->first)), x1 = std::log2(double(hi->first));
    return lo->second + (hi->second - lo->second) * (x - x0) / (x1 - x0);
}

namespace {

OperandSensitivity readOperand(const YamlDocument& doc, const YAML::Node& n, const std::string& key) {
    OperandSensitivity s;
    if (!n.IsDefined() || n.IsNull()) return s;
    if (n.IsScalar()) {
        try {
            s.weight = std::stod(n.Scalar());
        } catch (...) {
            throwInputError(locationOf(doc, n), key, "expected a number or a map bits: accuracy drop");
        }
        if (!(s.weight >= 0)) throwInputError(locationOf(doc, n), key, "must be >= 0");
        return s;
    }
    if (!n.IsMap()) throwInputError(locationOf(doc, n), key, "expected a number or a map bits: accuracy drop");
    for (auto it = n.begin(); it != n.end(); ++it) {
        int bits = 0;
        double drop = 0;
        try {
            bits = std::stoi(it->first.Scalar());
            drop = std::stod(it->second.Scalar());
        } catch (...) {
            throwInputError(locationOf(doc, it->first), key, "entries are bits: accuracy drop");
        }
        if (bits < 1 || bits > 32) throwInputError(locationOf(doc, it->first), key, "bits must be in 1..32");
        s.measured[bits] = drop;
    }
    return s;
}

LayerSensitivity readLayer(const YamlDocument& doc, const YAML::Node& n, const std::string& key) {
    if (!n.IsMap()) throwInputError(locationOf(doc, n), key, "expected {w: ..., a: ...}");
    for (auto it = n.begin(); it != n.end(); ++it)
        if (it->first.Scalar() != "w" && it->first.Scalar() != "a")
            throwInputError(locationOf(doc, it->first), key + "." + it->first.Scalar(), "unknown key (use w and a)");
    return {readOperand(doc, n["w"], key + ".w"), readOperand(doc, n["a"], key + ".a")};
}

}  // namespace

SensitivityModel SensitivityModel::load(const std::string& path) {
    auto doc = YamlDocument::loadFile(path);
    SensitivityModel m;
    m.source_ = path;
    YamlMap root = YamlMap::root(doc);
    root.touch("default");
    root.touch("layers");
    root.getString("description", "");
    if (root.has("default")) m.default_ = readLayer(*doc, root.node()["default"], "default");
    if (root.has("layers")) {
        const YAML::Node layers = root.node()["layers"];
        if (!layers.IsMap()) root.fail("layers", "expected a map of layer name or glob to {w, a}");
        for (auto it = layers.begin(); it != layers.end(); ++it)
            m.rules_.emplace_back(it->first.Scalar(),
                                  readLayer(*doc, it->second, "layers." + it->first.Scalar()));
    }
    root.finish();
    return m;
}

std::vector<LayerSensitivity> SensitivityModel::forNetwork(const Network& net) const {
    std::vector<LayerSensitivity> out;
    for (const auto& L : net.layers) {
        LayerSensitivity s = default_;
        for (const auto& [pattern, rule] : rules_)
            if (globMatch(pattern, L.name)) s = rule;
        out.push_back(s);
    }
    return out;
}

}  // namespace hcm
