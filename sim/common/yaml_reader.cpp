#include "yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

namespace hcm {

namespace {

std::string joinPath(const std::string& base, const std::string& key) {
    return base.empty() ? key : base + "." + key;
}

std::string describeScalar(const YAML::Node& n) {
    if (n.IsScalar()) return "'" + n.Scalar() + "'";
    if (n.IsMap()) return "a map";
    if (n.IsSequence()) return "a list";
    return "nothing";
}

bool parseInt(const std::string& text, int64_t& out) {
    if (text.empty()) return false;
    size_t pos = 0;
    try {
        long long v = std::stoll(text, &pos, 10);
        if (pos != text.size()) return false;
        out = v;
        return true;
    } catch (...) {
        return false;
    }
}

bool parseDouble(const std::string& text, double& out) {
    if (text.empty()) return false;
    size_t pos = 0;
    try {
        double v = std::stod(text, &pos);
        if (pos != text.size() || !std::isfinite(v)) return false;
        out = v;
        return true;
    } catch (...) {
        return false;
    }
}

// Edit distance, to suggest the key a typo was meant to be.
size_t editDistance(const std::string& a, const std::string& b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string numberText(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

}  // namespace

SourceLocation locationOf(const YamlDocument& doc, const YAML::Node& node) {
    SourceLocation loc{doc.file, 0, 0};
    if (node.IsDefined()) {
        const YAML::Mark m = node.Mark();
        if (m.line >= 0 && !m.is_null()) {
            loc.line = m.line + 1;
            loc.column = m.column + 1;
        }
    }
    return loc;
}

std::shared_ptr<YamlDocument> YamlDocument::loadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throwInputError({path, 0, 0}, "", "cannot open file");
    // A parsed YAML tree takes ~100x its text; no hcmsim input needs more
    // than a few MiB, so a larger file is refused before it exhausts memory.
    const auto size = static_cast<uint64_t>(in.tellg());
    if (size > kMaxYamlBytes)
        throwInputError({path, 0, 0}, "",
                        "file is " + std::to_string(size / 1048576) + " MiB; YAML inputs are limited to " +
                            std::to_string(kMaxYamlBytes / 1048576) + " MiB (docs/limits.md)");
    in.seekg(0);
    std::ostringstream ss;
    ss << in.rdbuf();
    return loadString(ss.str(), path);
}

std::shared_ptr<YamlDocument> YamlDocument::loadString(const std::string& text, const std::string& name) {
    auto doc = std::make_shared<YamlDocument>();
    doc->file = name;
    try {
        doc->root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
        throwInputError({name, e.mark.line + 1, e.mark.column + 1}, "", "YAML syntax error: " + e.msg);
    }
    if (!doc->root.IsDefined() || doc->root.IsNull()) doc->root = YAML::Node(YAML::NodeType::Map);
    return doc;
}

void YamlDocument::applyOverride(const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
        throwInputError({}, "--set " + assignment, "expected KEY.PATH=VALUE");
    const std::string keyPath = assignment.substr(0, eq);
    const std::string valueText = assignment.substr(eq + 1);
    std::vector<std::string> parts;
    std::stringstream ss(keyPath);
    for (std::string part; std::getline(ss, part, '.');) {
        if (part.empty()) throwInputError({}, "--set " + keyPath, "empty component in key path");
        parts.push_back(part);
    }
    YAML::Node value;
    try {
        value = YAML::Load(valueText);
    } catch (const YAML::Exception& e) {
        throwInputError({}, "--set " + keyPath, "cannot parse value '" + valueText + "': " + e.msg);
    }
    if (!root.IsMap()) throwInputError({file, 0, 0}, "", "document is not a map");
    // yaml-cpp nodes are handles: reset() re-points, operator= would overwrite.
    YAML::Node cur;
    cur.reset(root);
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        YAML::Node next = cur[parts[i]];
        if (!next.IsDefined() || next.IsNull()) {
            cur[parts[i]] = YAML::Node(YAML::NodeType::Map);
            next = cur[parts[i]];
        } else if (!next.IsMap()) {
            throwInputError({}, "--set " + keyPath, "'" + parts[i] + "' is not a map");
        }
        YAML::Node tmp;
        tmp.reset(next);
        cur.reset(tmp);
    }
    cur[parts.back()] = value;
    overridden.insert(keyPath);
}

YamlMap::YamlMap(std::shared_ptr<const YamlDocument> doc, YAML::Node node, std::string path)
    : doc_(std::move(doc)), node_(node), path_(std::move(path)) {}

YamlMap YamlMap::root(const std::shared_ptr<const YamlDocument>& doc) {
    if (!doc->root.IsMap()) throwInputError(locationOf(*doc, doc->root), "", "expected a map at the top level");
    return YamlMap(doc, doc->root, "");
}

std::string YamlMap::keyPath(const std::string& key) const { return joinPath(path_, key); }

std::string YamlMap::display(const std::string& key) const {
    const std::string p = keyPath(key);
    // A value given with --set (or inside one) is reported as such.
    for (const auto& o : doc_->overridden) {
        if (p == o || p.rfind(o + ".", 0) == 0) return "--set " + p;
    }
    return p;
}

bool YamlMap::has(const std::string& key) const {
    const YAML::Node& n = node_;
    const YAML::Node child = n[key];
    return child.IsDefined() && !child.IsNull();
}

bool YamlMap::isOverride(const std::string& key) const {
    const std::string p = keyPath(key);
    for (const auto& o : doc_->overridden)
        if (p == o || p.rfind(o + ".", 0) == 0) return true;
    return false;
}

SourceLocation YamlMap::whereSelf() const { return locationOf(*doc_, node_); }

SourceLocation YamlMap::where(const std::string& key) const {
    const YAML::Node& n = node_;
    const YAML::Node child = n[key];
    const std::string p = keyPath(key);
    for (const auto& o : doc_->overridden) {
        if (p == o || p.rfind(o + ".", 0) == 0) return SourceLocation{};
    }
    if (child.IsDefined()) {
        SourceLocation loc = locationOf(*doc_, child);
        if (loc.line > 0) return loc;
    }
    return whereSelf();
}

void YamlMap::fail(const std::string& key, const std::string& message) const {
    throwInputError(where(key), display(key), message);
}

void YamlMap::touch(const std::string& key) { seen_.insert(key); }

YAML::Node YamlMap::scalar(const std::string& key) {
    seen_.insert(key);
    const YAML::Node& n = node_;
    YAML::Node child = n[key];
    if (!child.IsDefined() || child.IsNull()) fail(key, "required key is missing");
    if (!child.IsScalar()) fail(key, "expected a single value, got " + describeScalar(child));
    return child;
}

int64_t YamlMap::getInt(const std::string& key, int64_t lo, int64_t hi) {
    const YAML::Node n = scalar(key);
    int64_t v = 0;
    if (!parseInt(n.Scalar(), v)) fail(key, "expected an integer, got " + describeScalar(n));
    if (v < lo || v > hi)
        fail(key, "value " + std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    return v;
}

double YamlMap::getDouble(const std::string& key, double lo, double hi) {
    const YAML::Node n = scalar(key);
    double v = 0;
    if (!parseDouble(n.Scalar(), v)) fail(key, "expected a number, got " + describeScalar(n));
    if (v < lo || v > hi)
        fail(key, "value " + n.Scalar() + " is out of range [" + numberText(lo) + ", " + numberText(hi) + "]");
    return v;
}

bool YamlMap::getBool(const std::string& key) {
    const YAML::Node n = scalar(key);
    const std::string& t = n.Scalar();
    if (t == "true" || t == "True" || t == "yes" || t == "on") return true;
    if (t == "false" || t == "False" || t == "no" || t == "off") return false;
    fail(key, "expected true or false, got " + describeScalar(n));
}

std::string YamlMap::getString(const std::string& key) {
    const YAML::Node n = scalar(key);
    return n.Scalar();
}

std::string YamlMap::getEnum(const std::string& key, const std::vector<std::string>& choices) {
    const std::string v = getString(key);
    for (const auto& c : choices)
        if (c == v) return v;
    std::string list;
    for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
    fail(key, "'" + v + "' is not one of: " + list);
}

int64_t YamlMap::getInt(const std::string& key, int64_t def, int64_t lo, int64_t hi) {
    if (!has(key)) {
        seen_.insert(key);
        return def;
    }
    return getInt(key, lo, hi);
}

double YamlMap::getDouble(const std::string& key, double def, double lo, double hi) {
    if (!has(key)) {
        seen_.insert(key);
        return def;
    }
    return getDouble(key, lo, hi);
}

bool YamlMap::getBool(const std::string& key, bool def) {
    if (!has(key)) {
        seen_.insert(key);
        return def;
    }
    return getBool(key);
}

std::string YamlMap::getString(const std::string& key, const std::string& def) {
    if (!has(key)) {
        seen_.insert(key);
        return def;
    }
    return getString(key);
}

std::string YamlMap::getEnum(const std::string& key, const std::string& def, const std::vector<std::string>& choices) {
    if (!has(key)) {
        seen_.insert(key);
        return def;
    }
    return getEnum(key, choices);
}

std::vector<int64_t> YamlMap::getIntOrList(const std::string& key, const std::vector<size_t>& allowedCounts,
                                           int64_t lo, int64_t hi) {
    seen_.insert(key);
    const YAML::Node& self = node_;
    const YAML::Node n = self[key];
    if (!n.IsDefined() || n.IsNull()) fail(key, "required key is missing");
    if (n.IsScalar()) return {getInt(key, lo, hi)};
    std::string counts;
    for (size_t c : allowedCounts) counts += (counts.empty() ? "" : " or ") + std::to_string(c);
    if (!n.IsSequence()) fail(key, "expected an integer or a list of " + counts + " integers");
    bool ok = false;
    for (size_t c : allowedCounts) ok = ok || (n.size() == c);
    if (!ok) fail(key, "expected a list of " + counts + " integers, got " + std::to_string(n.size()));
    std::vector<int64_t> out;
    for (size_t i = 0; i < n.size(); ++i) {
        const YAML::Node e = n[i];
        int64_t v = 0;
        const std::string ek = key + "[" + std::to_string(i) + "]";
        if (!e.IsScalar() || !parseInt(e.Scalar(), v))
            throwInputError(locationOf(*doc_, e), display(ek), "expected an integer, got " + describeScalar(e));
        if (v < lo || v > hi)
            throwInputError(locationOf(*doc_, e), display(ek),
                            "value " + std::to_string(v) + " is out of range [" + std::to_string(lo) + ", " +
                                std::to_string(hi) + "]");
        out.push_back(v);
    }
    return out;
}

std::vector<std::string> YamlMap::getStringOrList(const std::string& key) {
    seen_.insert(key);
    const YAML::Node& self = node_;
    const YAML::Node n = self[key];
    if (!n.IsDefined() || n.IsNull()) fail(key, "required key is missing");
    if (n.IsScalar()) return {getString(key)};
    if (!n.IsSequence()) fail(key, "expected a string or a list of strings");
    std::vector<std::string> out;
    for (size_t i = 0; i < n.size(); ++i) {
        const YAML::Node e = n[i];
        if (!e.IsScalar())
            throwInputError(locationOf(*doc_, e), display(key + "[" + std::to_string(i) + "]"), "expected a string");
        out.push_back(e.Scalar());
    }
    return out;
}

YamlMap YamlMap::getMap(const std::string& key) {
    seen_.insert(key);
    const YAML::Node& self = node_;
    YAML::Node n = self[key];
    if (!n.IsDefined() || n.IsNull()) fail(key, "required section is missing");
    if (!n.IsMap()) fail(key, "expected a map, got " + describeScalar(n));
    return YamlMap(doc_, n, keyPath(key));
}

std::optional<YamlMap> YamlMap::getOptionalMap(const std::string& key) {
    if (!has(key)) {
        seen_.insert(key);
        return std::nullopt;
    }
    return getMap(key);
}

std::vector<YamlMap> YamlMap::getMapList(const std::string& key) {
    seen_.insert(key);
    const YAML::Node& self = node_;
    YAML::Node n = self[key];
    if (!n.IsDefined() || n.IsNull()) fail(key, "required list is missing");
    if (!n.IsSequence()) fail(key, "expected a list, got " + describeScalar(n));
    std::vector<YamlMap> out;
    for (size_t i = 0; i < n.size(); ++i) {
        YAML::Node e = n[i];
        const std::string ek = key + "[" + std::to_string(i) + "]";
        if (!e.IsMap()) throwInputError(locationOf(*doc_, e), display(ek), "expected a map, got " + describeScalar(e));
        out.emplace_back(doc_, e, keyPath(ek));
    }
    return out;
}

void YamlMap::finish() const {
    for (auto it = node_.begin(); it != node_.end(); ++it) {
        const std::string k = it->first.Scalar();
        if (!seen_.count(k)) {
            SourceLocation loc = locationOf(*doc_, it->first);
            std::string shown = display(k);
            // A key that only an override created (--set foo.bar=1 makes the
            // map `foo`) is the override's fault, not the file's.
            for (const auto& o : doc_->overridden)
                if (o.rfind(keyPath(k) + ".", 0) == 0) shown = "--set " + o;
            if (shown.rfind("--set ", 0) == 0) loc = SourceLocation{};
            std::string best;
            size_t bestDistance = 3;  // suggest only close matches
            for (const auto& known : seen_) {
                const size_t d = editDistance(k, known);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = known;
                }
            }
            throwInputError(loc, shown, best.empty() ? "unknown key" : "unknown key (did you mean '" + best + "'?)");
        }
    }
}

}  // namespace hcm
