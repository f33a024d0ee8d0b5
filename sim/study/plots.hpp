#pragma once
// Plots a user looks at rather than reads, through gnuplot: roofline of a run
// (measured and estimated per-layer points against the platform's roofs),
// Pareto fronts of a search, and estimator-vs-simulator scatter of a
// calibration report. The gnuplot script and data are kept next to the image
// (<out>.gp, <out>.dat) so the plot can be restyled. SVG or PNG by extension.
#include <string>

namespace hcm {

void plotRoofline(const std::string& summaryJson, const std::string& out);
void plotPareto(const std::string& paretoCsv, const std::string& out);
void plotCalibrationScatter(const std::string& reportJson, const std::string& out);

// Runs gnuplot on a script; InputError when gnuplot is not installed.
void runGnuplot(const std::string& script, const std::string& out);

}  // namespace hcm
