#include "calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "process_pool.hpp"
#include "progress_bar.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/content_hash.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/platform_fingerprint.hpp"
#include "sim/estimate/calibration_fit.hpp"
#include "sim/estimate/memory_timing_factory.hpp"
#include "sim/metric/feasibility.hpp"
#include "sim/metric/hcm_estimator.hpp"
#include "sim/report/program_version.hpp"
#include "study_config.hpp"
#include "workloads/network_loader.hpp"

namespace fs = std::filesystem;

namespace hcm {

double kendallTau(const std::vector<double>& a, const std::vector<double>& b) {
    const size_t n = std::min(a.size(), b.size());
    double concordant = 0, discordant = 0, tiesA = 0, tiesB = 0;
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i + 1; j < n; ++j) {
            const double da = a[i] - a[j], db = b[i] - b[j];
            if (da == 0 && db == 0) continue;
            if (da == 0) {
                tiesA += 1;
            } else if (db == 0) {
                tiesB += 1;
            } else if ((da > 0) == (db > 0)) {
                concordant += 1;
            } else {
                discordant += 1;
            }
        }
    const double denom = std::sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB));
    return denom > 0 ? (concordant - discordant) / denom : 1.0;
}

std::vector<std::string> precisionArguments(const std::string& q) {
    if (const auto n = parsePrecisionName(q)) {
        std::vector<std::string> a = {"--wbits", n->wbits, "--abits", n->abits};
        if (!n->obits.empty()) a.insert(a.end(), {"--obits", n->obits});
        return a;
    }
    return {"--quant", q};
}

namespace {

// One simulated (network, precision) pair: its layers as measured and as the
// tiers below the calibrated one estimate them.
struct Sample {
    std::string net, quant;
    Network network;
    ReplayedNetwork replay;                   // the engine-aware tier
    std::vector<LayerEstimate> roofline;      // the HCM metric
    std::vector<double> cycles, dram, energy; // measured, by layer index
};

NetworkRequest requestFor(const std::string& net, const std::string& q) {
    NetworkRequest r;
    r.spec = net;
    if (const auto n = parsePrecisionName(q)) {
        r.cli = PrecisionOverride::of(*n);
    } else {
        r.quantPolicyFile = q;
    }
    return r;
}

std::string setsKey(const std::vector<std::string>& sets) {
    std::string all;
    for (const auto& x : sets) all += x + ";";
    return all;
}

// A (network, precision) pair the design cannot run (a layer that cannot be
// tiled on its buffers): left out of the fit and the report, and listed.
struct Infeasible {
    std::string net, quant, reason;
};

std::vector<Sample> simulate(const CalibrateOptions& opt, const std::vector<std::string>& nets,
                             const PlatformConfig& platform, EngineAwareEstimator& engineAware,
                             const std::string& what, std::vector<Infeasible>& infeasible) {
    std::vector<Sample> samples;
    std::vector<ChildJob> jobs;
    for (const auto& net : nets)
        for (const auto& q : opt.quant_set) {
            Sample s;
            s.net = net;
            s.quant = q;
            s.network = loadNetwork(requestFor(net, q));  // validates the pair before any simulation
            // The predicate `run` applies: a pair it would reject is not simulated.
            try {
                requireFeasible(platform, s.network);
            } catch (const InputError& e) {
                infeasible.push_back({net, q, e.what()});
                std::cerr << "calibrate: " << net << " at " << q << " left out, the design cannot run it: " << e.what()
                          << "\n";
                continue;
            }
            samples.push_back(std::move(s));
            const std::string dir = opt.work_dir + "/" + stableHash(opt.hw + "|" + net + "|" + q + "|" + setsKey(opt.sets));
            if (fs::exists(dir + "/summary.json")) {  // reuse an earlier simulation of the same point
                jobs.push_back({dir, {}, ""});
                continue;
            }
            ensureDirectory(dir);
            std::vector<std::string> args = {"run", "--hw", opt.hw, "--net", net, "--out", dir, "--quiet"};
            for (const auto& x : opt.sets) args.insert(args.end(), {"--set", x});
            const auto p = precisionArguments(q);
            args.insert(args.end(), p.begin(), p.end());
            jobs.push_back({dir, args, dir + "/log.txt"});
        }
    std::vector<ChildJob> toRun;
    for (const auto& j : jobs)
        if (!j.args.empty()) toRun.push_back(j);
    ProgressBar bar("calibrate: simulating " + what, toRun.size());
    size_t done = 0;
    std::string firstError;
    ProcessPool(opt.jobs).run(
        toRun,
        [&](const ChildResult& r) {
            if (r.exitCode != 0 && firstError.empty()) firstError = r.lastErrorLine;
            bar.advance(++done, 0);
        },
        opt.stop);
    bar.finish();
    if (opt.stop && *opt.stop) throw std::runtime_error("interrupted");
    if (!firstError.empty()) throwInputError({}, "calibrate", "a training simulation failed: " + firstError);
    for (size_t i = 0; i < samples.size(); ++i) {
        Sample& s = samples[i];
        std::ifstream in(jobs[i].id + "/summary.json");
        nlohmann::json j;
        in >> j;
        const size_t n = s.network.layers.size();
        s.cycles.assign(n, 0), s.dram.assign(n, 0), s.energy.assign(n, 0);
        for (const auto& l : j["layers"]) {
            const size_t idx = l["index"].get<size_t>();
            s.cycles[idx] = l["cycles"].get<double>();
            s.dram[idx] = l["dram_read_bytes"].get<double>() + l["dram_write_bytes"].get<double>();
            s.energy[idx] = l["energy"]["total_pj"].get<double>();
        }
        s.replay = engineAware.run(s.network);
        for (const Layer& L : s.network.layers) s.roofline.push_back(estimateLayer(platform, L, &s.network));
    }
    return samples;
}

double ape(double est, double meas) { return meas == 0 ? (est == 0 ? 0.0 : 100.0) : std::abs(est - meas) / meas * 100.0; }

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / double(v.size());
}

