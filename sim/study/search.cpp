#include "search.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <pagmo/algorithms/nsga2.hpp>
#include <pagmo/population.hpp>
#include <pagmo/problem.hpp>
#include <pagmo/utils/multi_objective.hpp>
#include <set>
#include <sstream>

#include "calibrate.hpp"
#include "process_pool.hpp"
#include "progress_bar.hpp"
#include "sensitivity.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/estimate/calibration_model.hpp"
#include "sim/estimate/memory_timing_factory.hpp"
#include "sim/metric/feasibility.hpp"
#include "workloads/network_loader.hpp"

namespace hcm {

namespace {

// Everything a fitness evaluation needs; shared by the pagmo problem copies.
struct SearchContext {
    SearchOptions opt;
    Network net;                               // shapes; precisions set per evaluation
    std::vector<size_t> compute;               // indices of conv/fc layers
    std::vector<LayerSensitivity> sensitivity; // per layer
    std::optional<CalibrationModel> calibration;
    // Per hardware-gene assignment: the platform and its engine-aware
    // estimator (which remembers every layer it replayed: across genomes,
    // a layer at a precision it has seen costs a lookup).
    struct Platform {
        PlatformConfig config;
        std::unique_ptr<MemoryTiming> timing;
        std::unique_ptr<EngineAwareEstimator> estimator;
    };
    std::map<std::string, Platform> platforms;

    Platform& platformFor(const std::vector<std::string>& hv) {
        std::string key;
        for (const auto& v : hv) key += v + "|";
        auto it = platforms.find(key);
        if (it != platforms.end()) return it->second;
        std::vector<std::string> sets = opt.sets;
        for (size_t i = 0; i < hv.size(); ++i) sets.push_back(opt.hw_axes[i].key + "=" + hv[i]);
        Platform p;
        p.config = loadPlatformConfig(opt.hw, sets);
        p.timing = memoryTimingFor(p.config);
        p.estimator = std::make_unique<EngineAwareEstimator>(p.config, *p.timing);
        return platforms.emplace(key, std::move(p)).first->second;
    }

    // Sets every layer's precision from the genome: compute layers their own,
    // memory-only layers the activation bits of the compute layer before them.
    Network networkFor(const SearchPoint& s) const {
        Network n = net;
        int lastA = s.abits.empty() ? 8 : s.abits.front();
        size_t k = 0;
        for (size_t i = 0; i < n.layers.size(); ++i) {
            Layer& L = n.layers[i];
            if (k < compute.size() && compute[k] == i) {
                L.prec = {s.wbits[k], s.abits[k], s.abits[k]};
                lastA = s.abits[k];
                ++k;
            } else {
                L.prec = {L.prec.wbits, lastA, lastA};
            }
        }
        return n;
    }

    void evaluate(SearchPoint& s) {
        Platform& pf = platformFor(s.hw_values);
        const PlatformConfig& platform = pf.config;
        const Network n = networkFor(s);
        // The same feasibility `run` applies: an infeasible genome gets no numbers.
        EngineOracle& oracle = pf.estimator->oracle();
        try {
            oracle.bindNetwork(n);
        } catch (const DesignError&) {  // a layer that cannot be placed fails its own check
        }
        if (const auto bad = findInfeasibleLayer(platform, n, oracle)) {
            s.feasible = false;
            s.infeasible = bad->message;
            ++infeasibleEvaluations;
            return;
        }
        // Fitness from the calibrated tier when given, else the engine-aware one.
        const ReplayedNetwork replay = pf.estimator->run(n);
        double cycles = double(replay.totals.cycles), energy = replay.totals.energyPj();
        if (calibration) {
            const CalibratedNetwork c = applyCalibration(*calibration, n, replay);
            cycles = c.totals.cycles;
            energy = c.totals.energy_pj;
        }
        s.latency_ns = cycles * 1e3 / platform.clock_mhz;
        s.energy_pj = energy;
        double proxy = 0;
        for (size_t k = 0; k < compute.size(); ++k) {
            const LayerSensitivity& ls = sensitivity[compute[k]];
            proxy += ls.w.cost(s.wbits[k]) + ls.a.cost(s.abits[k]);
        }
        s.accuracy_proxy = proxy;
    }

