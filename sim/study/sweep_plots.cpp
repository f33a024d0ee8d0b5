// Plots of studies: a sweep's results as lines or a heat map, a cost chart
// as cost against depth per width (declared in plots.hpp).
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "cost_chart.hpp"
#include "plot_script.hpp"
#include "plots.hpp"
#include "results_table.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

bool isNumber(const std::string& s) {
    if (s.empty()) return false;
    char* end = nullptr;
    std::strtod(s.c_str(), &end);
    return end && *end == '\0';
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

// A sweep's results: its axes, the rows that finished (`ok`) and pass the
// filters, in the file's (point) order.
struct SweepRows {
    ResultsTable table;
    std::vector<std::string> axes;
    std::vector<const std::vector<std::string>*> rows;

    SweepRows(const std::string& path, const std::vector<std::string>& where) : table(readResults(path)) {
        const int status = table.column("status");
        if (table.header.empty() || table.column("point") != 0 || status < 1)
            throwInputError({path, 1, 1}, "", "not an hcmsim sweep results CSV (columns point, axes..., status, ...)");
        axes.assign(table.header.begin() + 1, table.header.begin() + status);
        std::vector<std::pair<int, std::string>> filters;
        for (const auto& w : where) {
            const size_t eq = w.find('=');
            if (eq == std::string::npos) throwInputError({}, "--where", "'" + w + "' is not AXIS=VALUE");
            filters.push_back({axisColumn(w.substr(0, eq), "--where", path), w.substr(eq + 1)});
        }
        for (const auto& r : table.rows) {
            if (r[size_t(status)] != "ok") continue;
            bool keep = true;
            for (const auto& [c, v] : filters) keep = keep && r[size_t(c)] == v;
            if (keep) rows.push_back(&r);
        }
        if (rows.empty()) throwInputError({path, 0, 0}, "", "no finished point (status ok) to plot");
    }

    int axisColumn(const std::string& name, const std::string& option, const std::string& path) const {
        for (size_t i = 0; i < axes.size(); ++i)
            if (axes[i] == name) return int(i) + 1;
        throwInputError({path, 1, 1}, option, "'" + name + "' is not an axis of the study (axes: " + joined(axes) + ")");
    }

    int valueColumn(const std::string& name, const std::string& option, const std::string& path) const {
        const int c = table.column(name), status = table.column("status");
        if (c > status + 1) return c;
        std::vector<std::string> collected(table.header.begin() + status + 2, table.header.end());
        throwInputError({path, 1, 1}, option,
                        "'" + name + "' is not a collected column (columns: " + joined(collected) + ")");
    }

    // The values of column `c` in order: numeric ascending when all are
    // numbers, else in order of first appearance.
    std::vector<std::string> levels(int c) const {
        std::vector<std::string> v;
        for (const auto* r : rows)
            if (std::find(v.begin(), v.end(), (*r)[size_t(c)]) == v.end()) v.push_back((*r)[size_t(c)]);
        if (std::all_of(v.begin(), v.end(), isNumber))
            std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return std::stod(a) < std::stod(b); });
        return v;
    }
};

std::string quotedLabel(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? '\'' : c;
    return out + "\"";
}

}  // namespace

void plotSweep(const std::string& csv, const std::string& x, const std::string& y,
               const std::vector<std::string>& where, const std::string& out) {
    const PlotSource src{"sweep", csv};
    const SweepRows s(csv, where);
    const int xc = s.axisColumn(x, "--x", csv), yc = s.valueColumn(y, "--y", csv);
    const std::vector<std::string> xs = s.levels(xc);
    const bool numeric = std::all_of(xs.begin(), xs.end(), isNumber);
    // One series per combination of the other axes that vary.
    std::vector<int> others;
    for (size_t i = 0; i < s.axes.size(); ++i)
        if (int(i) + 1 != xc && s.levels(int(i) + 1).size() > 1) others.push_back(int(i) + 1);
    std::vector<std::string> order;
    std::map<std::string, std::vector<const std::vector<std::string>*>> series;
    for (const auto* r : s.rows) {
        if (!isNumber((*r)[size_t(yc)])) continue;
        std::string key;
        for (const int c : others) key += (key.empty() ? "" : ", ") + s.table.header[size_t(c)] + "=" + (*r)[size_t(c)];
        if (key.empty()) key = y;
        if (!series.count(key)) order.push_back(key);
        series[key].push_back(r);
    }
    if (order.empty()) throwInputError({csv, 0, 0}, "--y", "no finished point has a number in '" + y + "'");
    std::ostringstream data;
    data << dataHeader(src, "one block per series (its name first): " + std::string(numeric ? x : x + "_index") + " " +
                                y + " " + x);
    for (const auto& key : order) {
        auto rows = series[key];
        const auto pos = [&](const std::vector<std::string>* r) {
            return size_t(std::find(xs.begin(), xs.end(), (*r)[size_t(xc)]) - xs.begin());
        };
        std::stable_sort(rows.begin(), rows.end(), [&](auto a, auto b) { return pos(a) < pos(b); });
        if (&key != &order.front()) data << "\n\n";  // blocks apart: gnuplot's `index`
        data << quotedLabel(key) << "\n";
        for (const auto* r : rows)
            data << (numeric ? (*r)[size_t(xc)] : std::to_string(pos(r))) << " " << (*r)[size_t(yc)] << " "
                 << quotedLabel((*r)[size_t(xc)]) << "\n";
    }
    writeFileAtomic(out + ".dat", data.str());
    std::ostringstream gp;
    gp << "set title " << quoteGp(y + " against " + x) << "\nset xlabel " << quoteGp(x) << "\nset ylabel "
       << quoteGp(y) << "\nset grid\nset key outside right top\nset datafile missing 'NaN'\n"
       << "stats data using 2 nooutput\nblocks = STATS_blocks\n";
    if (numeric)
        gp << "plot for [i=0:blocks-1] data index i using 1:2 with linespoints pt 7 title columnheader(1)\n";
    else
        gp << "set xtics rotate by -30\nset offsets 0.3, 0.3, 0, 0\n"
           << "plot for [i=0:blocks-1] data index i using 1:2:xtic(3) with linespoints pt 7 title columnheader(1)\n";
    runGnuplot(plotScript(src, out, gp.str()), out, src);
}

