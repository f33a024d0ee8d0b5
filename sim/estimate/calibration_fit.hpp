#pragma once
// Fitting the calibrated tier (calibration_model.hpp) to simulated layers, on
// relative error: pooled factors by ridge regression toward the identity (the
// engine-aware tier as it is), class refinements by ridge regression toward
// the pooled factors; both strengths chosen by leave-one-network-out
// cross-validation, so the calibration corrects the replay only as far as
// correcting it helps on networks the fit did not see.
#include <string>
#include <vector>

#include "calibration_model.hpp"

namespace hcm {

// One simulated layer: what the engine-aware tier said, and what the
// simulation measured.
struct TrainingLayer {
    std::string net;            // network (and precision) it came from: the cross-validation folds
    std::string group;          // network name alone: leave-one-network-out leaves out every precision of it
    LayerDescriptor descriptor;
    ReplayedLayer replay;
    double cycles = 0, dram_bytes = 0, energy_pj = 0;
};

struct FitOptions {
    // Ridge strengths tried (per layer of the class, on relative error);
    // large values are the pooled fit.
    std::vector<double> lambdas = {0.01, 0.1, 1, 10, 100, 1e6};
    // Ridge strengths of the pooled factors toward the identity.
    std::vector<double> mus = {0.0, 0.1, 1, 10, 1e6};
    size_t min_class_layers = 4;  // classes with fewer layers use the pooled factors
};

// Fits with given ridge strengths (pooled toward the identity: mu; classes
// toward the pooled factors: lambda).
CalibrationModel fitCalibration(const std::vector<TrainingLayer>& rows, double mu, double lambda,
                                const FitOptions& options = {});

// The model's cycle estimate of every row when its group is left out of
// the fit (leave-one-network-out), in row order.
std::vector<double> crossValidatedCycles(const std::vector<TrainingLayer>& rows, double mu, double lambda,
                                         const FitOptions& options = {});

// Chooses the ridge strengths with the least cross-validated cycle MAPE (ties:
// the stronger, the simpler model) and fits with them. `cvMape` receives it.
CalibrationModel fitCalibrationCrossValidated(const std::vector<TrainingLayer>& rows, const FitOptions& options = {},
                                              double* cvMape = nullptr);

}  // namespace hcm
