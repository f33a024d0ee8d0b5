// hcmsim estimate: the analytical HCM metric of a network on a platform.
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>

#include "common_options.hpp"
#include "provenance.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/estimate/calibration_model.hpp"
#include "sim/estimate/memory_timing_factory.hpp"
#include "sim/metric/feasibility.hpp"
#include "sim/metric/hcm_estimator.hpp"
#include "sim/report/estimate_report.hpp"

namespace hcm::cli {

int runEstimate(const Args& args) {
    PlatformOptions platformOpts;
    NetworkOptions netOpts;
    std::string format = "table", out, calibrationFile, tiers = "all";
    bool strict = false;
    po::options_description desc("options");
    addPlatformOptions(desc, platformOpts);
    addNetworkOptions(desc, netOpts, "resnet18");
    desc.add_options()
        ("format", po::value(&format)->default_value(format), "output format: table | csv | json")
        ("out", po::value(&out), "write to this file instead of stdout")
        ("tiers", po::value(&tiers)->default_value(tiers),
         "hcm (the roofline metric alone) | all (also the engine-aware replay of the controller's schedule)")
        ("calibration", po::value(&calibrationFile),
         "calibration YAML from hcmsim calibrate: add the calibrated tier (needs --tiers all)")
        ("strict", po::bool_switch(&strict),
         "a calibration fitted on a platform with other settings is an error, not a warning");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm,
                          "usage: hcmsim estimate [--hw FILE] [--net NET] [--quant FILE] [--format table|csv|json]\n"
                          "Estimates without simulation, per layer: the HCM metric (BOPs, traffic, intensity, "
                          "roofline bound and cycles), the engine-aware tier (the controller's schedule replayed with "
                          "the engine's tile costs and the memory path's characterization) and, with --calibration, "
                          "the calibrated tier."))
        return kExitOk;
    if (format != "table" && format != "csv" && format != "json")
        throwInputError({}, "--format", "'" + format + "' is not one of: table, csv, json");
    if (tiers != "hcm" && tiers != "all") throwInputError({}, "--tiers", "'" + tiers + "' is not one of: hcm, all");
    if (tiers == "hcm" && !calibrationFile.empty())
        throwInputError({}, "--calibration", "the calibrated tier corrects the engine-aware one: use --tiers all");

    const PlatformConfig platform = loadPlatform(platformOpts);
    const Network net = loadNetworkFor(netOpts);
    // A design `run` would reject is reported as such, not estimated.
    requireFeasible(platform, net);
    const NetworkEstimate est = estimateNetwork(platform, net);
    std::optional<ReplayedNetwork> replayed;
    std::optional<CalibratedNetwork> calibrated;
    if (tiers == "all") {
        const std::unique_ptr<MemoryTiming> timing = memoryTimingFor(platform);
        EngineAwareEstimator engineAware(platform, *timing);
        replayed = engineAware.run(net);
    }
    if (!calibrationFile.empty()) {
        const CalibrationModel cal = loadCalibration(calibrationFile);
        std::ostringstream warning;
        checkCalibrationPlatform(cal, calibrationFile, platform, strict, warning);
        if (!warning.str().empty()) std::cerr << "hcmsim estimate: " << warning.str();
        calibrated = applyCalibration(cal, net, *replayed);
    }

    const EstimateTiers t{replayed ? &*replayed : nullptr, calibrated ? &*calibrated : nullptr};
    std::ostringstream os;
    if (format == "json") {
        nlohmann::ordered_json j = estimateJson(est, platform, t);
        j["provenance"] = provenanceJson({args, &platform, &netOpts, calibrationFile});
        os << jsonText(j, 2) << "\n";
    }
    else if (format == "csv")
        writeEstimateCsv(os, est, t);
    else
        writeEstimateTable(os, est, platform, t);
    if (out.empty())
        std::cout << os.str();
    else
        writeFileAtomic(out, os.str());
    return kExitOk;
}

}  // namespace hcm::cli
