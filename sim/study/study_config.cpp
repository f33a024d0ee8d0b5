#include "study_config.hpp"

#include <algorithm>
#include <cstdio>
#include <regex>
#include <set>

#include "collectable_names.hpp"
#include "sim/common/yaml_reader.hpp"
#include "workloads/precision.hpp"

namespace hcm {

bool isSpecialAxis(const std::string& key) {
    return key == "hw" || key == "net" || key == "precision" || key == "quant" || key == "batch";
}

std::string stableHash(const std::string& text) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

namespace {


StudyConfig readStudy(const std::shared_ptr<YamlDocument>& doc) {
    YamlMap root = YamlMap::root(doc);
    StudyConfig s;
    s.source = doc->file;
    s.name = root.getString("name");
    root.getString("description", "");
    s.hw = root.getString("hw", s.hw);
    s.net = root.getString("net", s.net);
    s.mode = root.getEnum("mode", "run", {"run", "estimate"});
    root.touch("set");
    if (root.has("set")) {
        const YAML::Node n = root.node()["set"];
        if (!n.IsSequence()) root.fail("set", "expected a list of KEY=VALUE strings");
        for (size_t i = 0; i < n.size(); ++i) {
            if (!n[i].IsScalar() || n[i].Scalar().find('=') == std::string::npos)
                throwInputError(locationOf(*doc, n[i]), "set[" + std::to_string(i) + "]", "expected KEY=VALUE");
            s.sets.push_back(n[i].Scalar());
        }
    }
    root.touch("axes");
    if (root.has("axes")) {
        const YAML::Node axes = root.node()["axes"];
        if (!axes.IsMap()) root.fail("axes", "expected a map of key: [values]");
        std::set<std::string> seen;
        for (auto it = axes.begin(); it != axes.end(); ++it) {
            StudyAxis a;
            a.key = it->first.Scalar();
            const SourceLocation where = locationOf(*doc, it->first);
            if (!seen.insert(a.key).second) throwInputError(where, "axes." + a.key, "axis given twice");
            const YAML::Node v = it->second;
            if (v.IsScalar()) {
                a.values.push_back(v.Scalar());
            } else if (v.IsSequence() && v.size() > 0) {
                std::set<std::string> values;
                for (size_t i = 0; i < v.size(); ++i) {
                    if (!v[i].IsScalar())
                        throwInputError(locationOf(*doc, v[i]), "axes." + a.key, "values must be scalars");
                    // Twice the same value would be two rows of one point.
                    if (!values.insert(v[i].Scalar()).second)
                        throwInputError(locationOf(*doc, v[i]), "axes." + a.key,
                                        "value '" + v[i].Scalar() + "' given twice");
                    a.values.push_back(v[i].Scalar());
                }
            } else {
                throwInputError(where, "axes." + a.key, "expected a value or a non-empty list of values");
            }
            if (a.key == "precision")
                for (const auto& p : a.values)
                    if (!parsePrecisionName(p))
                        throwInputError(where, "axes.precision",
                                        "'" + p + "' is not a precision (" + kPrecisionNameSyntax + ")");
            s.axes.push_back(std::move(a));
        }
    }
    root.touch("collect");
    if (root.has("collect")) {
        const YAML::Node c = root.node()["collect"];
        if (!c.IsSequence() || c.size() == 0) root.fail("collect", "expected a non-empty list of result names");
        const std::vector<std::string>& valid = collectableNames(s.mode);
        std::set<std::string> seen;
        for (size_t i = 0; i < c.size(); ++i) {
            const std::string key = "collect[" + std::to_string(i) + "]";
            if (!c[i].IsScalar()) throwInputError(locationOf(*doc, c[i]), key, "expected a result name");
            const std::string name = c[i].Scalar();
            if (std::find(valid.begin(), valid.end(), name) == valid.end()) {
                std::string list;
                for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
                throwInputError(locationOf(*doc, c[i]), key,
                                "'" + name + "' is not a result of mode " + s.mode + " (valid: " + list + ")");
            }
            if (!seen.insert(name).second) throwInputError(locationOf(*doc, c[i]), key, "'" + name + "' given twice");
            s.collect.push_back(name);
        }
    } else {
        s.collect = {"cycles", "time_ns", "dram_read_bytes", "dram_write_bytes", "traffic_bits", "bops",
                     "intensity_bops_per_bit", "utilization", "energy.total_pj", "platform.area_mm2",
                     "platform.peak_power_w"};
        if (s.mode == "estimate") s.collect = {"cycles", "time_ns", "traffic_bits", "bops", "intensity_bops_per_bit",
                                               "platform.area_mm2", "platform.peak_power_w"};
    }
    root.finish();
    return s;
}

}  // namespace

StudyConfig loadStudy(const std::string& path) { return readStudy(YamlDocument::loadFile(path)); }
StudyConfig parseStudy(const std::string& text, const std::string& name) {
    return readStudy(YamlDocument::loadString(text, name));
}

std::vector<StudyPoint> expandPoints(const StudyConfig& study) {
    double total = 1;
    for (const auto& axis : study.axes) total *= double(axis.values.size());
    if (total > double(kMaxStudyPoints))
        throwInputError({study.source, 0, 0}, "axes",
                        "the axes give " + std::to_string(int64_t(total)) + " points; a study is limited to " +
                            std::to_string(kMaxStudyPoints) + " (split it, or use --emit-jobs per part)");
    std::vector<StudyPoint> points(1);
    for (const auto& axis : study.axes) {
        std::vector<StudyPoint> next;
        next.reserve(points.size() * axis.values.size());
        for (const auto& p : points)
            for (const auto& v : axis.values) {
                StudyPoint q = p;
                q.values.emplace_back(axis.key, v);
                next.push_back(std::move(q));
            }
        points = std::move(next);
    }
    for (auto& p : points) {
        std::string canon = study.hw + "|" + study.net + "|" + study.mode;
        for (const auto& s : study.sets) canon += "|set:" + s;
        for (const auto& [k, v] : p.values) canon += "|" + k + "=" + v;
        p.id = stableHash(canon);
    }
    return points;
}

PointInputs pointInputs(const StudyConfig& study, const StudyPoint& point) {
    PointInputs in;
    in.hw = study.hw, in.net = study.net, in.sets = study.sets;
    for (const auto& [k, v] : point.values) {
        if (k == "hw") {
            in.hw = v;
        } else if (k == "net") {
            in.net = v;
        } else if (k == "quant") {
            in.quant = v;
        } else if (k == "batch") {
            in.batch = v;
        } else if (k == "precision") {
            const PrecisionName n = *parsePrecisionName(v);
            in.wbits = n.wbits, in.abits = n.abits, in.obits = n.obits;
        } else {
            in.sets.push_back(k + "=" + v);
        }
    }
    return in;
}

std::vector<std::string> pointArguments(const StudyConfig& study, const StudyPoint& point, const std::string& outDir) {
    const PointInputs in = pointInputs(study, point);
    std::vector<std::string> args;
    if (study.mode == "run") {
        args = {"run", "--hw", in.hw, "--net", in.net, "--out", outDir, "--quiet"};
    } else {
        args = {"estimate", "--hw", in.hw, "--net", in.net, "--format", "json", "--out", outDir + "/estimate.json"};
    }
    for (const auto& s : in.sets) args.insert(args.end(), {"--set", s});
    if (!in.quant.empty()) args.insert(args.end(), {"--quant", in.quant});
    if (!in.batch.empty()) args.insert(args.end(), {"--batch", in.batch});
    if (!in.wbits.empty()) args.insert(args.end(), {"--wbits", in.wbits, "--abits", in.abits});
    if (!in.obits.empty()) args.insert(args.end(), {"--obits", in.obits});
    return args;
}

}  // namespace hcm
