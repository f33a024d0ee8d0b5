#pragma once
// Plots a user looks at rather than reads, through gnuplot: roofline of a run
// (measured and estimated per-layer points against the platform's roofs),
// Pareto fronts of a search, estimator-vs-simulator scatter of a calibration
// report, a sweep's results as lines or a heat map, a cost chart. The gnuplot
// script and data are kept next to the image (<out>.gp, <out>.dat): the
// script redraws it, or draws other data of the same form (plot_script.hpp).
// SVG or PNG by extension.
#include <string>
#include <vector>

namespace hcm {

void plotRoofline(const std::string& summaryJson, const std::string& out);
void plotPareto(const std::string& paretoCsv, const std::string& out);
void plotCalibrationScatter(const std::string& reportJson, const std::string& out);

// A sweep's results (hcmsim sweep's CSV): `y` (a collected column) against
// the axis `x`, one line per combination of the other axes' values, rows
// filtered by `where` ("axis=value"). Points that did not finish are left out.
void plotSweep(const std::string& resultsCsv, const std::string& x, const std::string& y,
               const std::vector<std::string>& where, const std::string& out);
// A heat map of `z` over the axes `x` and `y`; every other axis must be fixed
// (one value in the results, or by `where`).
void plotSweepHeatmap(const std::string& resultsCsv, const std::string& x, const std::string& y,
                      const std::string& z, const std::vector<std::string>& where, const std::string& out);
// A cost chart (hcmsim costchart): `cost` (cycles, time_ns, energy_pj,
// dram_bytes, macs, params) against depth, one line per width.
void plotCostChart(const std::string& chartCsv, const std::string& cost, const std::string& out);

}  // namespace hcm
