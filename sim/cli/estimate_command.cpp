// hcmsim estimate: the analytical HCM metric of a network on a platform.
#include <iostream>
#include <optional>
#include <sstream>

#include "common_options.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/estimate/peak_memory_timing.hpp"
#include "sim/metric/calibration.hpp"
#include "sim/metric/feasibility.hpp"
#include "sim/metric/hcm_estimator.hpp"
#include "sim/report/estimate_report.hpp"

namespace hcm::cli {

int runEstimate(const Args& args) {
    PlatformOptions platformOpts;
    NetworkOptions netOpts;
    std::string format = "table", out, calibrationFile;
    po::options_description desc("options");
    addPlatformOptions(desc, platformOpts);
    addNetworkOptions(desc, netOpts, "resnet18");
    desc.add_options()
        ("format", po::value(&format)->default_value(format), "output format: table | csv | json")
        ("out", po::value(&out), "write to this file instead of stdout")
        ("calibration", po::value(&calibrationFile), "calibration YAML from hcmsim calibrate: add calibrated estimates");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm,
                          "usage: hcmsim estimate [--hw FILE] [--net NET] [--quant FILE] [--format table|csv|json]\n"
                          "HCM analytical estimate (no simulation): BOPs, traffic, intensity, roofline bound and "
                          "cycles per layer."))
        return kExitOk;
    if (format != "table" && format != "csv" && format != "json")
        throwInputError({}, "--format", "'" + format + "' is not one of: table, csv, json");

    const PlatformConfig platform = loadPlatform(platformOpts);
    const Network net = loadNetworkFor(netOpts);
    // A design `run` would reject is reported as such, not estimated.
    requireFeasible(platform, net);
    const NetworkEstimate est = estimateNetwork(platform, net);
    std::optional<CalibratedNetwork> calibrated;
    if (!calibrationFile.empty()) {
        const Calibration cal = loadCalibration(calibrationFile);
        if (cal.engine != toString(platform.compute.kind))
            throwInputError({calibrationFile, 0, 0}, "engine",
                            "was fitted on a " + cal.engine + " platform, not " + toString(platform.compute.kind));
        if (cal.platform != platform.name)
            std::cerr << "hcmsim estimate: warning: " << calibrationFile << " was fitted on platform '" << cal.platform
                      << "', applying it to '" << platform.name << "'\n";
        calibrated = calibrateNetwork(platform, net, cal);
    }

    const PeakMemoryTiming timing(platform.dram, platform.clock_mhz);
    EngineAwareEstimator engineAware(platform, timing);
    const ReplayedNetwork replayed = engineAware.run(net);

    std::ostringstream os;
    if (format == "json")
        os << jsonText(estimateJson(est, platform, calibrated ? &*calibrated : nullptr, &replayed), 2) << "\n";
    else if (format == "csv")
        writeEstimateCsv(os, est, calibrated ? &*calibrated : nullptr);
    else
        writeEstimateTable(os, est, platform, calibrated ? &*calibrated : nullptr);
    if (out.empty())
        std::cout << os.str();
    else
        writeFileAtomic(out, os.str());
    return kExitOk;
}

}  // namespace hcm::cli
