#pragma once
// Calibration YAML (hcmsim estimate --calibration), applied to the small
// network on the default platform as `estimate` applies it.
#include "common.hpp"
#include "sim/estimate/calibration_model.hpp"
#include "sim/estimate/memory_timing_factory.hpp"
#include "sim/report/estimate_report.hpp"

namespace hcm::fuzz {

inline Outcome calibration(const std::string& input) {
    const ScratchFile file(input, ".cal.yaml");
    return guarded([&] {
        const CalibrationModel cal = loadCalibration(file.path());
        Network net = tinyNetwork();
        resolvePrecision(net, {});
        const NetworkEstimate est = estimateNetwork(defaultPlatform(), net);
        const auto timing = memoryTimingFor(defaultPlatform());
        EngineAwareEstimator engine(defaultPlatform(), *timing);
        const ReplayedNetwork replay = engine.run(net);
        const CalibratedNetwork calibrated = applyCalibration(cal, net, replay);
        jsonText(estimateJson(est, defaultPlatform(), {&replay, &calibrated}));
    });
}

}  // namespace hcm::fuzz
