#include "calibration_model.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/common/yaml_reader.hpp"
#include "sim/config/platform_fingerprint.hpp"

namespace hcm {

namespace {

constexpr const char* kCycleNames[kCycleFactors] = {"compute", "stall", "per_tile", "per_layer"};
constexpr const char* kEnergyNames[kEnergyFactors] = {"compute", "buffers", "interconnect", "dram", "leakage"};
constexpr const char* kShapeNames[kShapeDims] = {"rows", "reduction", "filters", "taps"};

// A range check with slack: a shape within a factor 1.25 of what was seen
// still counts as seen (log2 1.25 = 0.32).
constexpr double kRangeSlackLog2 = 0.32;

double dot(const CycleFactors& f, const CycleFactors& row) {
    double s = 0;
    for (size_t i = 0; i < kCycleFactors; ++i) s += f[i] * row[i];
    return s;
}

std::string fmt(double v) {
    std::ostringstream os;
    os.precision(10);
    os << v;
    return os.str();
}

}  // namespace

const char* shapeDimName(size_t i) { return i < kShapeDims ? kShapeNames[i] : "?"; }

LayerDescriptor describe(const Layer& L) {
    LayerDescriptor d;
    d.cls = classOf(L);
    d.wbits = L.prec.wbits;
    d.abits = L.prec.abits;
    auto lg = [](double v) { return std::log2(std::max(1.0, v)); };
    if (L.hasWeights()) {
        d.log_shape = {lg(double(L.n * (L.op == LayerOp::FC ? 1 : L.p() * L.q()))), lg(double(L.reductionSize())),
                       lg(double(L.k / L.groups)), lg(double(L.op == LayerOp::FC ? 1 : L.r * L.s))};
    } else {
        d.wbits = 0;  // no weights: the activation bits are the precision
        d.log_shape = {lg(double(L.outputElements())), lg(double(L.reductionSize())), 0, 0};
    }
    return d;
}

CycleFactors cycleRow(const ReplayedLayer& r) {
    return {double(r.compute_cycles), double(std::max<int64_t>(0, r.stall_cycles)), double(r.steps), 1.0};
}

EnergyFactors energyRow(const ReplayedLayer& r) {
    return {r.compute_energy_pj, r.buffer_energy_pj, r.interconnect_energy_pj, r.dram_energy_pj, r.leakage_energy_pj};
}

CalibratedLayer applyCalibration(const CalibrationModel& model, const LayerDescriptor& d, const ReplayedLayer& r) {
    CalibratedLayer c;
    const auto cls = model.classes.find(d.cls);
    // Inside what the fit saw?
    bool shapeOutside = false;
    if (cls == model.classes.end()) {
        c.extrapolation.push_back(std::string("class ") + toString(d.cls) + " not in the training (pooled factors)");
    } else {
        const ClassRange& range = cls->second.range;
        if (std::find(range.precisions.begin(), range.precisions.end(), std::make_pair(d.wbits, d.abits)) ==
            range.precisions.end())
            c.extrapolation.push_back("precision w" + std::to_string(d.wbits) + "a" + std::to_string(d.abits) +
                                      " not in the training of class " + toString(d.cls));
        for (size_t i = 0; i < kShapeDims; ++i)
            if (d.log_shape[i] < range.lo[i] - kRangeSlackLog2 || d.log_shape[i] > range.hi[i] + kRangeSlackLog2) {
                shapeOutside = true;
                c.extrapolation.push_back(std::string(kShapeNames[i]) + " " + fmt(std::exp2(d.log_shape[i])) +
                                          " outside the training range [" + fmt(std::exp2(range.lo[i])) + ", " +
                                          fmt(std::exp2(range.hi[i])) + "] of class " + toString(d.cls) +
                                          " (pooled factors)");
            }
    }
    // A class's own factors hold for the shapes it was fitted on; beyond them
    // (a 768-element LayerNorm against SE gates of 20,000) its per-tile and
    // per-layer terms say nothing, and the pooled factors, fitted on every
    // class, are the better guess.
    const bool own = cls != model.classes.end() && !shapeOutside;
    const CycleFactors& f = own ? cls->second.cycles : model.pooled;
    c.refined = own;
    // Within a factor 2 of the replay: beyond that the factors extrapolate.
    c.cycles = std::clamp(dot(f, cycleRow(r)), double(r.cycles) / 2.0, double(r.cycles) * 2.0);
    c.dram_bytes = model.dram_scale * double(r.dram_read_bytes + r.dram_write_bytes);
    const EnergyFactors e = energyRow(r);
    for (size_t i = 0; i < kEnergyFactors; ++i) c.energy_pj += model.energy[i] * e[i];
    return c;
}

CalibratedNetwork applyCalibration(const CalibrationModel& model, const Network& net, const ReplayedNetwork& r) {
    CalibratedNetwork out;
    for (size_t i = 0; i < r.layers.size(); ++i) {
        const Layer* L = nullptr;
        for (const Layer& x : net.layers)
            if (x.name == r.layers[i].name) L = &x;
        if (!L) continue;
        CalibratedLayer c = applyCalibration(model, describe(*L), r.layers[i]);
        out.totals.cycles += c.cycles;
        out.totals.dram_bytes += c.dram_bytes;
        out.totals.energy_pj += c.energy_pj;
        if (!c.extrapolation.empty()) out.totals.extrapolation.push_back(L->name);
        out.layers.push_back(std::move(c));
    }
    return out;
}

void saveCalibration(const CalibrationModel& m, const std::string& path) {
    std::ostringstream os;
    os << "# hcmsim calibration: the engine-aware estimator's factors fitted to simulations\n"
          "# cycles = compute x C + stall x S + per_tile x T + per_layer, with C, S, T the engine-aware\n"
          "# replay's compute cycles, stall cycles and tiles; dram = dram_scale x the replay's DRAM bytes;\n"
          "# energy = sum of factor x the replay's energy component. A class has cycle factors of its\n"
          "# own, pulled toward the pooled ones by ridge regression of strength lambda; `range` is what\n"
          "# the fit saw of it (estimates outside it are flagged as extrapolations).\n";
    os << "version: " << CalibrationModel::kVersion << "\n";
    os << "platform: \"" << m.platform << "\"\nengine: " << m.engine << "\n";
    if (!m.program.empty()) os << "program: \"" << m.program << "\"\n";
    if (!m.platform_settings.empty()) {
        os << "platform_fingerprint: \"" << m.platform_fingerprint << "\"\n";
        // The settings the fit saw, to name what differs where it is applied.
        os << "platform_settings: |\n";
        std::istringstream lines(m.platform_settings);
        for (std::string line; std::getline(lines, line);) os << "  " << line << "\n";
    }
    os << "nets: [";
    for (size_t i = 0; i < m.nets.size(); ++i) os << (i ? ", " : "") << "\"" << m.nets[i] << "\"";
    os << "]\nquant_set: [";
    for (size_t i = 0; i < m.quant_set.size(); ++i) os << (i ? ", " : "") << "\"" << m.quant_set[i] << "\"";
    os << "]\n";
    if (!m.inputs.empty()) {
        const auto quoted = [](const std::string& text) {
            std::string q = "\"";
            for (char c : text) q += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
            return q + "\"";
        };
        os << "inputs:  # the files the training set was read from, with their content hashes\n";
        for (const auto& in : m.inputs)
            os << "  - {name: " << quoted(in.name) << ", file: " << quoted(in.file) << ", file_hash: " << quoted(in.file_hash)
               << "}\n";
    }
    auto cycles = [&](const CycleFactors& f) {
        std::string s = "{";
        for (size_t i = 0; i < kCycleFactors; ++i) s += std::string(i ? ", " : "") + kCycleNames[i] + ": " + fmt(f[i]);
        return s + "}";
    };
    os << "cycles:\n  pooled: " << cycles(m.pooled) << "\n  mu: " << fmt(m.mu) << "\n  lambda: " << fmt(m.lambda)
       << "\n  classes:\n";
    for (const auto& [cls, c] : m.classes) {
        os << "    " << toString(cls) << ":\n      factors: " << cycles(c.cycles) << "\n      layers: "
           << c.range.layers << "\n      range:\n";
        for (size_t i = 0; i < kShapeDims; ++i)
            os << "        " << kShapeNames[i] << "_log2: [" << fmt(c.range.lo[i]) << ", " << fmt(c.range.hi[i]) << "]\n";
        os << "      precisions: [";
        for (size_t i = 0; i < c.range.precisions.size(); ++i)
            os << (i ? ", " : "") << "[" << c.range.precisions[i].first << ", " << c.range.precisions[i].second << "]";
        os << "]\n";
    }
    if (m.classes.empty()) os << "    {}\n";
    os << "dram_scale: " << fmt(m.dram_scale) << "\nenergy: {";
    for (size_t i = 0; i < kEnergyFactors; ++i) os << (i ? ", " : "") << kEnergyNames[i] << ": " << fmt(m.energy[i]);
    os << "}\n";
    writeFileAtomic(path, os.str());
}

namespace {

CycleFactors readCycles(YamlMap& map) {
    CycleFactors f{};
    for (size_t i = 0; i < kCycleFactors; ++i) f[i] = map.getDouble(kCycleNames[i], -1e12, 1e12);
    map.finish();
    return f;
}

}  // namespace

void checkCalibrationPlatform(const CalibrationModel& m, const std::string& file, const PlatformConfig& platform,
                              bool strict, std::ostream& warn) {
    if (m.engine != toString(platform.compute.kind))
        throwInputError({file, 0, 0}, "engine",
                        "was fitted on a " + m.engine + " platform, not " + toString(platform.compute.kind));
    std::string why;
    if (m.platform_settings.empty()) {
        if (m.platform != platform.name)
            why = "was fitted on platform '" + m.platform + "', applied to '" + platform.name +
                  "' (the file records no platform settings to compare: refit it to have them)";
    } else if (m.platform_fingerprint != platformFingerprint(platform)) {
        const std::vector<std::string> diff = settingDifferences(m.platform_settings, platform.resolved_yaml);
        why = "was fitted on a platform that differs from this one in " + std::to_string(diff.size()) + " setting" +
              (diff.size() == 1 ? "" : "s") + ": ";
        for (size_t i = 0; i < diff.size() && i < 6; ++i) why += (i ? "; " : "") + diff[i];
        if (diff.size() > 6) why += "; ...";
    }
    if (why.empty()) return;
    if (strict) throwInputError({file, 0, 0}, "platform", why + " (--strict)");
    warn << "warning: " << file << " " << why << "\n";
}

CalibrationModel loadCalibration(const std::string& path) {
    const auto doc = YamlDocument::loadFile(path);
    YamlMap root = YamlMap::root(doc);
    CalibrationModel m;
    if (!root.has("version") || root.getInt("version", 0, 1000) != CalibrationModel::kVersion)
        root.fail("version", "this calibration was written by an earlier hcmsim (model version " +
                                 std::to_string(CalibrationModel::kVersion) + " expected): refit it with hcmsim calibrate");
    m.platform = root.getString("platform");
    m.engine = root.getString("engine");
    if (root.has("program")) m.program = root.getString("program");
    if (root.has("platform_settings")) {
        m.platform_fingerprint = root.getString("platform_fingerprint");
        m.platform_settings = root.getString("platform_settings");
    }
    m.nets = root.getStringOrList("nets");
    m.quant_set = root.getStringOrList("quant_set");
    if (root.has("inputs"))
        for (YamlMap in : root.getMapList("inputs"))
            m.inputs.push_back({in.getString("name"), in.getString("file"), in.getString("file_hash")});
    YamlMap cycles = root.getMap("cycles");
    YamlMap pooled = cycles.getMap("pooled");
    m.pooled = readCycles(pooled);
    m.mu = cycles.getDouble("mu", 0, 1e12);
    m.lambda = cycles.getDouble("lambda", 0, 1e12);
    YamlMap classes = cycles.getMap("classes");
    for (auto it = classes.node().begin(); it != classes.node().end(); ++it) {
        const std::string name = it->first.as<std::string>("");
        const auto cls = layerClassNamed(name);
        if (!cls) classes.fail(name, "not a layer class (conv, pointwise, strided, depthwise, fc, pool, add, eltwise)");
        YamlMap cm = classes.getMap(name);
        ClassFactors cf;
        YamlMap fm = cm.getMap("factors");
        cf.cycles = readCycles(fm);
        cf.range.layers = size_t(cm.getInt("layers", 0, int64_t(1) << 40));
        YamlMap rm = cm.getMap("range");
        for (size_t i = 0; i < kShapeDims; ++i) {
            const std::string key = std::string(kShapeNames[i]) + "_log2";
            if (!rm.has(key)) rm.fail(key, "required key is missing");
            const YAML::Node n = rm.node()[key];
            rm.touch(key);
            if (!n.IsSequence() || n.size() != 2) rm.fail(key, "expected [lo, hi]");
            try {
                cf.range.lo[i] = n[0].as<double>();
                cf.range.hi[i] = n[1].as<double>();
            } catch (const YAML::Exception&) {
                rm.fail(key, "expected two numbers");
            }
            if (!(std::isfinite(cf.range.lo[i]) && std::isfinite(cf.range.hi[i]) && cf.range.lo[i] <= cf.range.hi[i]))
                rm.fail(key, "expected finite lo <= hi");
        }
        rm.finish();
        if (!cm.has("precisions")) cm.fail("precisions", "required key is missing");
        cm.touch("precisions");
        const YAML::Node pn = cm.node()["precisions"];
        if (!pn.IsSequence()) cm.fail("precisions", "expected a list of [wbits, abits]");
        for (size_t i = 0; i < pn.size(); ++i) {
            try {
                if (!pn[i].IsSequence() || pn[i].size() != 2) throw YAML::Exception(YAML::Mark(), "");
                cf.range.precisions.emplace_back(pn[i][0].as<int>(), pn[i][1].as<int>());
            } catch (const YAML::Exception&) {
                cm.fail("precisions", "expected a list of [wbits, abits] pairs");
            }
        }
        cm.finish();
        m.classes[*cls] = cf;
    }
    cycles.finish();
    m.dram_scale = root.getDouble("dram_scale", 0, 1e6);
    YamlMap energy = root.getMap("energy");
    for (size_t i = 0; i < kEnergyFactors; ++i) m.energy[i] = energy.getDouble(kEnergyNames[i], 0, 1e6);
    energy.finish();
    root.finish();
    return m;
}

}  // namespace hcm
