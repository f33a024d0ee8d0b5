// hcmsim plot: roofline, Pareto front or estimator-vs-simulator plots (gnuplot).
#include <iostream>

#include "common_options.hpp"
#include "sim/common/input_error.hpp"
#include "sim/study/plots.hpp"

namespace hcm::cli {

int runPlot(const Args& args) {
    std::string kind, input, out;
    po::options_description desc("options");
    desc.add_options()
        ("kind", po::value(&kind), "roofline | pareto | scatter")
        ("input", po::value(&input), "summary.json (roofline), pareto.csv (pareto) or calibration report JSON (scatter)")
        ("out", po::value(&out), "image to write (.svg or .png)");
    po::positional_options_description pos;
    pos.add("kind", 1).add("input", 1);
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << "usage: hcmsim plot roofline|pareto|scatter INPUT --out FILE.svg\n"
                         "Draws a roofline of a run, a search's Pareto front, or a calibration's estimator-vs-simulator "
                         "scatter (gnuplot).\n\n"
                      << desc << "\n";
            return kExitOk;
        }
    po::variables_map vm;
    po::store(po::command_line_parser(rest).options(desc).positional(pos).run(), vm);
    po::notify(vm);
    if (input.empty() || out.empty()) throwInputError({}, "plot", "usage: hcmsim plot KIND INPUT --out FILE");
    if (kind == "roofline")
        plotRoofline(input, out);
    else if (kind == "pareto")
        plotPareto(input, out);
    else if (kind == "scatter")
        plotCalibrationScatter(input, out);
    else
        throwInputError({}, "plot", "'" + kind + "' is not one of: roofline, pareto, scatter");
    std::cerr << "hcmsim plot: wrote " << out << "\n";
    return kExitOk;
}

}  // namespace hcm::cli