double maxOf(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

std::vector<TrainingLayer> trainingRows(const std::vector<Sample>& samples) {
    std::vector<TrainingLayer> rows;
    for (const Sample& s : samples)
        for (size_t i = 0; i < s.network.layers.size(); ++i) {
            TrainingLayer t;
            t.net = s.net + "|" + s.quant;
            t.group = s.net;
            t.descriptor = describe(s.network.layers[i]);
            t.replay = s.replay.layers[i];
            t.cycles = s.cycles[i];
            t.dram_bytes = s.dram[i];
            t.energy_pj = s.energy[i];
            rows.push_back(std::move(t));
        }
    return rows;
}

// Errors of the three tiers against the simulation on a set of layers (the
// calibrated one given per layer), with Kendall's tau of the calibrated
// cycles across them and the layers the calibrated tier flags.
struct TierErrors {
    std::vector<double> roofline, engine, calibrated;  // cycle APEs
    std::vector<double> dramRoofline, dramEngine, dramCalibrated;
    std::vector<double> energyRoofline, energyEngine, energyCalibrated;
    std::vector<double> measured, estimated;
    size_t extrapolated = 0;

    void add(const Sample& s, size_t i, const CalibratedLayer& c) {
        const LayerEstimate& e = s.roofline[i];
        const ReplayedLayer& r = s.replay.layers[i];
        roofline.push_back(ape(double(e.cycles), s.cycles[i]));
        engine.push_back(ape(double(r.cycles), s.cycles[i]));
        calibrated.push_back(ape(c.cycles, s.cycles[i]));
        dramRoofline.push_back(ape(double(e.traffic.total_bits) / 8.0, s.dram[i]));
        dramEngine.push_back(ape(double(r.dram_read_bytes + r.dram_write_bytes), s.dram[i]));
        dramCalibrated.push_back(ape(c.dram_bytes, s.dram[i]));
        energyRoofline.push_back(ape(e.compute_energy_pj + e.dram_energy_pj, s.energy[i]));
        energyEngine.push_back(ape(r.energyPj(), s.energy[i]));
        energyCalibrated.push_back(ape(c.energy_pj, s.energy[i]));
        measured.push_back(s.cycles[i]);
        estimated.push_back(c.cycles);
        extrapolated += c.extrapolation.empty() ? 0 : 1;
    }

    nlohmann::ordered_json json() const {
        nlohmann::ordered_json h;
        h["layers"] = calibrated.size();
        // "uncalibrated" is the HCM roofline (the metric before any tier).
        h["mape_cycles_uncalibrated"] = mean(roofline);
        h["mape_cycles_engine_aware"] = mean(engine);
        h["mape_cycles_calibrated"] = mean(calibrated);
        h["max_ape_cycles_uncalibrated"] = maxOf(roofline);
        h["max_ape_cycles_engine_aware"] = maxOf(engine);
        h["max_ape_cycles_calibrated"] = maxOf(calibrated);
        h["kendall_tau"] = kendallTau(estimated, measured);
        h["mape_dram_bytes_uncalibrated"] = mean(dramRoofline);
        h["mape_dram_bytes_engine_aware"] = mean(dramEngine);
        h["mape_dram_bytes_calibrated"] = mean(dramCalibrated);
        h["max_ape_dram_bytes_calibrated"] = maxOf(dramCalibrated);
        h["mape_energy_uncalibrated"] = mean(energyRoofline);
        h["mape_energy_engine_aware"] = mean(energyEngine);
        h["mape_energy_calibrated"] = mean(energyCalibrated);
        h["max_ape_energy_uncalibrated"] = maxOf(energyRoofline);
        h["max_ape_energy_calibrated"] = maxOf(energyCalibrated);
        h["extrapolated_layers"] = extrapolated;
        return h;
    }
};

nlohmann::ordered_json pointJson(const Sample& s, size_t i, const CalibratedLayer& c) {
    nlohmann::ordered_json p = {{"quant", s.quant},
                                {"layer", s.network.layers[i].name},
                                {"class", toString(classOf(s.network.layers[i]))},
                                {"measured_cycles", s.cycles[i]},
                                {"uncalibrated_cycles", s.roofline[i].cycles},
                                {"engine_aware_cycles", s.replay.layers[i].cycles},
                                {"calibrated_cycles", c.cycles},
                                {"measured_dram_bytes", s.dram[i]},
                                {"calibrated_dram_bytes", c.dram_bytes},
                                {"measured_energy_pj", s.energy[i]},
                                {"calibrated_energy_pj", c.energy_pj}};
    if (!c.extrapolation.empty()) p["extrapolation"] = c.extrapolation;
    return p;
}

void checkCalibrateOptions(const CalibrateOptions& opt) {
    if (opt.nets.empty()) throwInputError({}, "--nets", "at least one training network is required");
    if (opt.quant_set.empty()) throwInputError({}, "--quant-set", "at least one precision is required");
    for (const auto& h : opt.heldout)
        if (std::find(opt.nets.begin(), opt.nets.end(), h) != opt.nets.end())
            throwInputError({}, "--heldout", "'" + h + "' is also a training network; held-out means unseen");
}

// What the calibration was fitted on, so that a later use can tell whether
// it still applies (a changed platform, program or input file).
void recordProvenance(CalibrationModel& cal, const CalibrateOptions& opt, const PlatformConfig& platform) {
    cal.platform = platform.name;
    cal.engine = toString(platform.compute.kind);
    cal.program = programVersion();
    cal.platform_fingerprint = platformFingerprint(platform);
    cal.platform_settings = platform.resolved_yaml;
    cal.nets = opt.nets;
    cal.quant_set = opt.quant_set;
    for (const auto& net : opt.nets) {
        const std::string file = networkSourceFile(net);
        if (!file.empty()) cal.inputs.push_back({net, file, fileContentHash(file)});
    }
    for (const auto& q : opt.quant_set) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(q, ec)) cal.inputs.push_back({q, q, fileContentHash(q)});
    }
}