    size_t infeasibleEvaluations = 0;

    SearchPoint decode(const pagmo::vector_double& dv) const {
        SearchPoint s;
        const size_t nc = compute.size();
        for (size_t k = 0; k < nc; ++k) {
            s.wbits.push_back(opt.bits[size_t(std::lround(dv[2 * k]))]);
            s.abits.push_back(opt.bits[size_t(std::lround(dv[2 * k + 1]))]);
        }
        for (size_t h = 0; h < opt.hw_axes.size(); ++h)
            s.hw_values.push_back(opt.hw_axes[h].values[size_t(std::lround(dv[2 * nc + h]))]);
        return s;
    }
};

struct MixedPrecisionProblem {
    std::shared_ptr<SearchContext> ctx;

    pagmo::vector_double fitness(const pagmo::vector_double& dv) const {
        SearchPoint s = ctx->decode(dv);
        ctx->evaluate(s);
        // Infeasible genomes are dominated by every feasible one.
        constexpr double kInfeasible = 1e300;
        if (!s.feasible) return {kInfeasible, kInfeasible, kInfeasible};
        return {s.latency_ns, s.energy_pj, s.accuracy_proxy};
    }
    std::pair<pagmo::vector_double, pagmo::vector_double> get_bounds() const {
        const size_t nc = ctx->compute.size();
        pagmo::vector_double lo(2 * nc + ctx->opt.hw_axes.size(), 0.0), hi(lo.size(), 0.0);
        for (size_t i = 0; i < 2 * nc; ++i) hi[i] = double(ctx->opt.bits.size() - 1);
        for (size_t h = 0; h < ctx->opt.hw_axes.size(); ++h) hi[2 * nc + h] = double(ctx->opt.hw_axes[h].values.size() - 1);
        return {lo, hi};
    }
    pagmo::vector_double::size_type get_nobj() const { return 3; }
    pagmo::vector_double::size_type get_nix() const { return 2 * ctx->compute.size() + ctx->opt.hw_axes.size(); }
    std::string get_name() const { return "hcmsim mixed-precision"; }
};

std::string policyYaml(const SearchContext& ctx, const SearchPoint& s) {
    std::ostringstream os;
    os << "# mixed-precision policy found by hcmsim search (" << ctx.opt.net << ")\n";
    os << "description: latency " << s.latency_ns << " ns, energy " << s.energy_pj << " pJ, accuracy proxy "
       << s.accuracy_proxy << "\nrules:\n";
    const Network n = ctx.networkFor(s);
    for (const auto& L : n.layers)
        os << "  - {match: \"" << L.name << "\", wbits: " << L.prec.wbits << ", abits: " << L.prec.abits << "}\n";
    return os.str();
}

std::string genomeString(const SearchPoint& s) {
    std::string g;
    for (size_t k = 0; k < s.wbits.size(); ++k)
        g += (k ? " " : "") + std::string("w") + std::to_string(s.wbits[k]) + "a" + std::to_string(s.abits[k]);
    for (const auto& h : s.hw_values) g += " " + h;
    return g;
}

void checkSearchOptions(const SearchOptions& opt) {
    if (opt.population < 8 || opt.population % 4 != 0)
        throwInputError({}, "--population", "must be a multiple of 4 and at least 8 (NSGA-II)");
    if (opt.generations < 1) throwInputError({}, "--generations", "must be >= 1");
    if (opt.bits.empty()) throwInputError({}, "--bits", "needs at least one bit width");
    for (int b : opt.bits)
        if (b < 1 || b > 32) throwInputError({}, "--bits", "bit widths must be in 1..32");
}

// Loads everything up front, so that a bad input is reported before the
// (long) evolution starts rather than from inside a fitness evaluation.
std::shared_ptr<SearchContext> makeSearchContext(const SearchOptions& opt) {
    auto ctx = std::make_shared<SearchContext>();
    ctx->opt = opt;
    ctx->net = loadNetwork(NetworkRequest(opt.net));
    for (size_t i = 0; i < ctx->net.layers.size(); ++i)
        if (ctx->net.layers[i].hasWeights()) ctx->compute.push_back(i);
    ctx->sensitivity = (opt.sensitivity.empty() ? SensitivityModel() : SensitivityModel::load(opt.sensitivity))
                           .forNetwork(ctx->net);
    if (!opt.calibration.empty()) ctx->calibration = loadCalibration(opt.calibration);
    {
        std::vector<std::string> first;
        for (const auto& a : opt.hw_axes) first.push_back(a.values.front());
        ctx->platformFor(first);  // the base platform (and its oracle) first
    }
    if (ctx->calibration) {
        // Against the platform as given (hardware genes vary it on purpose).
        std::ostringstream warning;
        checkCalibrationPlatform(*ctx->calibration, opt.calibration, loadPlatformConfig(opt.hw, opt.sets), opt.strict,
                                 warning);
        if (!warning.str().empty()) std::cerr << "hcmsim search: " << warning.str();
    }
    for (const auto& a : opt.hw_axes)
        for (const auto& v : a.values) {
            std::vector<std::string> sets = opt.sets;
            sets.push_back(a.key + "=" + v);
            loadPlatformConfig(opt.hw, sets);  // a bad hardware gene value is an input error now
        }
    return ctx;
}

// The feasible, distinct genomes of NSGA-II's first front, fastest first.
std::vector<SearchPoint> evolveParetoFront(const std::shared_ptr<SearchContext>& ctx) {
    const SearchOptions& opt = ctx->opt;
    pagmo::problem prob{MixedPrecisionProblem{ctx}};
    pagmo::population pop(prob, pagmo::population::size_type(opt.population), opt.seed);
    // Seed the uniform-precision genomes (every layer at the same bits): the
    // front then contains them or points that dominate them.
    for (size_t b = 0; b < opt.bits.size() && b < pop.size(); ++b) {
        pagmo::vector_double x(prob.get_nx(), double(b));
        for (size_t h = 0; h < opt.hw_axes.size(); ++h) x[2 * ctx->compute.size() + h] = 0.0;
        pop.set_x(b, x);
    }
    pagmo::algorithm algo{pagmo::nsga2(unsigned(opt.generations), 0.95, 10., 0.01, 50., opt.seed)};
    pop = algo.evolve(pop);

    const auto fronts = std::get<0>(pagmo::fast_non_dominated_sorting(pop.get_f()));
    std::vector<SearchPoint> pareto;
    std::set<std::string> seen;
    for (auto idx : fronts.front()) {
        SearchPoint s = ctx->decode(pop.get_x()[idx]);
        if (!seen.insert(genomeString(s)).second) continue;
        ctx->evaluate(s);
        if (s.feasible) pareto.push_back(s);
    }
    std::sort(pareto.begin(), pareto.end(), [](const SearchPoint& a, const SearchPoint& b) {
        return a.latency_ns != b.latency_ns ? a.latency_ns < b.latency_ns : a.accuracy_proxy < b.accuracy_proxy;
    });
    return pareto;
}

std::vector<std::pair<std::string, SearchPoint>> uniformBaselines(SearchContext& ctx) {
    std::vector<std::pair<std::string, SearchPoint>> baselines;
    for (int b : ctx.opt.bits) {
        SearchPoint s;
        s.wbits.assign(ctx.compute.size(), b);
        s.abits.assign(ctx.compute.size(), b);
        for (const auto& a : ctx.opt.hw_axes) s.hw_values.push_back(a.values.front());
        ctx.evaluate(s);
        baselines.emplace_back("uniform w" + std::to_string(b) + "a" + std::to_string(b), s);
    }
    return baselines;
}

// Evenly spaced front points, plus the uniform baselines.
std::vector<SearchPoint*> pointsToVerify(int verify, SearchResult& res) {
    std::vector<SearchPoint*> toCheck;
    if (verify <= 0) return toCheck;
    const size_t n = res.pareto.size(), k = std::min<size_t>(n, size_t(verify));
    std::set<size_t> picks;
    for (size_t i = 0; i < k; ++i) picks.insert(k == 1 ? 0 : i * (n - 1) / (k - 1));
    // For every uniform baseline, the fastest front point at least as
    // accurate (proxy) as it: the iso-accuracy comparison of the report.
    for (auto& b : res.baselines)
        for (size_t i = 0; i < n && b.second.feasible; ++i)
            if (res.pareto[i].accuracy_proxy <= b.second.accuracy_proxy) {
                picks.insert(i);
                break;
            }
    for (size_t i : picks) toCheck.push_back(&res.pareto[i]);
    for (auto& b : res.baselines)
        if (b.second.feasible) toCheck.push_back(&b.second);
    return toCheck;
}

// Each point is simulated by an `hcmsim run` child process, so the points run
// in parallel (--jobs) and each leaves its policy, summary and log on disk.
void simulatePoints(SearchContext& ctx, const std::vector<SearchPoint*>& toCheck) {
    const SearchOptions& opt = ctx.opt;
    std::vector<ChildJob> jobs;
    std::map<std::string, SearchPoint*> byDir;
    for (SearchPoint* point : toCheck) {
        SearchPoint& s = *point;
        const std::string id = stableHash(genomeString(s));
        const std::string policy = opt.out_dir + "/policies/" + id + ".yaml";
        writeFileAtomic(policy, policyYaml(ctx, s));
        const std::string dir = opt.out_dir + "/verify/" + id;
        ensureDirectory(dir);
        std::vector<std::string> args = {"run", "--hw", opt.hw, "--net", opt.net, "--quant", policy, "--out", dir, "--quiet"};
        for (const auto& x : opt.sets) args.insert(args.end(), {"--set", x});
        for (size_t h = 0; h < opt.hw_axes.size(); ++h) args.insert(args.end(), {"--set", opt.hw_axes[h].key + "=" + s.hw_values[h]});
        jobs.push_back({dir, args, dir + "/log.txt"});
        byDir[dir] = &s;
    }
    ProgressBar bar("search: verifying by simulation", jobs.size());
    size_t done = 0;
    std::string firstError;
    ProcessPool(opt.jobs).run(
        jobs,
        [&](const ChildResult& r) {
            if (r.exitCode == 0) {
                std::ifstream in(r.id + "/summary.json");
                nlohmann::json j;
                in >> j;
                SearchPoint& s = *byDir.at(r.id);
                const PlatformConfig& platform = ctx.platformFor(s.hw_values).config;
                s.simulated = true;
                s.sim_latency_ns = j["totals"]["cycles"].get<double>() * 1e3 / platform.clock_mhz;
                s.sim_energy_pj = j["totals"]["energy"]["total_pj"].get<double>();
            } else if (firstError.empty()) {
                firstError = r.lastErrorLine;
            }
            bar.advance(++done, 0);
        },
        opt.stop);
    bar.finish();
    if (!firstError.empty()) throwInputError({}, "search", "a verification simulation failed: " + firstError);
}

// A front point identical to a simulated baseline shares its simulation.
void shareBaselineSimulations(SearchResult& res) {
    for (auto& p : res.pareto)
        for (const auto& [name, b] : res.baselines)
            if (!p.simulated && b.simulated && genomeString(p) == genomeString(b)) {
                p.simulated = true;
                p.sim_latency_ns = b.sim_latency_ns;
                p.sim_energy_pj = b.sim_energy_pj;
            }
}

// How well the estimate the search optimised agrees with the simulations.
void addEstimateAccuracy(nlohmann::ordered_json& rep, const std::vector<SearchPoint*>& checked) {
    std::vector<double> est, sim, latErr, enErr;
    for (const SearchPoint* s : checked)
        if (s->simulated) {
            est.push_back(s->latency_ns);
            sim.push_back(s->sim_latency_ns);
            latErr.push_back(std::abs(s->latency_ns - s->sim_latency_ns) / s->sim_latency_ns * 100.0);
            enErr.push_back(std::abs(s->energy_pj - s->sim_energy_pj) / s->sim_energy_pj * 100.0);
        }
    auto meanOf = [](const std::vector<double>& v) {
        double t = 0;
        for (double x : v) t += x;
        return v.empty() ? 0.0 : t / double(v.size());
    };
    rep["verified_points"] = sim.size();
    rep["mape_latency_pct"] = meanOf(latErr);
    rep["max_ape_latency_pct"] = latErr.empty() ? 0.0 : *std::max_element(latErr.begin(), latErr.end());
    rep["mape_energy_pct"] = meanOf(enErr);
    rep["kendall_tau_latency"] = kendallTau(est, sim);
}

nlohmann::ordered_json baselinesJson(const SearchResult& res) {
    nlohmann::ordered_json base = nlohmann::ordered_json::object();
    for (const auto& [name, s] : res.baselines)
        base[name] = s.feasible ? nlohmann::ordered_json{{"latency_ns", s.latency_ns},
                                                         {"energy_pj", s.energy_pj},
                                                         {"accuracy_proxy", s.accuracy_proxy},
                                                         {"sim_latency_ns", s.sim_latency_ns},
                                                         {"sim_energy_pj", s.sim_energy_pj}}
                                : nlohmann::ordered_json{{"infeasible", s.infeasible}};
    return base;
}

// Per baseline, the fastest front point at least as accurate as it.
nlohmann::ordered_json isoAccuracyJson(const SearchResult& res) {
    nlohmann::ordered_json iso = nlohmann::ordered_json::object();
    for (const auto& [name, b] : res.baselines)
        for (size_t i = 0; i < res.pareto.size() && b.feasible; ++i) {
            const SearchPoint& p = res.pareto[i];
            if (p.accuracy_proxy > b.accuracy_proxy) continue;
            nlohmann::ordered_json e = {{"pareto_point", i},
                                        {"accuracy_proxy", p.accuracy_proxy},
                                        {"latency_change_pct", (p.latency_ns / b.latency_ns - 1) * 100},
                                        {"energy_change_pct", (p.energy_pj / b.energy_pj - 1) * 100}};
            if (p.simulated && b.simulated) {
                e["sim_latency_change_pct"] = (p.sim_latency_ns / b.sim_latency_ns - 1) * 100;
                e["sim_energy_change_pct"] = (p.sim_energy_pj / b.sim_energy_pj - 1) * 100;
            }
            iso[name] = e;
            break;
        }
    return iso;
}

nlohmann::ordered_json searchReport(const SearchContext& ctx, const SearchResult& res,
                                    const std::vector<SearchPoint*>& checked) {
    const SearchOptions& opt = ctx.opt;
    nlohmann::ordered_json rep;
    rep["network"] = opt.net;
    rep["platform"] = ctx.platforms.begin()->second.config.name;
    rep["estimator"] = opt.calibration.empty() ? "engine-aware (uncalibrated)" : "calibrated (" + opt.calibration + ")";
    rep["accuracy_proxy"] = opt.sensitivity.empty() ? "noise model 4^-b per operand, unit sensitivities" : opt.sensitivity;
    rep["bits"] = opt.bits;
    rep["population"] = opt.population;
    rep["generations"] = opt.generations;
    rep["seed"] = opt.seed;
    rep["pareto_points"] = res.pareto.size();
    rep["infeasible_evaluations"] = ctx.infeasibleEvaluations;
    addEstimateAccuracy(rep, checked);
    rep["baselines"] = baselinesJson(res);
    rep["iso_accuracy"] = isoAccuracyJson(res);
    return rep;
}

}  // namespace

SearchResult runSearch(const SearchOptions& opt) {
    checkSearchOptions(opt);
    const std::shared_ptr<SearchContext> ctx = makeSearchContext(opt);
    SearchResult res;
    res.pareto = evolveParetoFront(ctx);
    res.baselines = uniformBaselines(*ctx);

    // Re-check the front by simulation.
    ensureDirectory(opt.out_dir + "/policies");
    const std::vector<SearchPoint*> toCheck = pointsToVerify(opt.verify, res);
    simulatePoints(*ctx, toCheck);
    shareBaselineSimulations(res);
    res.report = searchReport(*ctx, res, toCheck);
    return res;
}

}  // namespace hcm
