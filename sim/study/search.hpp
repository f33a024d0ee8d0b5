#pragma once
// hcmsim search: NSGA-II (pagmo2) over per-layer (b_w, b_a) from a set of bit
// widths, optionally with hardware genes, minimising latency, energy (both from
// the calibrated estimator) and an accuracy proxy (sensitivity.hpp). The final
// Pareto set is re-checked by full simulation and the disagreement reported.
#include <csignal>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "study_config.hpp"

namespace hcm {

struct SearchOptions {
    std::string hw = "default";
    std::vector<std::string> sets;
    std::string net = "resnet20";
    std::string calibration;             // calibration YAML (recommended)
    bool strict = false;                 // a calibration fitted on other settings is an error
    std::string sensitivity;             // sensitivity YAML (default: noise model)
    std::vector<int> bits = {2, 4, 8};
    std::vector<StudyAxis> hw_axes;      // optional hardware genes: key -> values
    int population = 64;                 // multiple of 4
    int generations = 60;
    unsigned seed = 1;
    int verify = 8;                      // Pareto points re-checked by simulation (0: none)
    int jobs = 2;
    std::string out_dir;
    const volatile std::sig_atomic_t* stop = nullptr;
};

struct SearchPoint {
    std::vector<int> wbits, abits;       // per compute layer
    std::vector<std::string> hw_values;  // per hardware axis
    double latency_ns = 0, energy_pj = 0, accuracy_proxy = 0;
    // The design cannot run the genome (a layer that cannot be tiled at these
    // precisions, on these hardware genes): `run` would reject it with `infeasible`.
    bool feasible = true;
    std::string infeasible;
    bool simulated = false;
    double sim_latency_ns = 0, sim_energy_pj = 0;
};

struct SearchResult {
    std::vector<SearchPoint> pareto;     // sorted by latency
    std::vector<std::pair<std::string, SearchPoint>> baselines;  // uniform w8a8, w4a4, ...
    nlohmann::ordered_json report;
};

SearchResult runSearch(const SearchOptions& options);

}  // namespace hcm
