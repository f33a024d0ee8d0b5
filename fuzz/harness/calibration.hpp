#pragma once
// Calibration YAML (hcmsim estimate --calibration), applied to the small
// network on the default platform as `estimate` applies it.
#include "common.hpp"
#include "sim/metric/calibration.hpp"

namespace hcm::fuzz {

inline Outcome calibration(const std::string& input) {
    const ScratchFile file(input, ".cal.yaml");
    return guarded([&] {
        const Calibration cal = loadCalibration(file.path());
        Network net = tinyNetwork();
        resolvePrecision(net, {});
        const NetworkEstimate est = estimateNetwork(defaultPlatform(), net);
        const CalibratedNetwork calibrated = calibrateNetwork(defaultPlatform(), net, cal);
        jsonText(estimateJson(est, defaultPlatform(), &calibrated));
    });
}

}  // namespace hcm::fuzz