// The design matrix, for users who want to see what the fit saw.
void writeFeaturesCsv(const std::string& path, const std::vector<Sample>& train) {
    std::ostringstream os;
    os << "net,quant,layer,class,measured_cycles,replay_cycles,replay_compute_cycles,replay_stall_cycles,"
          "replay_tiles,measured_dram_bytes,replay_dram_bytes,measured_energy_pj,replay_energy_pj\n";
    for (const auto& smp : train)
        for (size_t i = 0; i < smp.network.layers.size(); ++i) {
            const ReplayedLayer& r = smp.replay.layers[i];
            os << smp.net << "," << smp.quant << "," << smp.network.layers[i].name << ","
               << toString(classOf(smp.network.layers[i])) << "," << smp.cycles[i] << "," << r.cycles << ","
               << r.compute_cycles << "," << r.stall_cycles << "," << r.steps << "," << smp.dram[i] << ","
               << (r.dram_read_bytes + r.dram_write_bytes) << "," << smp.energy[i] << "," << r.energyPj() << "\n";
        }
    writeFileAtomic(path, os.str());
}

nlohmann::ordered_json fitJson(const CalibrationModel& cal) {
    nlohmann::ordered_json fit;
    fit["pooled"] = {{"compute", cal.pooled[0]}, {"stall", cal.pooled[1]}, {"per_tile", cal.pooled[2]},
                     {"per_layer", cal.pooled[3]}};
    fit["mu"] = cal.mu;
    fit["lambda"] = cal.lambda;
    fit["dram_scale"] = cal.dram_scale;
    nlohmann::ordered_json classes = nlohmann::ordered_json::object();
    for (const auto& [cls, c] : cal.classes) classes[toString(cls)] = {{"layers", c.range.layers}};
    fit["classes"] = classes;
    return fit;
}

