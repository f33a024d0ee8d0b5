#pragma once
// hcmsim calibrate: simulate a training set (networks x precisions) on one
// platform, fit the calibrated tier's factors over the engine-aware replay
// (sim/estimate/calibration_fit.hpp), and check every tier on held-out
// networks against fresh simulations.
#include <csignal>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/estimate/calibration_model.hpp"

namespace hcm {

struct CalibrateOptions {
    std::string hw = "default";
    std::vector<std::string> sets;
    std::vector<std::string> nets;       // training networks
    std::vector<std::string> heldout;    // networks for the report (never trained on)
    std::vector<std::string> quant_set;  // "w8a8", "w4a4o8" or policy files
    std::string work_dir;                // simulation outputs (reused when present)
    std::string features_csv;            // optional: the training rows (features and measurements)
    int jobs = 2;
    const volatile std::sig_atomic_t* stop = nullptr;
};

struct CalibrateResult {
    CalibrationModel calibration;
    nlohmann::ordered_json report;       // per held-out network errors (see docs/studies.md, Calibration)
};

CalibrateResult calibrate(const CalibrateOptions& options);

// Kendall's tau-b rank correlation of two equally long series.
double kendallTau(const std::vector<double>& a, const std::vector<double>& b);

// "w4a4" / "w4a4o8" -> --wbits/--abits/--obits arguments; a path -> --quant.
std::vector<std::string> precisionArguments(const std::string& q);

}  // namespace hcm
