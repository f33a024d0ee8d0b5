#pragma once
// The calibrated fast estimator. The uncalibrated HCM metric is a roofline
// with perfect utilisation and peak DRAM bandwidth; calibration keeps its
// inputs but learns, per platform and per layer class, how the simulated
// hardware actually behaves:
//
//   cycles    = a·P + b·max(C, M) + c·C + d·M + e·tiles + f·fill + g, with P the
//               double-buffered tile pipeline (fill, per-tile max(M, C), drain),
//               C = max(E, B),  M = (T + 64·runs) / bandwidth / η
//   dram      = f·T + g·I + h
//   energy    = i·MACs + j·E + k·dram_bits + l·cycles
//
// with E the engine's compute cycles under the layer controller's tiling
// (the engine's own fold model via EngineOracle, fold restarts of the planned
// tiles included; for pooling and adds the element operations over the vector
// lanes), `fill` the first tile's load time, B the cycles its buffer ports need for the operand traffic the
// engine reports (a port-bound array), `runs` the contiguous DRAM runs a layer
// needs (each costs about a burst of alignment slack), `tiles` the tiles of a
// memory-only layer (each pays a DMA round trip), M the HCM traffic over the memory bandwidth, η an effective
// bandwidth fraction (grid-searched), T the HCM buffer-model traffic and I the
// ideal-reuse traffic. Coefficients are non-negative least-squares fits on
// relative error (hcmsim calibrate). Classes: conv (kernels > 1x1),
// pointwise (1x1 convs, whose activation runs are short), strided (a stride
// larger than the kernel, e.g. ResNet downsampling: input rows are skipped,
// so DRAM reads are many short runs), depthwise (grouped), fc, pool, add.
#include <array>
#include <map>
#include <string>
#include <vector>

#include "engine_oracle.hpp"
#include "hcm_estimator.hpp"

namespace hcm {

enum class LayerClass { Conv, Pointwise, Strided, Depthwise, FC, Pool, Add };
const char* toString(LayerClass c);
LayerClass classOf(const Layer& layer);

constexpr size_t kCycleTerms = 7;   // pipeline, max, compute, memory, tiles, fill, const
constexpr size_t kDramTerms = 3;    // model traffic, ideal traffic, const
constexpr size_t kEnergyTerms = 4;  // macs, compute cycles, dram bits, cycles

struct LayerFeatures {
    LayerClass cls = LayerClass::Conv;
    double compute_cycles = 0;   // E
    double buffer_cycles = 0;    // B
    double engine_input_cycles = 0;  // the engine's own input network at its rate (FoldSpace::input_bits_per_cycle)
    double dma_runs = 0;         // contiguous DRAM runs (alignment slack)
    double tiles = 0;            // tiles of the controller's plan
    double fill_cycles = 0;      // the first tile's loads at peak bandwidth
    double store_cycles = 0;     // one output tile's store at peak bandwidth
    double bytes_per_cycle = 1;  // memory bandwidth at peak (DRAM, capped by the link)
    double dram_bytes_per_cycle = 1, link_bytes_per_cycle = 1;
    double write_bytes = 0;      // of model_bytes, the part written (outputs)
    double cached_bytes = 0;     // activation bytes an L2 (cache: section) serves instead of DRAM (l2ResidentBytes)
    double memory_cycles = 0;    // M: HCM traffic at peak bandwidth
    double model_bytes = 0;      // T
    double ideal_bytes = 0;      // I
    double macs = 0;
    LayerEstimate uncalibrated;
};

struct ClassCalibration {
    bool fitted = false;
    double efficiency = 1.0;                       // η
    std::array<double, kCycleTerms> cycles{};
    std::array<double, kDramTerms> dram{};
    std::array<double, kEnergyTerms> energy{};
    size_t training_layers = 0;
    double training_mape_cycles = 0;

    std::array<double, kCycleTerms> cycleRow(const LayerFeatures& f) const;  // uses η
};

struct Calibration {
    std::string platform;          // platform name it was fitted on
    std::string engine;
    std::vector<std::string> nets, quant_set;
    std::map<LayerClass, ClassCalibration> classes;
};

struct CalibratedLayer {
    double cycles = 0;
    double dram_bytes = 0;
    double energy_pj = 0;
    bool calibrated = false;       // false: the class had no fit; uncalibrated values
};

// One layer's features on its own; cached_bytes (network context) is left 0
// for the caller to set from l2ResidentBytes.
LayerFeatures layerFeatures(const PlatformConfig& platform, const Layer& layer, const EngineOracle& oracle);
CalibratedLayer applyCalibration(const Calibration& cal, const LayerFeatures& f);

std::array<double, kDramTerms> dramRow(const LayerFeatures& f);
std::array<double, kEnergyTerms> energyRow(const LayerFeatures& f, double cycles);

// A whole network through the calibrated estimator.
struct CalibratedNetwork {
    std::vector<CalibratedLayer> layers;
    CalibratedLayer totals;
};
CalibratedNetwork calibrateNetwork(const PlatformConfig& platform, const Network& net, const Calibration& cal);
CalibratedNetwork calibrateNetwork(const PlatformConfig& platform, const Network& net, const Calibration& cal,
                                   const EngineOracle& oracle);

void saveCalibration(const Calibration& cal, const std::string& path);
Calibration loadCalibration(const std::string& path);

}  // namespace hcm
