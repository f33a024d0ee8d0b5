// hcmsim calibrate: fit the fast estimator to simulations of one platform.
#include <csignal>
#include <iostream>
#include <sstream>

#include "common_options.hpp"
#include "provenance.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/study/calibrate.hpp"

namespace hcm::cli {

namespace {
volatile std::sig_atomic_t gCalStop = 0;
extern "C" void onCalSignal(int) { gCalStop = 1; }

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}
}  // namespace

int runCalibrate(const Args& args) {
    PlatformOptions platformOpts;
    std::string nets, heldout, quantSet = "w8a8,w4a4,w2a2", out, report, work, features;
    int jobs = 2;
    po::options_description desc("options");
    addPlatformOptions(desc, platformOpts);
    desc.add_options()
        ("nets", po::value(&nets), "training networks, comma-separated (zoo names or files)")
        ("heldout", po::value(&heldout), "held-out networks for the report, comma-separated")
        ("quant-set", po::value(&quantSet)->default_value(quantSet),
         "precisions to train on: w8a8, w4a4o8, ... or policy YAML files, comma-separated")
        ("out", po::value(&out), "calibration YAML to write")
        ("report", po::value(&report), "JSON report of calibrated vs uncalibrated errors on the held-out networks")
        ("work", po::value(&work), "directory for the simulations (default <out>.sims; reused when rerun)")
        ("jobs,j", po::value(&jobs)->default_value(jobs), "simulations in parallel")
        ("features", po::value(&features), "also write the training rows (features and measurements) as CSV");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm,
                          "usage: hcmsim calibrate --hw FILE --nets LIST [--heldout LIST] [--quant-set LIST] --out FILE "
                          "[--report FILE]\nSimulates the training set, fits the calibrated tier over the engine-aware one (pooled and per-class "
                          "factors, ridge strengths by leave-one-network-out cross-validation), reports held-out and "
                          "cross-validated errors of every tier."))
        return kExitOk;
    if (out.empty()) throwInputError({}, "--out", "a calibration file to write is required");
    if (jobs < 1 || jobs > 1024) throwInputError({}, "--jobs", "must be in 1..1024");
    CalibrateOptions opt;
    opt.hw = platformOpts.hw;
    opt.sets = platformOpts.sets;
    opt.nets = splitList(nets);
    opt.heldout = splitList(heldout);
    opt.quant_set = splitList(quantSet);
    opt.work_dir = work.empty() ? out + ".sims" : work;
    opt.jobs = jobs;
    opt.features_csv = features;
    opt.stop = &gCalStop;
    struct sigaction sa {};
    sa.sa_handler = onCalSignal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);

    CalibrateResult r = calibrate(opt);
    saveCalibration(r.calibration, out);
    if (!report.empty()) {
        const PlatformConfig platform = loadPlatform(platformOpts);
        r.report["provenance"] = provenanceJson({args, &platform, nullptr, ""});
        writeFileAtomic(report, jsonText(r.report, 2) + "\n");
    }
    std::cerr << "hcmsim calibrate: wrote " << out << (report.empty() ? "" : " and " + report) << "\n";
    for (const auto& [net, h] : r.report["heldout"].items())
        std::cerr << "  held-out " << net << ": cycles MAPE " << h["mape_cycles_uncalibrated"].get<double>()
                  << "% uncalibrated -> " << h["mape_cycles_calibrated"].get<double>() << "% calibrated (max "
                  << h["max_ape_cycles_calibrated"].get<double>() << "%), Kendall tau "
                  << h["kendall_tau"].get<double>() << "\n";
    return kExitOk;
}

}  // namespace hcm::cli
