#include "calibrate.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "process_pool.hpp"
#include "progress_bar.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/metric/l2_reuse.hpp"
#include "sim/metric/nnls.hpp"
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

// One simulated (network, precision) pair and the layers it measured.
struct Sample {
    std::string net, quant;
    Network network;
    std::vector<LayerFeatures> features;     // by layer index
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

std::vector<Sample> simulate(const CalibrateOptions& opt, const std::vector<std::string>& nets,
                             const PlatformConfig& platform, EngineOracle& oracle, const std::string& what) {
    std::vector<Sample> samples;
    std::vector<ChildJob> jobs;
    for (const auto& net : nets)
        for (const auto& q : opt.quant_set) {
            Sample s;
            s.net = net;
            s.quant = q;
            s.network = loadNetwork(requestFor(net, q));  // validates the pair before any simulation
            samples.push_back(std::move(s));
            const std::string dir = opt.work_dir + "/" + stableHash(opt.hw + "|" + net + "|" + q + "|" +
                                                                  [&] {
                                                                      std::string all;
                                                                      for (const auto& x : opt.sets) all += x + ";";
                                                                      return all;
                                                                  }());
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
        s.features.resize(n);
        s.cycles.assign(n, 0), s.dram.assign(n, 0), s.energy.assign(n, 0);
        for (const auto& l : j["layers"]) {
            const size_t idx = l["index"].get<size_t>();
            s.cycles[idx] = l["cycles"].get<double>();
            s.dram[idx] = l["dram_read_bytes"].get<double>() + l["dram_write_bytes"].get<double>();
            s.energy[idx] = l["energy"]["total_pj"].get<double>();
        }
        oracle.bindNetwork(s.network);
        const std::vector<double> cached = l2ResidentBytes(platform, s.network);
        for (size_t k = 0; k < n; ++k) {
            s.features[k] = layerFeatures(platform, s.network.layers[k], oracle);
            s.features[k].cached_bytes = cached[k];
        }
    }
    return samples;
}

template <size_t N>
std::array<double, N> fitRows(const std::vector<std::array<double, N>>& rows, const std::vector<double>& y) {
    // Relative error: each row and target divided by the target.
    Eigen::MatrixXd A(Eigen::Index(rows.size()), Eigen::Index(N));
    Eigen::VectorXd b(Eigen::Index(rows.size()));
    for (size_t i = 0; i < rows.size(); ++i) {
        const double w = 1.0 / std::max(1e-9, std::abs(y[i]));
        for (size_t k = 0; k < N; ++k) A(Eigen::Index(i), Eigen::Index(k)) = rows[i][k] * w;
        b(Eigen::Index(i)) = y[i] * w;
    }
    const NnlsResult r = solveNnls(A, b);
    std::array<double, N> x{};
    for (size_t k = 0; k < N; ++k) x[k] = r.x(Eigen::Index(k));
    return x;
}

template <size_t N>
double predict(const std::array<double, N>& c, const std::array<double, N>& row) {
    double s = 0;
    for (size_t k = 0; k < N; ++k) s += c[k] * row[k];
    return s;
}

double ape(double est, double meas) { return meas == 0 ? (est == 0 ? 0.0 : 100.0) : std::abs(est - meas) / meas * 100.0; }

ClassCalibration fitClass(const std::vector<const LayerFeatures*>& f, const std::vector<double>& cycles,
                          const std::vector<double>& dram, const std::vector<double>& energy) {
    ClassCalibration best;
    if (f.size() < 4) return best;  // too few layers of this class to fit
    double bestMape = 1e300;
    for (double eta = 0.1; eta <= 2.0001; eta += 0.02) {
        ClassCalibration c;
        c.efficiency = eta;
        std::vector<std::array<double, kCycleTerms>> rows;
        for (const auto* x : f) rows.push_back(c.cycleRow(*x));
        c.cycles = fitRows(rows, cycles);
        double sum = 0;
        for (size_t i = 0; i < f.size(); ++i) sum += ape(predict(c.cycles, rows[i]), cycles[i]);
        const double mape = sum / double(f.size());
        if (mape < bestMape) {
            bestMape = mape;
            best = c;
        }
    }
    best.fitted = true;
    best.training_layers = f.size();
    best.training_mape_cycles = bestMape;
    std::vector<std::array<double, kDramTerms>> drows;
    std::vector<std::array<double, kEnergyTerms>> erows;
    for (size_t i = 0; i < f.size(); ++i) {
        drows.push_back(dramRow(*f[i]));
        erows.push_back(energyRow(*f[i], cycles[i]));
    }
    best.dram = fitRows(drows, dram);
    best.energy = fitRows(erows, energy);
    return best;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / double(v.size());
}

double maxOf(const std::vector<double>& v) { return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end()); }

}  // namespace

