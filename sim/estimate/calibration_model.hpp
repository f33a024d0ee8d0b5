#pragma once
// The calibrated tier: the engine-aware estimator (engine_aware_estimator.hpp)
// corrected for what it cannot know, fitted to simulations of one platform.
//
// The engine-aware tier already replays the controller's schedule with the
// engines' own tile costs, so calibration fits only a few physically
// meaningful factors, shared by every layer:
//
//   cycles = a·C + b·S + c·T + d      C: the replay's compute (array) cycles
//                                     S: its stall cycles (memory, ports, fill, drain)
//                                     T: its tiles; d: per-layer overhead
//   dram   = k·D                      D: the replay's DRAM bytes
//   energy = Σ_j e_j·E_j              E_j: the replay's energy by component
//
// on relative error over all training layers (the pooled fit), the cycle
// factors pulled toward the identity (1, 1, 0, 0: the replay as it is). A
// layer class refines the cycle factors only where its data supports it:
// ridge regression toward the pooled factors. Both strengths are chosen by
// leave-one-network-out cross-validation; a class the training never saw
// uses the pooled factors. A calibrated estimate stays within a factor 2
// of the replay's (a larger correction would be an extrapolation of the
// fit, not a physical effect the replay misses). Each estimate says whether the
// layer lies inside what the fit saw (class, precisions, shape ranges) or is
// an extrapolation, and why.
#include <array>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "engine_aware_estimator.hpp"
#include "layer_class.hpp"

namespace hcm {

// Cycle factors: compute, stall, per tile, per layer.
constexpr size_t kCycleFactors = 4;
// Energy factors: compute, buffers, interconnect, DRAM, leakage.
constexpr size_t kEnergyFactors = 5;
using CycleFactors = std::array<double, kCycleFactors>;
using EnergyFactors = std::array<double, kEnergyFactors>;

// What the calibrated tier knows of one layer: the replay and the shape
// descriptors the extrapolation check compares.
struct LayerDescriptor {
    LayerClass cls = LayerClass::Conv;
    int wbits = 8, abits = 8;
    // log2 of: GEMM rows (pixels), reduction, filters, kernel taps (conv/fc);
    // elements (memory-only layers) in the first slot.
    std::array<double, 4> log_shape{};
};
constexpr size_t kShapeDims = 4;
const char* shapeDimName(size_t i);
LayerDescriptor describe(const Layer& layer);

// The cycle-model row of a replayed layer: C, S, T, 1.
CycleFactors cycleRow(const ReplayedLayer& r);
EnergyFactors energyRow(const ReplayedLayer& r);

// What the fit saw of one class.
struct ClassRange {
    size_t layers = 0;
    std::array<double, kShapeDims> lo{}, hi{};
    std::vector<std::pair<int, int>> precisions;  // (wbits, abits) seen
};

struct ClassFactors {
    CycleFactors cycles{};
    ClassRange range;
};

struct CalibrationModel {
    static constexpr int kVersion = 2;
    std::string platform;           // the platform it was fitted on
    std::string engine;
    // Provenance: the program that fitted it, and the platform's settings
    // (its resolved YAML) and fingerprint; empty in files that predate them.
    std::string program, platform_fingerprint, platform_settings;
    std::vector<std::string> nets, quant_set;
    // The files the training set was read from (networks, policy files) with
    // their content hashes, so a rerun refuses changed inputs; empty in files
    // that predate them.
    struct InputFile {
        std::string name, file, file_hash;
    };
    std::vector<InputFile> inputs;
    CycleFactors pooled{1, 1, 0, 0};
    double mu = 1;                  // ridge strength of the pooled factors toward the identity
    double lambda = 1;              // ridge strength of the class refinements toward the pooled factors
    std::map<LayerClass, ClassFactors> classes;
    double dram_scale = 1;
    EnergyFactors energy{1, 1, 1, 1, 1};
};

struct CalibratedLayer {
    double cycles = 0, dram_bytes = 0, energy_pj = 0;
    bool refined = false;                 // the layer's class has factors of its own
    std::vector<std::string> extrapolation;  // why the layer lies outside the training (empty: inside)
};

struct CalibratedNetwork {
    std::vector<CalibratedLayer> layers;
    CalibratedLayer totals;
};

// Before applying `model` (read from `file`) to `platform`: a calibration
// fitted on another engine kind is an input error; one fitted on a platform
// whose settings differ gets a warning on `warn` naming the differing keys,
// an input error when `strict`.
void checkCalibrationPlatform(const CalibrationModel& model, const std::string& file, const PlatformConfig& platform,
                              bool strict, std::ostream& warn);

CalibratedLayer applyCalibration(const CalibrationModel& model, const LayerDescriptor& d, const ReplayedLayer& r);
CalibratedNetwork applyCalibration(const CalibrationModel& model, const Network& net, const ReplayedNetwork& r);

void saveCalibration(const CalibrationModel& model, const std::string& path);
// Throws InputError (file, line, key) for a malformed file or one written by
// an earlier version of the model.
CalibrationModel loadCalibration(const std::string& path);

}  // namespace hcm