bool hasSamplesOf(const std::vector<Sample>& samples, const std::string& net) {
    return std::any_of(samples.begin(), samples.end(), [&](const Sample& s) { return s.net == net; });
}

// Leave-one-network-out over the training networks: each network's layers
// estimated by a fit that never saw it (the chosen ridge strength).
nlohmann::ordered_json crossValidationNetworksJson(const CalibrateOptions& opt, const std::vector<Sample>& train,
                                                   const std::vector<TrainingLayer>& rows,
                                                   const CalibrationModel& cal) {
    const std::vector<double> cv = crossValidatedCycles(rows, cal.mu, cal.lambda);
    nlohmann::ordered_json loo = nlohmann::ordered_json::object();
    for (const auto& net : opt.nets) {
        if (!hasSamplesOf(train, net)) continue;
        TierErrors e;
        size_t k = 0;
        for (const auto& s : train)
            for (size_t i = 0; i < s.network.layers.size(); ++i, ++k) {
                if (s.net != net) continue;
                CalibratedLayer c = applyCalibration(cal, describe(s.network.layers[i]), s.replay.layers[i]);
                c.cycles = cv[k];  // the held-out fit's cycles
                e.add(s, i, c);
            }
        if (opt.nets.size() >= 2) loo[net] = e.json();
    }
    return loo;
}

nlohmann::ordered_json heldoutNetworkJson(const CalibrationModel& cal, const std::vector<Sample>& test,
                                          const std::string& net) {
    TierErrors e;
    std::vector<double> netMeas, netEst;
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (const auto& s : test) {
        if (s.net != net) continue;
        double tm = 0, te = 0;
        for (size_t i = 0; i < s.network.layers.size(); ++i) {
            const CalibratedLayer c = applyCalibration(cal, describe(s.network.layers[i]), s.replay.layers[i]);
            e.add(s, i, c);
            tm += s.cycles[i];
            te += c.cycles;
            points.push_back(pointJson(s, i, c));
        }
        netMeas.push_back(tm);
        netEst.push_back(te);
    }
    nlohmann::ordered_json h = e.json();
    h["kendall_tau_networks"] = kendallTau(netEst, netMeas);
    h["points"] = points;
    return h;
}

nlohmann::ordered_json infeasibleJson(const std::vector<Infeasible>& infeasible) {
    nlohmann::ordered_json skipped = nlohmann::ordered_json::array();
    for (const auto& x : infeasible) skipped.push_back({{"net", x.net}, {"quant", x.quant}, {"reason", x.reason}});
    return skipped;
}

}  // namespace

CalibrateResult calibrate(const CalibrateOptions& opt) {
    checkCalibrateOptions(opt);
    const PlatformConfig platform = loadPlatformConfig(opt.hw, opt.sets);
    ensureDirectory(opt.work_dir);
    const std::unique_ptr<MemoryTiming> timing = memoryTimingFor(platform);
    EngineAwareEstimator engineAware(platform, *timing);

    std::vector<Infeasible> infeasible;
    const std::vector<Sample> train = simulate(opt, opt.nets, platform, engineAware, "training set", infeasible);
    if (train.empty())
        throwInputError({}, "--nets", "the design cannot run any training network at any precision of the set");
    const std::vector<TrainingLayer> rows = trainingRows(train);
    double cvMape = 0;
    CalibrateResult out;
    CalibrationModel& cal = out.calibration;
    cal = fitCalibrationCrossValidated(rows, FitOptions{}, &cvMape);
    recordProvenance(cal, opt, platform);
    if (!opt.features_csv.empty()) writeFeaturesCsv(opt.features_csv, train);

    nlohmann::ordered_json& rep = out.report;
    rep["platform"] = platform.name;
    rep["engine"] = cal.engine;
    rep["training_nets"] = opt.nets;
    rep["quant_set"] = opt.quant_set;
    rep["fit"] = fitJson(cal);
    rep["cross_validation"] = {{"method", "leave one network out"},
                               {"mape_cycles", cvMape},
                               {"networks", crossValidationNetworksJson(opt, train, rows, cal)}};

    const std::vector<Sample> test =
        simulate(opt, opt.heldout, platform, engineAware, "held-out networks", infeasible);
    nlohmann::ordered_json heldout = nlohmann::ordered_json::object();
    for (const auto& net : opt.heldout)
        if (hasSamplesOf(test, net)) heldout[net] = heldoutNetworkJson(cal, test, net);
    rep["heldout"] = heldout;
    rep["infeasible"] = infeasibleJson(infeasible);
    return out;
}

}  // namespace hcm
