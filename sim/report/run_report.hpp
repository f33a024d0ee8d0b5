#pragma once
// Outputs of `hcmsim run`: layers.csv (one row per layer, units in column
// names), summary.json (layers and totals, with the names of `hcmsim
// estimate` where they mean the same) and a table for the terminal. Each
// layer carries the HCM estimate of the same quantities and the relative error
// of the estimate against the measurement.
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "sim/config/platform_config.hpp"
#include "sim/metric/hcm_estimator.hpp"
#include "sim/platform/platform.hpp"
#include "workloads/network.hpp"

namespace hcm {

struct RunReport {
    const PlatformConfig& platform;
    const Network& net;
    const RunResult& result;
    bool ideal_memory = false;
    std::vector<LayerEstimate> estimates;  // same order as result.layers
    // `hcmsim estimate --format json` of the same inputs (run --compare-estimate):
    // every tier it carries is put next to the measured figures. Null: none.
    const nlohmann::json* tiers = nullptr;
    // Where the result came from (sim/cli/provenance.hpp); null: not recorded.
    nlohmann::ordered_json provenance;

    RunReport(const PlatformConfig& p, const Network& n, const RunResult& r, bool ideal);
};

// The tiers' cycles, DRAM bytes and energy next to the measured ones, per
// layer (by name) and in total, with their errors; and a table of them.
nlohmann::ordered_json tierComparisonJson(const RunReport& report);
void writeTierTable(std::ostream& os, const RunReport& report);

void writeLayersCsv(std::ostream& os, const RunReport& report);
nlohmann::json summaryJson(const RunReport& report);
void writeRunTable(std::ostream& os, const RunReport& report);

// Relative error of an estimate against a measurement, in percent
// ((estimate - measured) / measured · 100; 0 when both are 0).
double relativeErrorPct(double estimate, double measured);

}  // namespace hcm
