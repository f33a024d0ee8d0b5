// hcmsim costchart: tabulate and look up simulated cost against depth and width.
#include <csignal>
#include <iostream>
#include <sstream>

#include "common_options.hpp"
#include "provenance.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/input_error.hpp"
#include "sim/study/cost_chart.hpp"

namespace hcm::cli {

namespace {
volatile std::sig_atomic_t gChartStop = 0;
extern "C" void onChartSignal(int) { gChartStop = 1; }

template <class T>
std::vector<T> numbers(const std::string& s, const char* key) {
    std::vector<T> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');) {
        if (item.empty()) continue;
        try {
            out.push_back(T(std::stod(item)));
        } catch (...) {
            throwInputError({}, key, "'" + item + "' is not a number");
        }
    }
    return out;
}
}  // namespace

int runCostChart(const Args& args) {
    PlatformOptions platformOpts;
    CostChartOptions o;
    std::string depths = "8,14,20,32,44,56", widths = "0.25,0.5,1,2", out, chartFile;
    double depth = 0, width = 0;
    po::options_description desc("options");
    addPlatformOptions(desc, platformOpts);
    desc.add_options()
        ("family", po::value(&o.family)->default_value(o.family), "network family (cifar_resnet)")
        ("depths", po::value(&depths)->default_value(depths), "depths to tabulate")
        ("widths", po::value(&widths)->default_value(widths), "width multipliers to tabulate")
        ("bits", po::value(&o.bits)->default_value(0), "bits of the inner layers (1 = binary); first/last stay at 8")
        ("out", po::value(&out), "write the chart CSV")
        ("jobs,j", po::value(&o.jobs)->default_value(2), "simulations in parallel")
        ("chart", po::value(&chartFile), "look up an existing chart instead of building one")
        ("depth", po::value(&depth), "lookup: depth")
        ("width", po::value(&width), "lookup: width multiplier");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm,
                          "usage: hcmsim costchart --hw FILE [--depths ...] [--widths ...] [--bits 1] --out chart.csv\n"
                          "       hcmsim costchart --chart chart.csv --depth D --width W\n"
                          "Cost charts: simulated cost of a network family against depth and width, interpolated."))
        return kExitOk;
    if (!chartFile.empty()) {
        const CostChart c = loadCostChart(chartFile);
        const CostChartRow r = c.at(depth, width);
        std::cout << "{\"depth\": " << depth << ", \"width\": " << width << ", \"macs\": " << r.macs
                  << ", \"cycles\": " << r.cycles << ", \"time_ns\": " << r.time_ns << ", \"energy_pj\": " << r.energy_pj
                  << ", \"dram_bytes\": " << r.dram_bytes << "}\n";
        return kExitOk;
    }
    if (out.empty()) throwInputError({}, "--out", "a chart file to write is required");
    o.hw = platformOpts.hw;
    o.sets = platformOpts.sets;
    o.depths = numbers<int>(depths, "--depths");
    o.widths = numbers<double>(widths, "--widths");
    o.work_dir = out + ".sims";
    o.stop = &gChartStop;
    struct sigaction sa {};
    sa.sa_handler = onChartSignal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    CostChart chart = buildCostChart(o);
    chart.command = jsonText(provenanceJson({args, nullptr, nullptr, ""})["command"]);
    saveCostChart(chart, out);
    std::cerr << "hcmsim costchart: wrote " << out << "\n";
    return kExitOk;
}

}  // namespace hcm::cli
