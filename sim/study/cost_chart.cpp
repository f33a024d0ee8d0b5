#include "sim/config/platform_fingerprint.hpp"
#include "sim/report/program_version.hpp"
#include "cost_chart.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "process_pool.hpp"
#include "progress_bar.hpp"
#include "results_table.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/platform_config.hpp"
#include "study_config.hpp"
#include "workloads/families.hpp"

namespace hcm {

namespace {

std::string specFor(const CostChartOptions& o, int depth, double width) {
    std::ostringstream s;
    s << o.family << ":depth=" << depth << ",width=" << width;
    if (o.bits > 0) s << ",bits=" << o.bits;
    return s.str();
}

std::string num(double v) {
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

}  // namespace

CostChart buildCostChart(const CostChartOptions& o) {
    if (o.family != "cifar_resnet") throwInputError({}, "--family", "'" + o.family + "' is not a family (cifar_resnet)");
    if (o.depths.size() < 2 || o.widths.size() < 2)
        throwInputError({}, "--depths/--widths", "a chart needs at least two depths and two widths to interpolate");
    const PlatformConfig platform = loadPlatformConfig(o.hw, o.sets);
    CostChart chart;
    chart.platform = platform.name;
    chart.family = o.family;
    chart.provenance = programVersion() + "; platform fingerprint " + platformFingerprint(platform) +
                       (o.sets.empty() ? std::string() : " (--set overrides applied)");
    chart.bits = o.bits;
    std::vector<ChildJob> jobs;
    for (int d : o.depths)
        for (double w : o.widths) {
            const std::string spec = specFor(o, d, w);
            const Network net = makeFamilyNetwork(spec);  // validates before simulating
            CostChartRow r;
            r.depth = d;
            r.width = w;
            r.macs = double(net.totalMacs());
            r.params = double(net.totalParams());
            chart.rows.push_back(r);
            const std::string dir = o.work_dir + "/" + stableHash(o.hw + "|" + spec);
            ensureDirectory(dir);
            std::vector<std::string> args = {"run", "--hw", o.hw, "--net", spec, "--out", dir, "--quiet"};
            for (const auto& s : o.sets) args.insert(args.end(), {"--set", s});
            jobs.push_back({dir, args, dir + "/log.txt"});
        }
    ProgressBar bar("costchart", jobs.size());
    size_t done = 0;
    std::string error;
    ProcessPool(o.jobs).run(
        jobs, [&](const ChildResult& r) {
            if (r.exitCode != 0 && error.empty()) error = r.lastErrorLine;
            bar.advance(++done, 0);
        },
        o.stop);
    bar.finish();
    if (!error.empty()) throwInputError({}, "costchart", "a simulation failed: " + error);
    for (size_t i = 0; i < jobs.size(); ++i) {
        std::ifstream in(jobs[i].id + "/summary.json");
        nlohmann::json j;
        in >> j;
        const auto& t = j["totals"];
        chart.rows[i].cycles = t["cycles"].get<double>();
        chart.rows[i].time_ns = t["time_ns"].get<double>();
        chart.rows[i].energy_pj = t["energy"]["total_pj"].get<double>();
        chart.rows[i].dram_bytes = t["dram_read_bytes"].get<double>() + t["dram_write_bytes"].get<double>();
    }
    return chart;
}

void saveCostChart(const CostChart& c, const std::string& path) {
    std::ostringstream os;
    os << "# hcmsim cost chart: platform=" << c.platform << " family=" << c.family << " bits=" << c.bits << "\n";
    if (!c.provenance.empty()) os << "# provenance: " << c.provenance << "\n";
    if (!c.command.empty()) os << "# command: " << c.command << "\n";
    os << "depth,width,macs,params,cycles,time_ns,energy_pj,dram_bytes\n";
    for (const auto& r : c.rows)
        os << r.depth << "," << num(r.width) << "," << num(r.macs) << "," << num(r.params) << "," << num(r.cycles)
           << "," << num(r.time_ns) << "," << num(r.energy_pj) << "," << num(r.dram_bytes) << "\n";
    writeFileAtomic(path, os.str());
}

CostChart loadCostChart(const std::string& path) {
    std::ifstream in(path);
    if (!in) throwInputError({path, 0, 0}, "", "cannot open file");
    CostChart c;
    std::string line;
    int lineNo = 0;
    bool header = false;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty()) continue;
        if (line[0] == '#') {
            const auto meta = [&](const std::string& key) {
                const auto p = line.find(key + "=");
                if (p == std::string::npos) return std::string();
                const auto e = line.find(' ', p);
                return line.substr(p + key.size() + 1, e == std::string::npos ? std::string::npos : e - p - key.size() - 1);
            };
            if (line.rfind("# provenance: ", 0) == 0) {
                c.provenance = line.substr(14);
                continue;
            }
            if (line.rfind("# command: ", 0) == 0) {
                c.command = line.substr(11);
                continue;
            }
            c.platform = meta("platform");
            c.family = meta("family");
            const std::string b = meta("bits");
            c.bits = b.empty() ? 0 : std::atoi(b.c_str());
            continue;
        }
        if (!header) {
            header = true;
            if (line.rfind("depth,width", 0) != 0) throwInputError({path, lineNo, 1}, "", "not an hcmsim cost chart");
            continue;
        }
        const auto f = csvSplit(line);
        if (f.size() != 8) throwInputError({path, lineNo, 1}, "", "expected 8 fields");
        CostChartRow r;
        try {
            r.depth = std::stoi(f[0]);
            r.width = std::stod(f[1]);
            r.macs = std::stod(f[2]);
            r.params = std::stod(f[3]);
            r.cycles = std::stod(f[4]);
            r.time_ns = std::stod(f[5]);
            r.energy_pj = std::stod(f[6]);
            r.dram_bytes = std::stod(f[7]);
        } catch (...) {
            throwInputError({path, lineNo, 1}, "", "malformed number");
        }
        c.rows.push_back(r);
    }
    if (c.rows.empty()) throwInputError({path, 0, 0}, "", "the chart has no rows");
    return c;
}

