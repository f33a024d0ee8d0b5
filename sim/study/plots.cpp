#include "plots.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "plot_script.hpp"
#include "results_table.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path);
    if (!in) throwInputError({path, 0, 0}, "", "cannot open file");
    try {
        nlohmann::json j;
        in >> j;
        return j;
    } catch (const nlohmann::json::exception& e) {
        throwInputError({path, 0, 0}, "", std::string("not valid JSON: ") + e.what());
    }
}

}  // namespace

void plotRoofline(const std::string& summaryPath, const std::string& out) {
    const PlotSource src{"roofline", summaryPath};
    const nlohmann::json j = readJson(summaryPath);
    if (!j.contains("layers") || !j.contains("platform")) throwInputError({summaryPath, 0, 0}, "", "not an hcmsim run summary");
    const double clockHz = j["platform"]["clock_mhz"].get<double>() * 1e6;
    // Total traffic (reads + writes) against the roof of both together: the
    // link carries each direction on its own channel.
    const nlohmann::json& pl = j["platform"];
    const double memBits = (pl.contains("mem_total_bits_per_s") ? pl["mem_total_bits_per_s"] : pl["mem_bits_per_s"]).get<double>();
    std::ostringstream data;
    double peak = 0, imin = 1e300, imax = 0;
    data << dataHeader(src, "intensity_bops_per_bit attained_bops_per_s estimated_intensity estimated_bops_per_s name");
    for (const auto& l : j["layers"]) {
        const double bops = l["bops"].get<double>();
        if (bops <= 0) continue;
        const double t = l["time_ns"].get<double>() * 1e-9;
        const double i = l["intensity_bops_per_bit"].get<double>();
        const double ei = l["estimate"]["intensity_bops_per_bit"].get<double>();
        const double et = l["estimate"]["cycles"].get<double>() / clockHz;
        const double p = l["peak_macs_per_cycle"].get<double>() * (bops / std::max(1.0, l["macs"].get<double>())) * clockHz;
        peak = std::max(peak, p);
        imin = std::min({imin, i, ei});
        imax = std::max({imax, i, ei});
        data << i << " " << bops / t << " " << ei << " " << bops / et << " \"" << l["name"].get<std::string>() << "\"\n";
    }
    if (peak <= 0) throwInputError({summaryPath, 0, 0}, "", "no compute layers to plot");
    writeFileAtomic(out + ".dat", data.str());
    const double ridge = peak / memBits;
    std::ostringstream gp;
    gp << "set title " << quoteGp("Roofline: " + j["network"].get<std::string>() + " on " +
                                  j["platform"]["name"].get<std::string>()) << "\n"
       << "set logscale xy\nset xlabel 'computational intensity (BOPs per bit moved)'\n"
       << "set ylabel 'attained BOPs/s'\nset key left top\nset grid\n"
       << "peak = " << peak << "\nbw = " << memBits << "\n"
       << "roof(x) = (x * bw < peak) ? x * bw : peak\n"
       << "set xrange [" << std::max(1e-3, imin / 2) << ":" << std::max(imax * 2, ridge * 4) << "]\n"
       << "plot roof(x) with lines lw 2 lc rgb 'black' title sprintf('roof (ridge %.0f BOPs/bit)', peak/bw), \\\n"
       << "  " << "data" << " using 1:2 with points pt 7 ps 1.1 lc rgb '#1f77b4' title 'measured', \\\n"
       << "  " << "data" << " using 3:4 with points pt 6 ps 1.1 lc rgb '#d62728' title 'HCM estimate'\n";
    runGnuplot(plotScript(src, out, gp.str()), out, src);
}

void plotPareto(const std::string& csvPath, const std::string& out) {
    const PlotSource src{"pareto", csvPath};
    const ResultsTable t = readResults(csvPath);
    const int lat = t.column("latency_ns"), en = t.column("energy_pj"), acc = t.column("accuracy_proxy"),
              slat = t.column("sim_latency_ns");
    if (lat < 0 || en < 0 || acc < 0) throwInputError({csvPath, 1, 1}, "", "not an hcmsim search pareto.csv");
    std::ostringstream data;
    data << dataHeader(src, "latency_ms energy_uj accuracy_proxy sim_latency_ms");
    for (const auto& r : t.rows) {
        const std::string sim = slat >= 0 && !r[size_t(slat)].empty() ? std::to_string(std::stod(r[size_t(slat)]) / 1e6) : "NaN";
        data << std::stod(r[size_t(lat)]) / 1e6 << " " << std::stod(r[size_t(en)]) / 1e6 << " " << r[size_t(acc)] << " " << sim << "\n";
    }
    writeFileAtomic(out + ".dat", data.str());
    std::ostringstream gp;
    gp << "set title 'Pareto front: latency vs accuracy proxy (colour: energy)'\n"
       << "set xlabel 'latency (ms)'\nset ylabel 'accuracy proxy (lower is better)'\nset logscale y\nset grid\n"
       << "set cblabel 'energy (uJ)'\nset palette rgbformulae 33,13,10\nset key left top\n"
       << "plot " << "data" << " using 1:3:2 with points pt 7 ps 1.3 palette title 'estimated', \\\n"
       << "  " << "data" << " using 4:3 with points pt 6 ps 1.6 lc rgb 'black' title 'simulated'\n";
    runGnuplot(plotScript(src, out, gp.str()), out, src);
}

void plotCalibrationScatter(const std::string& reportPath, const std::string& out) {
    const PlotSource src{"scatter", reportPath};
    const nlohmann::json j = readJson(reportPath);
    if (!j.contains("heldout")) throwInputError({reportPath, 0, 0}, "", "not an hcmsim calibration report");
    std::ostringstream data;
    data << dataHeader(src, "measured_cycles uncalibrated_cycles calibrated_cycles");
    double lo = 1e300, hi = 0;
    for (const auto& [net, h] : j["heldout"].items())
        for (const auto& p : h["points"]) {
            const double m = p["measured_cycles"].get<double>();
            data << m << " " << p["uncalibrated_cycles"].get<double>() << " " << p["calibrated_cycles"].get<double>() << "\n";
            lo = std::min(lo, m);
            hi = std::max(hi, m);
        }
    if (hi <= 0) throwInputError({reportPath, 0, 0}, "", "the report has no held-out points");
    writeFileAtomic(out + ".dat", data.str());
    std::ostringstream gp;
    gp << "set title 'Estimator vs simulator: per-layer cycles on held-out networks'\n"
       << "set logscale xy\nset xlabel 'simulated cycles'\nset ylabel 'estimated cycles'\nset grid\nset key left top\n"
       << "set xrange [" << lo / 2 << ":" << hi * 2 << "]\nset yrange [" << lo / 2 << ":" << hi * 2 << "]\n"
       << "plot x with lines lc rgb 'black' title 'exact', \\\n"
       << "  " << "data" << " using 1:2 with points pt 6 lc rgb '#999999' title 'uncalibrated HCM', \\\n"
       << "  " << "data" << " using 1:3 with points pt 7 lc rgb '#1f77b4' title 'calibrated'\n";
    runGnuplot(plotScript(src, out, gp.str()), out, src);
}

}  // namespace hcm