void plotSweepHeatmap(const std::string& csv, const std::string& x, const std::string& y, const std::string& z,
                      const std::vector<std::string>& where, const std::string& out) {
    const PlotSource src{"heatmap", csv};
    const SweepRows s(csv, where);
    const int xc = s.axisColumn(x, "--x", csv), yc = s.axisColumn(y, "--y", csv), zc = s.valueColumn(z, "--z", csv);
    if (xc == yc) throwInputError({}, "--y", "the two axes of a heat map must differ");
    for (size_t i = 0; i < s.axes.size(); ++i) {
        const int c = int(i) + 1;
        if (c == xc || c == yc) continue;
        const auto v = s.levels(c);
        if (v.size() > 1)
            throwInputError({csv, 0, 0}, s.axes[i],
                            "varies too (" + joined(v) + "): a heat map needs it fixed, e.g. --where " + s.axes[i] +
                                "=" + v.front());
    }
    const auto xs = s.levels(xc), ys = s.levels(yc);
    std::map<std::pair<size_t, size_t>, std::string> cell;
    for (const auto* r : s.rows) {
        const size_t i = size_t(std::find(xs.begin(), xs.end(), (*r)[size_t(xc)]) - xs.begin());
        const size_t j = size_t(std::find(ys.begin(), ys.end(), (*r)[size_t(yc)]) - ys.begin());
        cell[{i, j}] = isNumber((*r)[size_t(zc)]) ? (*r)[size_t(zc)] : "NaN";
    }
    std::ostringstream data;
    data << dataHeader(src, x + "_index " + y + "_index " + z);
    for (size_t j = 0; j < ys.size(); ++j) {
        for (size_t i = 0; i < xs.size(); ++i) {
            const auto it = cell.find({i, j});
            data << i << " " << j << " " << (it == cell.end() ? "NaN" : it->second) << "\n";
        }
        data << "\n";
    }
    writeFileAtomic(out + ".dat", data.str());
    const auto tics = [](const std::vector<std::string>& v) {
        std::string t = "(";
        for (size_t i = 0; i < v.size(); ++i) t += (i ? ", " : "") + quoteGp(v[i]) + " " + std::to_string(i);
        return t + ")";
    };
    std::ostringstream gp;
    gp << "set title " << quoteGp(z + " over " + x + " and " + y) << "\nset xlabel " << quoteGp(x) << "\nset ylabel "
       << quoteGp(y) << "\nset cblabel " << quoteGp(z) << "\nset xtics " << tics(xs) << "\nset ytics " << tics(ys)
       << "\nset xrange [-0.5:" << xs.size() - 0.5 << "]\nset yrange [-0.5:" << ys.size() - 0.5 << "]\n"
       << "set palette rgbformulae 33,13,10\nset datafile missing 'NaN'\nunset key\n"
       << "plot data using 1:2:3 with image, data using 1:2:(sprintf('%.3g', $3)) with labels font ',9'\n";
    runGnuplot(plotScript(src, out, gp.str()), out, src);
}

void plotCostChart(const std::string& chartCsv, const std::string& cost, const std::string& out) {
    const PlotSource src{"costchart", chartCsv};
    const CostChart chart = loadCostChart(chartCsv);
    const std::map<std::string, double CostChartRow::*> columns = {
        {"cycles", &CostChartRow::cycles},        {"time_ns", &CostChartRow::time_ns},
        {"energy_pj", &CostChartRow::energy_pj},  {"dram_bytes", &CostChartRow::dram_bytes},
        {"macs", &CostChartRow::macs},            {"params", &CostChartRow::params}};
    const auto it = columns.find(cost);
    if (it == columns.end())
        throwInputError({}, "--y", "'" + cost + "' is not one of: cycles, dram_bytes, energy_pj, macs, params, time_ns");
    std::map<double, std::vector<const CostChartRow*>> byWidth;
    for (const auto& r : chart.rows) byWidth[r.width].push_back(&r);
    std::ostringstream data;
    data << dataHeader(src, "one block per width (its name first): depth " + cost);
    for (auto& [width, rows] : byWidth) {
        if (width != byWidth.begin()->first) data << "\n\n";  // blocks apart: gnuplot's `index`
        std::sort(rows.begin(), rows.end(), [](auto a, auto b) { return a->depth < b->depth; });
        std::ostringstream name;
        name << "width " << width;
        data << quotedLabel(name.str()) << "\n";
        for (const auto* r : rows) data << r->depth << " " << r->*(it->second) << "\n";
    }
    writeFileAtomic(out + ".dat", data.str());
    std::ostringstream gp;
    gp << "set title " << quoteGp("Cost chart: " + chart.family + " on " + chart.platform) << "\nset xlabel 'depth'"
       << "\nset ylabel " << quoteGp(cost) << "\nset logscale y\nset grid\nset key left top\n"
       << "stats data using 2 nooutput\nblocks = STATS_blocks\n"
       << "plot for [i=0:blocks-1] data index i using 1:2 with linespoints pt 7 title columnheader(1)\n";
    runGnuplot(plotScript(src, out, gp.str()), out, src);
}

}  // namespace hcm
