#include "platform_fingerprint.hpp"

#include <yaml-cpp/yaml.h>

#include "sim/common/content_hash.hpp"

namespace hcm {

namespace {

void flatten(const YAML::Node& node, const std::string& key, std::map<std::string, std::string>& out) {
    switch (node.Type()) {
    case YAML::NodeType::Map:
        for (const auto& kv : node) {
            const std::string name = kv.first.as<std::string>();
            flatten(kv.second, key.empty() ? name : key + "." + name, out);
        }
        break;
    case YAML::NodeType::Sequence:
        for (size_t i = 0; i < node.size(); ++i) flatten(node[i], key + "[" + std::to_string(i) + "]", out);
        break;
    case YAML::NodeType::Scalar:
        out[key] = node.Scalar();
        break;
    default:
        out[key] = "null";
    }
}

}  // namespace

std::map<std::string, std::string> platformSettings(const std::string& resolvedYaml) {
    std::map<std::string, std::string> out;
    if (resolvedYaml.empty()) return out;
    flatten(YAML::Load(resolvedYaml), "", out);
    out.erase("name");
    out.erase("description");
    return out;
}

std::string platformFingerprint(const std::string& resolvedYaml) {
    std::string lines;
    for (const auto& [k, v] : platformSettings(resolvedYaml)) lines += k + "=" + v + "\n";
    return contentHash(lines);
}

std::vector<std::string> settingDifferences(const std::string& fromYaml, const std::string& toYaml) {
    const auto a = platformSettings(fromYaml), b = platformSettings(toYaml);
    std::vector<std::string> out;
    auto ia = a.begin();
    auto ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
        if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
            out.push_back(ia->first + ": " + ia->second + " -> (absent)");
            ++ia;
        } else if (ia == a.end() || ib->first < ia->first) {
            out.push_back(ib->first + ": (absent) -> " + ib->second);
            ++ib;
        } else {
            if (ia->second != ib->second) out.push_back(ia->first + ": " + ia->second + " -> " + ib->second);
            ++ia, ++ib;
        }
    }
    return out;
}

}  // namespace hcm
