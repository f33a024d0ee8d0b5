// hcmsim search: NSGA-II mixed-precision (and hardware) search.
#include <csignal>
#include <iostream>
#include <sstream>

#include "common_options.hpp"
#include "provenance.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/study/plots.hpp"
#include "sim/study/results_table.hpp"
#include "sim/study/search.hpp"

namespace hcm::cli {

namespace {
volatile std::sig_atomic_t gSearchStop = 0;
extern "C" void onSearchSignal(int) { gSearchStop = 1; }

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, sep);)
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string number(double v) {
    std::ostringstream s;
    s.precision(10);
    s << v;
    return s.str();
}
}  // namespace

int runSearchCommand(const Args& args) {
    PlatformOptions platformOpts;
    SearchOptions opt;
    std::string bits = "2,4,8", out = "traces/search", plot;
    std::vector<std::string> hwAxes;
    po::options_description desc("options");
    addPlatformOptions(desc, platformOpts);
    desc.add_options()
        ("net", po::value(&opt.net)->default_value(opt.net), "network to quantize (zoo name or file)")
        ("calibration", po::value(&opt.calibration), "calibration YAML (hcmsim calibrate): fitness from the calibrated estimator")
        ("strict", po::bool_switch(&opt.strict),
         "a calibration fitted on a platform with other settings is an error, not a warning")
        ("sensitivity", po::value(&opt.sensitivity), "per-layer sensitivity YAML for the accuracy proxy (docs/search.md)")
        ("bits", po::value(&bits)->default_value(bits), "bit widths each layer's weights and activations may take")
        ("hw-axis", po::value(&hwAxes)->composing(), "hardware gene KEY=V1,V2,... (repeatable), e.g. compute.rows=8,16,32")
        ("population", po::value(&opt.population)->default_value(opt.population), "NSGA-II population (multiple of 4)")
        ("generations", po::value(&opt.generations)->default_value(opt.generations), "NSGA-II generations")
        ("seed", po::value(&opt.seed)->default_value(opt.seed), "random seed (same seed, same result)")
        ("verify", po::value(&opt.verify)->default_value(opt.verify), "Pareto points re-checked by full simulation")
        ("jobs,j", po::value(&opt.jobs)->default_value(opt.jobs), "verification simulations in parallel")
        ("out", po::value(&out)->default_value(out), "output directory (pareto.csv, search_report.json, policies/)")
        ("plot", po::value(&plot), "also draw the Pareto front (.svg or .png)");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm,
                          "usage: hcmsim search --hw FILE --net NET [--calibration FILE] [--bits 2,4,8] [--out DIR]\n"
                          "NSGA-II over per-layer (b_w, b_a): latency, energy, accuracy proxy; re-checks the front by "
                          "simulation."))
        return kExitOk;
    opt.hw = platformOpts.hw;
    opt.sets = platformOpts.sets;
    opt.bits.clear();
    for (const auto& b : split(bits, ',')) {
        try {
            opt.bits.push_back(std::stoi(b));
        } catch (...) {
            throwInputError({}, "--bits", "'" + b + "' is not a number");
        }
    }
    for (const auto& a : hwAxes) {
        const auto eq = a.find('=');
        if (eq == std::string::npos || eq == 0) throwInputError({}, "--hw-axis", "expected KEY=V1,V2,... got '" + a + "'");
        StudyAxis axis{a.substr(0, eq), split(a.substr(eq + 1), ',')};
        if (axis.values.empty()) throwInputError({}, "--hw-axis", "'" + axis.key + "' has no values");
        opt.hw_axes.push_back(axis);
    }
    if (opt.jobs < 1 || opt.jobs > 1024) throwInputError({}, "--jobs", "must be in 1..1024");
    if (opt.verify < 0) throwInputError({}, "--verify", "must be >= 0");
    if (opt.calibration.empty())
        std::cerr << "hcmsim search: warning: no --calibration: fitness comes from the uncalibrated engine-aware estimate; "
                     "run `hcmsim calibrate` for this platform and pass its YAML for calibrated fitness\n";
    opt.out_dir = out;
    opt.stop = &gSearchStop;
    ensureDirectory(out);
    struct sigaction sa {};
    sa.sa_handler = onSearchSignal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);

    const SearchResult r = runSearch(opt);
    std::vector<std::string> header = {"point", "latency_ns", "energy_pj", "accuracy_proxy", "sim_latency_ns",
                                       "sim_energy_pj", "err_latency_pct", "err_energy_pct", "genome"};
    for (const auto& a : opt.hw_axes) header.push_back(a.key);
    std::string csv = csvJoin(header) + "\n";
    for (size_t i = 0; i < r.pareto.size(); ++i) {
        const SearchPoint& s = r.pareto[i];
        std::string genome;
        for (size_t k = 0; k < s.wbits.size(); ++k)
            genome += (k ? " " : "") + std::string("w") + std::to_string(s.wbits[k]) + "a" + std::to_string(s.abits[k]);
        std::vector<std::string> row = {std::to_string(i), number(s.latency_ns), number(s.energy_pj),
                                        number(s.accuracy_proxy),
                                        s.simulated ? number(s.sim_latency_ns) : "",
                                        s.simulated ? number(s.sim_energy_pj) : "",
                                        s.simulated ? number((s.latency_ns - s.sim_latency_ns) / s.sim_latency_ns * 100) : "",
                                        s.simulated ? number((s.energy_pj - s.sim_energy_pj) / s.sim_energy_pj * 100) : "",
                                        genome};
        for (const auto& v : s.hw_values) row.push_back(v);
        csv += csvJoin(row) + "\n";
    }
    writeFileAtomic(out + "/pareto.csv", csv);
    {
        NetworkOptions net;
        net.net = opt.net;
        const PlatformConfig platform = loadPlatform(platformOpts);
        nlohmann::ordered_json report = r.report;
        report["provenance"] = provenanceJson({args, &platform, &net, opt.calibration});
        writeFileAtomic(out + "/search_report.json", jsonText(report, 2) + "\n");
    }
    if (!plot.empty()) plotPareto(out + "/pareto.csv", plot);
    std::cerr << "hcmsim search: " << r.pareto.size() << " Pareto points -> " << out << "/pareto.csv; verified "
              << r.report["verified_points"].get<size_t>() << " by simulation: latency MAPE "
              << r.report["mape_latency_pct"].get<double>() << "%, Kendall tau "
              << r.report["kendall_tau_latency"].get<double>() << "\n";
    return kExitOk;
}

}  // namespace hcm::cli
