#include "estimate_report.hpp"

#include "sim/metric/platform_cost.hpp"
#include <cmath>

#include "text_table.hpp"

namespace hcm {

nlohmann::ordered_json layerEstimateJson(const LayerEstimate& e) {
    nlohmann::ordered_json j;
    j["name"] = e.name;
    j["op"] = toString(e.op);
    j["wbits"] = e.prec.wbits;
    j["abits"] = e.prec.abits;
    j["obits"] = e.prec.obits;
    j["format"] = e.prec.format();
    j["macs"] = e.macs;
    j["weights"] = e.weights;
    j["bops"] = e.bops;
    j["weight_bits"] = e.weight_bits;
    j["input_bits"] = e.input_bits;
    j["output_bits"] = e.output_bits;
    j["ideal_traffic_bits"] = e.traffic.ideal_bits;
    j["traffic_bits"] = e.traffic.total_bits;
    j["traffic_read_bits"] = e.traffic.read_bits;
    j["traffic_write_bits"] = e.traffic.write_bits;
    j["reuse_order"] = e.traffic.order;
    j["intensity_bops_per_bit"] = e.intensity_bops_per_bit;
    j["peak_macs_per_cycle"] = e.peak_macs_per_cycle;
    j["datapath"] = e.datapath;
    j["peak_bops_per_s"] = e.peak_bops_per_s;
    j["mem_bits_per_s"] = e.mem_bits_per_s;
    j["ridge_bops_per_bit"] = e.ridge_bops_per_bit;
    j["bound"] = e.op == LayerOp::Conv || e.op == LayerOp::FC ? (e.memory_bound ? "memory" : "compute") : "memory";
    j["compute_cycles"] = e.compute_cycles;
    j["memory_cycles"] = e.memory_cycles;
    j["cycles"] = e.cycles;
    j["time_ns"] = e.time_ns;
    j["compute_energy_pj"] = e.compute_energy_pj;
    j["dram_energy_pj"] = e.dram_energy_pj;
    return j;
}

nlohmann::ordered_json platformJson(const PlatformConfig& p) {
    const PlatformCost cost = platformCost(p);
    nlohmann::ordered_json j = {{"name", p.name},
                                {"engine", toString(p.compute.kind)},
                                {"clock_mhz", p.clock_mhz},
                                {"dram", p.dram.preset},
                                {"mem_bits_per_s", memoryBitsPerSecond(p)},
                                {"mem_total_bits_per_s", memoryTotalBitsPerSecond(p)},
                                {"area_mm2", cost.area_mm2},
                                {"peak_power_w", cost.peak_power_w}};
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const auto& i : cost.items)
        parts.push_back({{"component", i.component}, {"area_mm2", i.area_mm2}, {"peak_power_w", i.peak_power_w}});
    j["cost"] = parts;
    return j;
}

nlohmann::ordered_json calibratedJson(const CalibratedLayer& c) {
    nlohmann::ordered_json j = {{"cycles", c.cycles}, {"dram_bytes", c.dram_bytes}, {"energy_pj", c.energy_pj},
                                {"class_factors", c.refined}};
    j["extrapolation"] = c.extrapolation;
    return j;
}

nlohmann::ordered_json replayedJson(const ReplayedLayer& r) {
    return {{"cycles", r.cycles},
            {"compute_cycles", r.compute_cycles},
            {"stall_cycles", r.stall_cycles},
            {"tiles", r.steps},
            {"dram_read_bytes", r.dram_read_bytes},
            {"dram_write_bytes", r.dram_write_bytes},
            {"energy_pj", r.energyPj()},
            {"energy", {{"compute_pj", r.compute_energy_pj},
                        {"buffers_pj", r.buffer_energy_pj},
                        {"interconnect_pj", r.interconnect_energy_pj},
                        {"dram_pj", r.dram_energy_pj},
                        {"leakage_pj", r.leakage_energy_pj}}}};
}

