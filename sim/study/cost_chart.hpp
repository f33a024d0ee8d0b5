#pragma once
// Cost charts (the Deepbit method of the second seed): simulated cost of a
// family of binary/quantized networks against depth and width on one
// platform, tabulated once and then interpolated as an estimator, so a
// structure search can ask "what does depth 26 at width 0.75 cost here?"
// without simulating it.
#include <csignal>
#include <string>
#include <vector>

namespace hcm {

struct CostChartOptions {
    std::string hw = "default";
    std::vector<std::string> sets;
    std::string family = "cifar_resnet";
    std::vector<int> depths;
    std::vector<double> widths;
    int bits = 0;                        // 0: the family's default precision
    int jobs = 2;
    std::string work_dir;
    const volatile std::sig_atomic_t* stop = nullptr;
};

struct CostChartRow {
    int depth = 0;
    double width = 0;
    double macs = 0, params = 0;
    double cycles = 0, time_ns = 0, energy_pj = 0, dram_bytes = 0;
};

struct CostChart {
    std::string platform, family;
    int bits = 0;
    // Where it comes from: program, commit and the platform's fingerprint;
    // and the command that built it (a JSON list of its arguments, output
    // paths left out), from which `hcmsim rerun` builds it again.
    std::string provenance, command;
    std::vector<CostChartRow> rows;     // the full depth x width grid

    // Bilinear interpolation in (depth, log2 width) over the grid; InputError
    // outside the tabulated range.
    CostChartRow at(double depth, double width) const;
};

CostChart buildCostChart(const CostChartOptions& options);
void saveCostChart(const CostChart& chart, const std::string& path);
CostChart loadCostChart(const std::string& path);

}  // namespace hcm