CalibrateResult calibrate(const CalibrateOptions& opt) {
    if (opt.nets.empty()) throwInputError({}, "--nets", "at least one training network is required");
    if (opt.quant_set.empty()) throwInputError({}, "--quant-set", "at least one precision is required");
    for (const auto& h : opt.heldout)
        if (std::find(opt.nets.begin(), opt.nets.end(), h) != opt.nets.end())
            throwInputError({}, "--heldout", "'" + h + "' is also a training network; held-out means unseen");
    const PlatformConfig platform = loadPlatformConfig(opt.hw, opt.sets);
    ensureDirectory(opt.work_dir);
    EngineOracle oracle(platform);

    const std::vector<Sample> train = simulate(opt, opt.nets, platform, oracle, "training set");
    CalibrateResult out;
    Calibration& cal = out.calibration;
    cal.platform = platform.name;
    cal.engine = toString(platform.compute.kind);
    cal.nets = opt.nets;
    cal.quant_set = opt.quant_set;
    std::map<LayerClass, std::vector<const LayerFeatures*>> f;
    std::map<LayerClass, std::vector<double>> cy, dr, en;
    for (const auto& s : train)
        for (size_t i = 0; i < s.features.size(); ++i) {
            const LayerClass c = s.features[i].cls;
            f[c].push_back(&s.features[i]);
            cy[c].push_back(s.cycles[i]);
            dr[c].push_back(s.dram[i]);
            en[c].push_back(s.energy[i]);
        }
    if (!opt.features_csv.empty()) {
        // The design matrix, for users who want to see what the fit saw.
        std::ostringstream os;
        os << "net,quant,layer,class,measured_cycles,compute_cycles,buffer_cycles,memory_cycles,model_bytes,"
              "write_bytes,dma_runs,tiles,fill_cycles,store_cycles,measured_dram_bytes,measured_energy_pj\n";
        for (const auto& smp : train)
            for (size_t i = 0; i < smp.features.size(); ++i) {
                const LayerFeatures& x = smp.features[i];
                os << smp.net << "," << smp.quant << "," << smp.network.layers[i].name << "," << toString(x.cls) << ","
                   << smp.cycles[i] << "," << x.compute_cycles << "," << x.buffer_cycles << "," << x.memory_cycles << ","
                   << x.model_bytes << "," << x.write_bytes << "," << x.dma_runs << "," << x.tiles << ","
                   << x.fill_cycles << "," << x.store_cycles << "," << smp.dram[i] << "," << smp.energy[i] << "\n";
            }
        writeFileAtomic(opt.features_csv, os.str());
    }
    nlohmann::ordered_json training = nlohmann::ordered_json::object();
    for (auto& [cls, feats] : f) {
        cal.classes[cls] = fitClass(feats, cy[cls], dr[cls], en[cls]);
        training[toString(cls)] = {{"layers", feats.size()},
                                   {"fitted", cal.classes[cls].fitted},
                                   {"efficiency", cal.classes[cls].efficiency},
                                   {"mape_cycles_pct", cal.classes[cls].training_mape_cycles}};
    }

    nlohmann::ordered_json& rep = out.report;
    rep["platform"] = platform.name;
    rep["engine"] = cal.engine;
    rep["training_nets"] = opt.nets;
    rep["quant_set"] = opt.quant_set;
    rep["training"] = training;
    rep["heldout"] = nlohmann::ordered_json::object();
    if (opt.heldout.empty()) return out;
    const std::vector<Sample> test = simulate(opt, opt.heldout, platform, oracle, "held-out networks");
    for (const auto& net : opt.heldout) {
        std::vector<double> unCyc, caCyc, unDram, caDram, unEn, caEn, measCyc, estCyc;
        std::vector<double> netMeas, netEst;
        nlohmann::ordered_json points = nlohmann::ordered_json::array();
        for (const auto& s : test) {
            if (s.net != net) continue;
            double tm = 0, te = 0;
            for (size_t i = 0; i < s.features.size(); ++i) {
                const LayerFeatures& x = s.features[i];
                const CalibratedLayer c = applyCalibration(cal, x);
                const double unEnergy = x.uncalibrated.compute_energy_pj + x.uncalibrated.dram_energy_pj;
                unCyc.push_back(ape(double(x.uncalibrated.cycles), s.cycles[i]));
                caCyc.push_back(ape(c.cycles, s.cycles[i]));
                unDram.push_back(ape(x.model_bytes, s.dram[i]));
                caDram.push_back(ape(c.dram_bytes, s.dram[i]));
                unEn.push_back(ape(unEnergy, s.energy[i]));
                caEn.push_back(ape(c.energy_pj, s.energy[i]));
                measCyc.push_back(s.cycles[i]);
                estCyc.push_back(c.cycles);
                tm += s.cycles[i];
                te += c.cycles;
                points.push_back({{"quant", s.quant},
                                  {"layer", s.network.layers[i].name},
                                  {"class", toString(x.cls)},
                                  {"measured_cycles", s.cycles[i]},
                                  {"uncalibrated_cycles", x.uncalibrated.cycles},
                                  {"calibrated_cycles", c.cycles},
                                  {"measured_dram_bytes", s.dram[i]},
                                  {"calibrated_dram_bytes", c.dram_bytes},
                                  {"measured_energy_pj", s.energy[i]},
                                  {"calibrated_energy_pj", c.energy_pj}});
            }
            netMeas.push_back(tm);
            netEst.push_back(te);
        }
        nlohmann::ordered_json h;
        h["layers"] = unCyc.size();
        h["mape_cycles_uncalibrated"] = mean(unCyc);
        h["mape_cycles_calibrated"] = mean(caCyc);
        h["max_ape_cycles_uncalibrated"] = maxOf(unCyc);
        h["max_ape_cycles_calibrated"] = maxOf(caCyc);
        h["kendall_tau"] = kendallTau(estCyc, measCyc);
        h["kendall_tau_networks"] = kendallTau(netEst, netMeas);
        h["mape_dram_bytes_uncalibrated"] = mean(unDram);
        h["mape_dram_bytes_calibrated"] = mean(caDram);
        h["max_ape_dram_bytes_uncalibrated"] = maxOf(unDram);
        h["max_ape_dram_bytes_calibrated"] = maxOf(caDram);
        h["mape_energy_uncalibrated"] = mean(unEn);
        h["mape_energy_calibrated"] = mean(caEn);
        h["max_ape_energy_uncalibrated"] = maxOf(unEn);
        h["max_ape_energy_calibrated"] = maxOf(caEn);
        h["points"] = points;
        rep["heldout"][net] = h;
    }
    return out;
}

}  // namespace hcm