CostChartRow CostChart::at(double depth, double width) const {
    std::set<int> ds;
    std::set<double> ws;
    std::map<std::pair<int, double>, const CostChartRow*> grid;
    for (const auto& r : rows) {
        ds.insert(r.depth);
        ws.insert(r.width);
        grid[{r.depth, r.width}] = &r;
    }
    if (depth < *ds.begin() || depth > *ds.rbegin() || width < *ws.begin() || width > *ws.rbegin())
        throwInputError({}, "costchart", "depth/width outside the chart (depth " + std::to_string(*ds.begin()) + ".." +
                                             std::to_string(*ds.rbegin()) + ", width " + num(*ws.begin()) + ".." +
                                             num(*ws.rbegin()) + ")");
    auto bracket = [](const auto& set, double v) {
        auto hi = set.lower_bound(v);
        if (hi == set.end()) --hi;
        auto lo = hi;
        if (*hi > v && hi != set.begin()) --lo;
        return std::make_pair(*lo, *hi);
    };
    const auto [d0, d1] = bracket(ds, depth);
    const auto [w0, w1] = bracket(ws, width);
    const double td = d1 == d0 ? 0.0 : (depth - d0) / double(d1 - d0);
    const double tw = w1 == w0 ? 0.0 : (std::log2(width) - std::log2(w0)) / (std::log2(w1) - std::log2(w0));
    auto get = [&](int d, double w) -> const CostChartRow& {
        const auto it = grid.find({d, w});
        if (it == grid.end()) throwInputError({}, "costchart", "the chart grid is incomplete");
        return *it->second;
    };
    const CostChartRow &a = get(d0, w0), &b = get(d1, w0), &c = get(d0, w1), &e = get(d1, w1);
    auto lerp2 = [&](double CostChartRow::*f) {
        return (1 - td) * (1 - tw) * a.*f + td * (1 - tw) * b.*f + (1 - td) * tw * c.*f + td * tw * e.*f;
    };
    CostChartRow r;
    r.depth = int(std::lround(depth));
    r.width = width;
    r.macs = lerp2(&CostChartRow::macs);
    r.params = lerp2(&CostChartRow::params);
    r.cycles = lerp2(&CostChartRow::cycles);
    r.time_ns = lerp2(&CostChartRow::time_ns);
    r.energy_pj = lerp2(&CostChartRow::energy_pj);
    r.dram_bytes = lerp2(&CostChartRow::dram_bytes);
    return r;
}

}  // namespace hcm