nlohmann::ordered_json estimateJson(const NetworkEstimate& n, const PlatformConfig& p, const EstimateTiers& tiers) {
    const ReplayedNetwork* engine = tiers.engine_aware;
    const CalibratedNetwork* cal = tiers.calibrated;
    nlohmann::ordered_json j;
    j["network"] = n.network;
    j["platform"] = platformJson(p);
    j["layers"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < n.layers.size(); ++i) {
        auto l = layerEstimateJson(n.layers[i]);
        if (engine) l["engine_aware"] = replayedJson(engine->layers[i]);
        if (cal) l["calibrated"] = calibratedJson(cal->layers[i]);
        j["layers"].push_back(l);
    }
    const LayerEstimate& t = n.totals;
    nlohmann::ordered_json tj;
    tj["layers"] = n.layers.size();
    tj["macs"] = t.macs;
    tj["weights"] = t.weights;
    tj["bops"] = t.bops;
    tj["weight_bits"] = t.weight_bits;
    tj["input_bits"] = t.input_bits;
    tj["output_bits"] = t.output_bits;
    tj["ideal_traffic_bits"] = t.traffic.ideal_bits;
    tj["traffic_bits"] = t.traffic.total_bits;
    tj["intensity_bops_per_bit"] = t.intensity_bops_per_bit;
    tj["compute_cycles"] = t.compute_cycles;
    tj["memory_cycles"] = t.memory_cycles;
    tj["cycles"] = t.cycles;
    tj["time_ns"] = t.time_ns;
    tj["compute_energy_pj"] = t.compute_energy_pj;
    tj["dram_energy_pj"] = t.dram_energy_pj;
    if (engine) tj["engine_aware"] = replayedJson(engine->totals);
    if (cal)
        tj["calibrated"] = {{"cycles", cal->totals.cycles},
                            {"dram_bytes", cal->totals.dram_bytes},
                            {"energy_pj", cal->totals.energy_pj},
                            {"extrapolated_layers", cal->totals.extrapolation}};
    j["totals"] = tj;
    return j;
}

void writeEstimateCsv(std::ostream& os, const NetworkEstimate& n, const EstimateTiers& tiers) {
    const ReplayedNetwork* engine = tiers.engine_aware;
    const CalibratedNetwork* cal = tiers.calibrated;
    os << "name,op,wbits,abits,obits,format,macs,weights,bops,weight_bits,input_bits,output_bits,ideal_traffic_bits,"
          "traffic_bits,intensity_bops_per_bit,peak_macs_per_cycle,peak_bops_per_s,mem_bits_per_s,"
          "ridge_bops_per_bit,bound,compute_cycles,memory_cycles,cycles,time_ns";
    if (engine) os << ",engine_cycles,engine_dram_bytes,engine_energy_pj";
    if (cal) os << ",cal_cycles,cal_dram_bytes,cal_energy_pj,cal_extrapolating";
    os << "\n";
    for (size_t i = 0; i < n.layers.size(); ++i) {
        const LayerEstimate& e = n.layers[i];
        const auto j = layerEstimateJson(e);
        os << e.name << "," << j["op"].get<std::string>() << "," << e.prec.wbits << "," << e.prec.abits << ","
           << e.prec.obits << "," << e.prec.format() << "," << e.macs << "," << e.weights << "," << e.bops << "," << e.weight_bits << ","
           << e.input_bits << "," << e.output_bits << "," << e.traffic.ideal_bits << "," << e.traffic.total_bits
           << "," << j["intensity_bops_per_bit"].dump() << "," << j["peak_macs_per_cycle"].dump() << ","
           << j["peak_bops_per_s"].dump() << "," << j["mem_bits_per_s"].dump() << ","
           << j["ridge_bops_per_bit"].dump() << "," << j["bound"].get<std::string>() << "," << e.compute_cycles
           << "," << e.memory_cycles << "," << e.cycles << "," << j["time_ns"].dump();
        if (engine) {
            const ReplayedLayer& r = engine->layers[i];
            os << "," << r.cycles << "," << (r.dram_read_bytes + r.dram_write_bytes) << ","
               << nlohmann::json(r.energyPj()).dump();
        }
        if (cal) {
            const auto c = calibratedJson(cal->layers[i]);
            os << "," << c["cycles"].dump() << "," << c["dram_bytes"].dump() << "," << c["energy_pj"].dump() << ","
               << (cal->layers[i].extrapolation.empty() ? 0 : 1);
        }
        os << "\n";
    }
}

