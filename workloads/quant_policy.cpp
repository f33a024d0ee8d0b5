#include "quant_policy.hpp"

#include "precision_yaml.hpp"
#include "sim/common/glob.hpp"
#include "sim/common/yaml_reader.hpp"

namespace hcm {

namespace {

PrecisionOverride readBits(YamlMap& m) { return readPrecisionFields(m); }

QuantPolicy readPolicy(const std::shared_ptr<YamlDocument>& doc) {
    QuantPolicy policy;
    policy.source = doc->file;
    YamlMap root = YamlMap::root(doc);
    root.getString("description", "");
    if (auto d = root.getOptionalMap("default")) {
        policy.defaults = readBits(*d);
        d->finish();
    }
    if (root.has("rules")) {
        for (auto& rm : root.getMapList("rules")) {
            QuantRule rule;
            rule.where = rm.whereSelf();
            rm.touch("match");
            const YAML::Node match = rm.node()["match"];
            if (!match.IsDefined() || match.IsNull()) rm.fail("match", "required key is missing");
            if (match.IsScalar()) {
                rule.patterns.push_back(match.Scalar());
            } else if (match.IsSequence() && match.size() > 0) {
                for (size_t i = 0; i < match.size(); ++i) {
                    if (!match[i].IsScalar()) rm.fail("match", "expected a name, glob or list of them");
                    rule.patterns.push_back(match[i].Scalar());
                }
            } else {
                rm.fail("match", "expected a name, glob or list of them");
            }
            for (const auto& p : rule.patterns)
                if (!p.empty() && p[0] == '@' && p != "@first" && p != "@last" && p != "@all")
                    rm.fail("match", "unknown selector '" + p + "' (use @first, @last, @all or a glob)");
            rule.precision = readBits(rm);
            if (rule.precision.empty()) rm.fail("match", "rule sets no bits (give wbits, abits and/or obits)");
            rm.finish();
            policy.rules.push_back(std::move(rule));
        }
    } else {
        root.touch("rules");
    }
    root.finish();
    return policy;
}

bool ruleMatches(const QuantRule& rule, const Network& net, size_t index, size_t firstCompute, size_t lastCompute) {
    const Layer& L = net.layers[index];
    for (const auto& p : rule.patterns) {
        if (p == "@all") return true;
        if (p == "@first" && index == firstCompute) return true;
        if (p == "@last" && index == lastCompute) return true;
        if (p[0] != '@' && globMatch(p, L.name)) return true;
    }
    return false;
}

}  // namespace

QuantPolicy loadQuantPolicy(const std::string& path) { return readPolicy(YamlDocument::loadFile(path)); }

QuantPolicy parseQuantPolicy(const std::string& text, const std::string& name) {
    return readPolicy(YamlDocument::loadString(text, name));
}

std::vector<std::string> resolvePrecision(Network& net, const PrecisionRequest& req) {
    std::vector<std::string> warnings;
    PrecisionOverride base;
    base.wbits = 8;
    base.abits = 8;
    base.fp = false;
    base.overlay(net.default_precision);
    if (req.policy) base.overlay(req.policy->defaults);
    base.overlay(req.cli);

    size_t firstCompute = net.layers.size(), lastCompute = net.layers.size();
    for (size_t i = 0; i < net.layers.size(); ++i) {
        if (!net.layers[i].hasWeights()) continue;
        if (firstCompute == net.layers.size()) firstCompute = i;
        lastCompute = i;
    }
    std::vector<size_t> ruleHits(req.policy ? req.policy->rules.size() : 0, 0);
    for (size_t i = 0; i < net.layers.size(); ++i) {
        Layer& L = net.layers[i];
        PrecisionOverride p = base;
        p.overlay(L.declared);
        if (req.policy) {
            for (size_t r = 0; r < req.policy->rules.size(); ++r) {
                const QuantRule& rule = req.policy->rules[r];
                if (ruleMatches(rule, net, i, firstCompute, lastCompute)) {
                    p.overlay(rule.precision);
                    ++ruleHits[r];
                }
            }
        }
        L.prec.wbits = *p.wbits;
        L.prec.abits = *p.abits;
        // Output bits default to the layer's activation bits unless given at any level.
        L.prec.obits = p.obits ? *p.obits : *p.abits;
        L.prec.fp = p.fp.value_or(false);
    }
    for (size_t r = 0; r < ruleHits.size(); ++r) {
        if (ruleHits[r] == 0) {
            const QuantRule& rule = req.policy->rules[r];
            std::string pats;
            for (const auto& p : rule.patterns) pats += (pats.empty() ? "" : ", ") + p;
            warnings.push_back(rule.where.str() + ": rule matches no layer of '" + net.name + "': " + pats);
        }
    }
    return warnings;
}

}  // namespace hcm
