// hcmsim plot: roofline, Pareto front or estimator-vs-simulator plots (gnuplot).
#include <iostream>

#include "common_options.hpp"
#include "sim/common/input_error.hpp"
#include "sim/study/plots.hpp"

namespace hcm::cli {

int runPlot(const Args& args) {
    std::string kind, input, out, x, y, z;
    std::vector<std::string> where;
    po::options_description desc("options");
    desc.add_options()
        ("kind", po::value(&kind), "roofline | pareto | scatter | sweep | heatmap | costchart")
        ("input", po::value(&input),
         "summary.json (roofline), pareto.csv (pareto), calibration report JSON (scatter), the CSV of hcmsim sweep "
         "(sweep, heatmap) or of hcmsim costchart (costchart)")
        ("out", po::value(&out), "image to write (.svg or .png); its script and data are written beside it")
        ("x", po::value(&x), "sweep, heatmap: the axis along x")
        ("y", po::value(&y), "sweep: the collected column to plot; heatmap: the axis along y; costchart: the cost "
                             "(cycles, time_ns, energy_pj, dram_bytes; default time_ns)")
        ("z", po::value(&z), "heatmap: the collected column shown as colour")
        ("where", po::value(&where)->composing(), "sweep, heatmap: keep only rows with AXIS=VALUE (repeatable)");
    po::positional_options_description pos;
    pos.add("kind", 1).add("input", 1);
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << "usage: hcmsim plot roofline|pareto|scatter INPUT --out FILE.svg\n"
                         "       hcmsim plot sweep RESULTS.csv --x AXIS --y COLUMN [--where AXIS=VALUE] --out FILE.svg\n"
                         "       hcmsim plot heatmap RESULTS.csv --x AXIS --y AXIS --z COLUMN [--where ...] --out FILE.svg\n"
                         "       hcmsim plot costchart CHART.csv [--y time_ns] --out FILE.svg\n"
                         "Draws a roofline of a run, a search's Pareto front, a calibration's estimator-vs-simulator "
                         "scatter,\na sweep's results as lines or a heat map, or a cost chart (gnuplot). FILE.gp beside "
                         "the image redraws it\n(gnuplot -c FILE.gp), or draws other data of the same form "
                         "(gnuplot -c FILE.gp OTHER.dat OTHER.svg).\n\n"
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
    else if (kind == "sweep" || kind == "heatmap") {
        if (x.empty() || y.empty()) throwInputError({}, "plot " + kind, "needs --x and --y");
        if (kind == "sweep")
            plotSweep(input, x, y, where, out);
        else if (z.empty())
            throwInputError({}, "plot heatmap", "needs --z (the collected column shown as colour)");
        else
            plotSweepHeatmap(input, x, y, z, where, out);
    } else if (kind == "costchart")
        plotCostChart(input, y.empty() ? "time_ns" : y, out);
    else
        throwInputError({}, "plot", "'" + kind + "' is not one of: roofline, pareto, scatter, sweep, heatmap, costchart");
    std::cerr << "hcmsim plot: wrote " << out << "\n";
    return kExitOk;
}

}  // namespace hcm::cli