void writeEstimateTable(std::ostream& os, const NetworkEstimate& n, const PlatformConfig& p,
                        const EstimateTiers& tiers) {
    const ReplayedNetwork* engine = tiers.engine_aware;
    const CalibratedNetwork* cal = tiers.calibrated;
    os << "HCM estimate: " << n.network << " on " << p.name << " (" << toString(p.compute.kind) << ", "
       << fixed(p.clock_mhz, 0) << " MHz, memory " << fixed(memoryBitsPerSecond(p) / 8e9, 1) << " GB/s)\n\n";
    std::vector<std::string> header = {"layer", "op", "prec", "MACs", "BOPs", "traffic_KiB", "BOPs/bit", "ridge", "bound", "cycles"};
    if (engine) header.push_back("engine_cycles");
    if (cal) header.push_back("calibrated_cycles");
    TextTable t(header);
    for (size_t i = 0; i < n.layers.size(); ++i) {
        const LayerEstimate& e = n.layers[i];
        const bool memOnly = e.op != LayerOp::Conv && e.op != LayerOp::FC;
        const std::string fp = e.prec.fp ? "fp" : "";
        t.addRow({e.name, toString(e.op), memOnly ? "a" + fp + std::to_string(e.prec.abits)
                                                  : "w" + fp + std::to_string(e.prec.wbits) + "a" + fp +
                                                        std::to_string(e.prec.abits),
                  engineering(double(e.macs)), engineering(double(e.bops)),
                  fixed(double(e.traffic.total_bits) / 8192.0, 1), fixed(e.intensity_bops_per_bit, 1),
                  memOnly ? "-" : fixed(e.ridge_bops_per_bit, 1), (memOnly || e.memory_bound) ? "memory" : "compute",
                  withCommas(e.cycles)});
        if (engine) t.appendToLastRow(withCommas(engine->layers[i].cycles));
        // A star: the layer lies outside what the calibration was fitted on.
        if (cal)
            t.appendToLastRow(withCommas(int64_t(std::llround(cal->layers[i].cycles))) +
                              (cal->layers[i].extrapolation.empty() ? " " : "*"));
    }
    const LayerEstimate& s = n.totals;
    t.addSeparator();
    t.addRow({"total", "", "", engineering(double(s.macs)), engineering(double(s.bops)),
              fixed(double(s.traffic.total_bits) / 8192.0, 1), fixed(s.intensity_bops_per_bit, 1), "", "",
              withCommas(s.cycles)});
    if (engine) t.appendToLastRow(withCommas(engine->totals.cycles));
    if (cal) t.appendToLastRow(withCommas(int64_t(std::llround(cal->totals.cycles))) + " ");
    t.print(os);
    os << "\n" << withCommas(s.macs) << " MACs, " << withCommas(s.weights) << " weights ("
       << fixed(double(s.weight_bits) / 8.0 / 1048576.0, 2) << " MiB), predicted "
       << fixed(s.time_ns / 1e6, 3) << " ms";
    if (engine) os << ", engine-aware " << fixed(double(engine->totals.cycles) * 1e-3 / p.clock_mhz, 3) << " ms";
    if (cal) os << ", calibrated " << fixed(cal->totals.cycles * 1e-3 / p.clock_mhz, 3) << " ms";
    os << "\n";
    if (cal && !cal->totals.extrapolation.empty())
        os << "* " << cal->totals.extrapolation.size()
           << " layer(s) lie outside what the calibration was fitted on (class, precision or shape): "
              "see `extrapolation` in --format json\n";
}

}  // namespace hcm
