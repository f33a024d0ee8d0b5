#include "run_report.hpp"

#include <array>
#include <cmath>
#include <map>
#include <sstream>

#include "estimate_report.hpp"
#include "sim/metric/bops.hpp"
#include "text_table.hpp"

namespace hcm {

namespace {

struct Derived {
    int64_t cycles = 0, compute = 0, stall = 0;
    int64_t fill = 0, load = 0, store = 0, buffer = 0, drain = 0;
    int64_t trafficBits = 0;
    double utilization = 0, intensity = 0, bitsPerBop = 0, bandwidthGBps = 0;
    const char* bound = "compute";
};

int64_t psToCycles(uint64_t ps, double clockPs) { return int64_t(std::llround(double(ps) / clockPs)); }

Derived derive(const LayerMeasurement& m, const Layer& L) {
    Derived d;
    d.cycles = m.cycles();
    const LayerRunStats& r = m.run;
    d.compute = psToCycles(r.compute_ps, m.clock_ps);
    d.buffer = psToCycles(r.stall_buffer_ps, m.clock_ps);
    d.fill = psToCycles(r.stall_fill_ps, m.clock_ps);
    d.load = psToCycles(r.stall_load_ps, m.clock_ps);
    d.store = psToCycles(r.stall_store_ps, m.clock_ps);
    // Rounding residue of the picosecond split goes to the drain, so the parts add up.
    d.drain = d.cycles - d.compute - d.buffer - d.fill - d.load - d.store;
    d.stall = d.cycles - d.compute;
    d.trafficBits = 8 * (m.dram_read_bytes + m.dram_write_bytes);
    const int64_t bops = layerBops(L);
    d.utilization = (d.cycles > 0 && m.peak_macs_per_cycle > 0)
                        ? double(L.macs()) / (double(d.cycles) * m.peak_macs_per_cycle)
                        : 0.0;
    d.intensity = d.trafficBits > 0 ? double(bops) / double(d.trafficBits) : 0.0;
    d.bitsPerBop = bops > 0 ? double(d.trafficBits) / double(bops) : 0.0;
    d.bandwidthGBps = m.timeNs() > 0 ? double(m.dram_read_bytes + m.dram_write_bytes) / m.timeNs() : 0.0;
    // Measured bound: the engine did useful work less than half of the time
    // and the rest was spent waiting for memory.
    const int64_t memoryWait = d.fill + d.load + d.store + d.drain;
    d.bound = (L.isMemoryOnly() || memoryWait > d.compute + d.buffer) ? "memory" : "compute";
    return d;
}

// RRAM wear over the run (one inference of the layers run): the engine's
// per-layer counters are increases of running maxima, so their sums are the
// run's values. The most-written cell takes max_cell_writes_per_inference
// writes per inference (reprogramming; the one-time preload is not wear per
// inference), so it reaches endurance_writes after
// floor(endurance_writes / that) whole inferences; null when no cell is
// rewritten per inference (the network stays resident: unbounded).
nlohmann::ordered_json rramWearJson(const RunReport& rep) {
    double all = 0, perInference = 0;
    for (const LayerMeasurement& m : rep.result.layers)
        for (const auto& [name, value] : m.engine_counters) {
            if (name == "max_cell_writes") all += value;
            if (name == "max_cell_writes_per_inference") perInference += value;
        }
    const int64_t worst = std::llround(perInference);
    const double endurance = rep.platform.compute.rram.endurance_writes;
    nlohmann::ordered_json r;
    r["max_cell_writes"] = int64_t(std::llround(all));
    r["max_cell_writes_per_inference"] = worst;
    r["endurance_writes"] = endurance;
    if (worst > 0)
        r["inferences_to_wearout"] = int64_t(std::floor(endurance / double(worst)));
    else
        r["inferences_to_wearout"] = nullptr;  // unbounded
    return r;
}

}  // namespace

double relativeErrorPct(double estimate, double measured) {
    if (measured == 0) return estimate == 0 ? 0.0 : 100.0;
    return (estimate - measured) / measured * 100.0;
}

RunReport::RunReport(const PlatformConfig& p, const Network& n, const RunResult& r, bool ideal)
    : platform(p), net(n), result(r), ideal_memory(ideal) {
    for (const auto& m : r.layers) estimates.push_back(estimateLayer(p, n.layers[m.run.index], &n));
}

void writeLayersCsv(std::ostream& os, const RunReport& rep) {
    // The record summary.json carries, on one line, so the CSV can be traced
    // and rerun on its own (`hcmsim rerun layers.csv`).
    if (!rep.provenance.is_null()) os << "# provenance: " << rep.provenance.dump() << "\n";
    os << "index,name,op,wbits,abits,obits,format,tiling,cycles,time_ns,macs,bops,peak_macs_per_cycle,utilization,"
          "compute_cycles,stall_cycles,stall_fill_cycles,stall_load_cycles,stall_store_cycles,stall_buffer_cycles,"
          "stall_drain_cycles,dram_read_bytes,dram_write_bytes,ifmap_read_bytes,weight_read_bytes,"
          "residual_read_bytes,ofmap_write_bytes,psum_bytes,dma_transfers,dram_row_hits,dram_row_misses,dram_row_conflicts,"
          "dram_bandwidth_gbytes_per_s,ifmap_buffer_read_bytes,ifmap_buffer_write_bytes,weight_buffer_read_bytes,"
          "weight_buffer_write_bytes,ofmap_buffer_read_bytes,ofmap_buffer_write_bytes,traffic_bits,"
          "bits_per_bop,intensity_bops_per_bit,bound,compute_energy_pj,buffer_energy_pj,interconnect_energy_pj,"
          "dram_energy_pj,leakage_energy_pj,energy_pj,est_cycles,est_traffic_bits,est_intensity_bops_per_bit,"
          "est_bound,est_energy_pj,err_cycles_pct,err_traffic_pct,err_intensity_pct,err_energy_pct";
    // Engine-specific counters (bit-serial passes, brick utilisation, ...) follow.
    const EngineCounters none;
    const EngineCounters& names = rep.result.layers.empty() ? none : rep.result.layers.front().engine_counters;
    for (const auto& [name, value] : names) os << "," << name;
    os << "\n";
    auto num = [](double v) {
        std::ostringstream s;
        s.precision(6);
        s << v;
        return s.str();
    };
    for (size_t i = 0; i < rep.result.layers.size(); ++i) {
        const LayerMeasurement& m = rep.result.layers[i];
        const Layer& L = rep.net.layers[m.run.index];
        const LayerEstimate& e = rep.estimates[i];
        const Derived d = derive(m, L);
        const double estEnergy = e.compute_energy_pj + e.dram_energy_pj;
        os << m.run.index << "," << L.name << "," << toString(L.op) << "," << L.prec.wbits << "," << L.prec.abits << ","
           << L.prec.obits << "," << L.prec.format() << ",\"" << m.run.tiling << "\"," << d.cycles << "," << num(m.timeNs()) << "," << L.macs()
           << "," << layerBops(L) << "," << num(m.peak_macs_per_cycle) << "," << num(d.utilization) << ","
           << d.compute << "," << d.stall << "," << d.fill << "," << d.load << "," << d.store << "," << d.buffer
           << "," << d.drain << "," << m.dram_read_bytes << "," << m.dram_write_bytes << "," << m.ifmap_read_bytes
           << "," << m.weight_read_bytes << "," << m.residual_read_bytes << "," << m.ofmap_write_bytes << ","
           << m.psum_bytes << ","
           << m.dma_transfers << "," << m.dram_row_hits << "," << m.dram_row_misses << "," << m.dram_row_conflicts
           << "," << num(d.bandwidthGBps);
        for (const auto& b : m.buffers) os << "," << b.read_bytes << "," << b.write_bytes;
        os << "," << d.trafficBits << "," << num(d.bitsPerBop) << "," << num(d.intensity) << "," << d.bound << ","
           << num(m.compute_energy_pj) << "," << num(m.buffersEnergyPj()) << "," << num(m.interconnect_energy_pj)
           << "," << num(m.dram_energy_pj) << "," << num(m.leakage_energy_pj) << "," << num(m.totalEnergyPj()) << ","
           << e.cycles << "," << e.traffic.total_bits << "," << num(e.intensity_bops_per_bit) << ","
           << (L.isMemoryOnly() || e.memory_bound ? "memory" : "compute") << "," << num(estEnergy) << ","
           << num(relativeErrorPct(double(e.cycles), double(d.cycles))) << ","
           << num(relativeErrorPct(double(e.traffic.total_bits), double(d.trafficBits))) << ","
           << num(relativeErrorPct(e.intensity_bops_per_bit, d.intensity)) << ","
           << num(relativeErrorPct(estEnergy, m.totalEnergyPj()));
        for (const auto& [name, value] : m.engine_counters) os << "," << num(value);
        os << "\n";
    }
}

namespace {

using J = nlohmann::json;  // sorted keys, as summary.json is written: no reordering copy

J layerBuffersJson(const LayerMeasurement& m) {
    J bufs = J::object();
    for (const auto& b : m.buffers)
        if (!b.name.empty())
            bufs[b.name] = {{"read_bytes", b.read_bytes}, {"write_bytes", b.write_bytes},
                            {"energy_pj", b.energy_pj}, {"peak_occupancy_bytes", b.peak_occupancy_bytes}};
    return bufs;
}

J layerEstimateJson(const Layer& L, const LayerEstimate& e) {
    J est;
    est["cycles"] = e.cycles;
    est["traffic_bits"] = e.traffic.total_bits;
    est["intensity_bops_per_bit"] = e.intensity_bops_per_bit;
    est["bound"] = (L.isMemoryOnly() || e.memory_bound) ? "memory" : "compute";
    est["energy_pj"] = e.compute_energy_pj + e.dram_energy_pj;
    return est;
}

J layerErrorJson(const LayerMeasurement& m, const LayerEstimate& e, const Derived& d) {
    return {{"cycles", relativeErrorPct(double(e.cycles), double(d.cycles))},
            {"traffic_bits", relativeErrorPct(double(e.traffic.total_bits), double(d.trafficBits))},
            {"intensity", relativeErrorPct(e.intensity_bops_per_bit, d.intensity)},
            {"energy", relativeErrorPct(e.compute_energy_pj + e.dram_energy_pj, m.totalEnergyPj())}};
}

J layerJson(const LayerMeasurement& m, const Layer& L, const LayerEstimate& e, const Derived& d) {
    J l;
    l["index"] = m.run.index;
    l["name"] = L.name;
    l["op"] = toString(L.op);
    l["wbits"] = L.prec.wbits;
    l["abits"] = L.prec.abits;
    l["obits"] = L.prec.obits;
    l["format"] = L.prec.format();
    l["macs"] = L.macs();
    l["weights"] = L.weights();
    l["bops"] = layerBops(L);
    l["weight_bits"] = L.weightBits();
    l["input_bits"] = L.inputBits();
    l["output_bits"] = L.outputBits();
    l["traffic_bits"] = d.trafficBits;
    l["intensity_bops_per_bit"] = d.intensity;
    l["bits_per_bop"] = d.bitsPerBop;
    l["bound"] = d.bound;
    l["cycles"] = d.cycles;
    l["time_ns"] = m.timeNs();
    l["tiling"] = m.run.tiling;
    l["peak_macs_per_cycle"] = m.peak_macs_per_cycle;
    l["utilization"] = d.utilization;
    l["compute_cycles"] = d.compute;
    l["stall_cycles"] = d.stall;
    l["stalls"] = {{"fill_cycles", d.fill}, {"load_cycles", d.load}, {"store_cycles", d.store},
                   {"buffer_cycles", d.buffer}, {"drain_cycles", d.drain}};
    l["engine_ideal_cycles"] = m.run.engine_cycles_ideal;
    l["dram_read_bytes"] = m.dram_read_bytes;
    l["dram_write_bytes"] = m.dram_write_bytes;
    l["dma_bytes"] = {{"ifmap_read", m.ifmap_read_bytes}, {"weight_read", m.weight_read_bytes},
                      {"residual_read", m.residual_read_bytes}, {"ofmap_write", m.ofmap_write_bytes},
                      {"psum", m.psum_bytes}};
    l["dram_row_hits"] = m.dram_row_hits;
    l["dram_row_misses"] = m.dram_row_misses;
    l["dram_row_conflicts"] = m.dram_row_conflicts;
    l["dram_bandwidth_gbytes_per_s"] = d.bandwidthGBps;
    l["buffers"] = layerBuffersJson(m);
    l["energy"] = {{"compute_pj", m.compute_energy_pj}, {"buffers_pj", m.buffersEnergyPj()},
                   {"interconnect_pj", m.interconnect_energy_pj}, {"dram_pj", m.dram_energy_pj},
                   {"leakage_pj", m.leakage_energy_pj}, {"total_pj", m.totalEnergyPj()}};
    J engine = J::object();
    for (const auto& [name, value] : m.engine_counters) engine[name] = value;
    l["engine"] = engine;
    l["estimate"] = layerEstimateJson(L, e);
    l["error_pct"] = layerErrorJson(m, e, d);
    return l;
}

// Sums over the layers run, in layer order (summary.json's totals are
// compared byte for byte, so the floating-point additions keep that order).
struct RunTotals {
    int64_t macs = 0, weights = 0, bops = 0, weightBits = 0, traffic = 0, cycles = 0, stall = 0, compute = 0;
    int64_t dramRead = 0, dramWrite = 0;
    int64_t inputBits = 0, outputBits = 0, idealBits = 0, estTraffic = 0;
    double timeNs = 0, energy = 0, peakCycles = 0, estCyclesSum = 0, estEnergy = 0;
    double computePj = 0, buffersPj = 0, interconnectPj = 0, dramPj = 0, leakagePj = 0;

    void add(const LayerMeasurement& m, const Layer& L, const LayerEstimate& e, const Derived& d) {
        macs += L.macs(), weights += L.weights(), bops += layerBops(L), weightBits += L.weightBits();
        traffic += d.trafficBits, cycles += d.cycles, stall += d.stall, compute += d.compute;
        dramRead += m.dram_read_bytes, dramWrite += m.dram_write_bytes;
        timeNs += m.timeNs(), energy += m.totalEnergyPj();
        peakCycles += double(d.cycles) * m.peak_macs_per_cycle;
        estCyclesSum += double(e.cycles);
        inputBits += L.inputBits(), outputBits += L.outputBits(), idealBits += e.traffic.ideal_bits;
        estTraffic += e.traffic.total_bits, estEnergy += e.compute_energy_pj + e.dram_energy_pj;
        computePj += m.compute_energy_pj;
        buffersPj += m.buffersEnergyPj();
        interconnectPj += m.interconnect_energy_pj;
        dramPj += m.dram_energy_pj;
        leakagePj += m.leakage_energy_pj;
    }
};

J totalsJson(const RunReport& rep, const RunTotals& s) {
    J t;
    t["layers"] = rep.result.layers.size();
    t["macs"] = s.macs;
    t["weights"] = s.weights;
    t["bops"] = s.bops;
    t["weight_bits"] = s.weightBits;
    t["input_bits"] = s.inputBits;
    t["output_bits"] = s.outputBits;
    t["ideal_traffic_bits"] = s.idealBits;
    t["traffic_bits"] = s.traffic;
    t["intensity_bops_per_bit"] = s.traffic > 0 ? double(s.bops) / double(s.traffic) : 0.0;
    t["cycles"] = s.cycles;
    t["time_ns"] = s.timeNs;
    t["compute_cycles"] = s.compute;
    t["stall_cycles"] = s.stall;
    t["utilization"] = s.peakCycles > 0 ? double(s.macs) / s.peakCycles : 0.0;
    t["dram_read_bytes"] = s.dramRead;
    t["dram_write_bytes"] = s.dramWrite;
    t["dram_bandwidth_gbytes_per_s"] = s.timeNs > 0 ? double(s.dramRead + s.dramWrite) / s.timeNs : 0.0;
    t["dram_avg_read_latency_ns"] = rep.result.dram_avg_read_latency_ns;
    t["dram_p99_read_latency_ns"] = rep.result.dram_p99_read_latency_ns;
    t["energy"] = {{"compute_pj", s.computePj}, {"buffers_pj", s.buffersPj}, {"interconnect_pj", s.interconnectPj},
                   {"dram_pj", s.dramPj}, {"leakage_pj", s.leakagePj}, {"total_pj", s.energy}};
    t["est_cycles"] = int64_t(s.estCyclesSum);
    t["err_cycles_pct"] = relativeErrorPct(s.estCyclesSum, double(s.cycles));
    t["est_traffic_bits"] = s.estTraffic;
    t["err_traffic_pct"] = relativeErrorPct(double(s.estTraffic), double(s.traffic));
    t["est_energy_pj"] = s.estEnergy;
    t["err_energy_pct"] = relativeErrorPct(s.estEnergy, s.energy);
    if (rep.platform.compute.kind == EngineKind::Rram) t["rram"] = rramWearJson(rep);
    return t;
}

}  // namespace

nlohmann::json summaryJson(const RunReport& rep) {
    J j;
    j["network"] = rep.net.name;
    j["platform"] = platformJson(rep.platform);
    if (rep.ideal_memory) j["platform"]["dram"] = "ideal";
    j["ideal_memory"] = rep.ideal_memory;
    j["complete"] = rep.result.complete;
    j["layers"] = J::array();
    RunTotals totals;
    for (size_t i = 0; i < rep.result.layers.size(); ++i) {
        const LayerMeasurement& m = rep.result.layers[i];
        const Layer& L = rep.net.layers[m.run.index];
        const LayerEstimate& e = rep.estimates[i];
        const Derived d = derive(m, L);
        j["layers"].push_back(layerJson(m, L, e, d));
        totals.add(m, L, e, d);
    }
    j["totals"] = totalsJson(rep, totals);
    if (rep.tiers) j["estimate_tiers"] = tierComparisonJson(rep);
    if (!rep.provenance.is_null()) j["provenance"] = rep.provenance;
    return j;
}

void writeRunTable(std::ostream& os, const RunReport& rep) {
    os << "hcmsim run: " << rep.net.name << " on " << rep.platform.name << " ("
       << toString(rep.platform.compute.kind) << ", " << fixed(rep.platform.clock_mhz, 0) << " MHz, "
       << (rep.ideal_memory ? std::string("ideal memory") : rep.platform.dram.preset) << ")\n\n";
    TextTable t({"layer", "op", "prec", "cycles", "util_%", "stall_%", "DRAM_KiB", "BOPs/bit", "est_BOPs/bit",
                 "est_cycles_err_%", "bound"});
    int64_t cycles = 0, traffic = 0, bops = 0;
    double peakCycles = 0;
    int64_t macs = 0;
    for (size_t i = 0; i < rep.result.layers.size(); ++i) {
        const LayerMeasurement& m = rep.result.layers[i];
        const Layer& L = rep.net.layers[m.run.index];
        const LayerEstimate& e = rep.estimates[i];
        const Derived d = derive(m, L);
        t.addRow({L.name, toString(L.op),
                  L.isMemoryOnly() ? "a" + std::to_string(L.prec.abits)
                                   : "w" + std::to_string(L.prec.wbits) + "a" + std::to_string(L.prec.abits),
                  withCommas(d.cycles), fixed(100.0 * d.utilization, 1),
                  fixed(d.cycles ? 100.0 * double(d.stall) / double(d.cycles) : 0.0, 1),
                  fixed(double(d.trafficBits) / 8192.0, 1), fixed(d.intensity, 1), fixed(e.intensity_bops_per_bit, 1),
                  fixed(relativeErrorPct(double(e.cycles), double(d.cycles)), 1), d.bound});
        cycles += d.cycles, traffic += d.trafficBits, bops += layerBops(L), macs += L.macs();
        peakCycles += double(d.cycles) * m.peak_macs_per_cycle;
    }
    t.addSeparator();
    t.addRow({"total", "", "", withCommas(cycles), fixed(peakCycles > 0 ? 100.0 * double(macs) / peakCycles : 0.0, 1),
              "", fixed(double(traffic) / 8192.0, 1), fixed(traffic ? double(bops) / double(traffic) : 0.0, 1), "",
              "", ""});
    t.print(os);
    os << "\n" << withCommas(cycles) << " cycles (" << fixed(double(rep.result.end_ps) / 1e9, 3) << " ms), "
       << fixed(double(traffic) / 8.0 / 1048576.0, 2) << " MiB DRAM traffic"
       << (rep.result.complete ? "" : "  [INCOMPLETE: stopped early]") << "\n";
}

namespace {

// One tier's figures for a layer of the estimate JSON, or null.
struct TierFigures {
    double cycles = -1, dram_bytes = -1, energy_pj = -1;
    bool extrapolating = false;
};

TierFigures tierOf(const nlohmann::json& layer, const std::string& tier) {
    TierFigures f;
    if (tier == "hcm") {
        f.cycles = layer.value("cycles", -1.0);
        f.dram_bytes = layer.value("traffic_bits", -8.0) / 8.0;
        f.energy_pj = layer.value("compute_energy_pj", 0.0) + layer.value("dram_energy_pj", 0.0);
        return f;
    }
    if (!layer.contains(tier)) return f;
    const nlohmann::json& t = layer[tier];
    f.cycles = t.value("cycles", -1.0);
    f.dram_bytes = t.contains("dram_bytes") ? t["dram_bytes"].get<double>()
                                            : t.value("dram_read_bytes", 0.0) + t.value("dram_write_bytes", 0.0);
    f.energy_pj = t.value("energy_pj", -1.0);
    f.extrapolating = t.contains("extrapolation") && !t["extrapolation"].empty();
    return f;
}

const char* const kTiers[] = {"hcm", "engine_aware", "calibrated"};

}  // namespace

nlohmann::ordered_json tierComparisonJson(const RunReport& rep) {
    using J = nlohmann::ordered_json;
    J out = J::object();
    if (!rep.tiers) return out;
    std::map<std::string, const nlohmann::json*> byName;
    for (const auto& l : (*rep.tiers)["layers"]) byName[l["name"].get<std::string>()] = &l;
    J layers = J::array();
    std::map<std::string, std::array<double, 3>> totals;  // tier -> cycles, dram, energy
    std::array<double, 3> measuredTotal{0, 0, 0};
    std::map<std::string, std::vector<double>> apes;
    for (size_t i = 0; i < rep.result.layers.size(); ++i) {
        const LayerMeasurement& m = rep.result.layers[i];
        const Layer& L = rep.net.layers[m.run.index];
        const auto it = byName.find(L.name);
        if (it == byName.end()) continue;
        const double cycles = double(derive(m, L).cycles), dram = double(m.dram_read_bytes + m.dram_write_bytes),
                     energy = m.totalEnergyPj();
        measuredTotal[0] += cycles, measuredTotal[1] += dram, measuredTotal[2] += energy;
        J row = {{"name", L.name}, {"measured_cycles", cycles}, {"measured_dram_bytes", dram}, {"measured_energy_pj", energy}};
        for (const char* tier : kTiers) {
            const TierFigures f = tierOf(*it->second, tier);
            if (f.cycles < 0) continue;
            J t = {{"cycles", f.cycles},
                   {"err_cycles_pct", relativeErrorPct(f.cycles, cycles)},
                   {"dram_bytes", f.dram_bytes},
                   {"err_dram_bytes_pct", relativeErrorPct(f.dram_bytes, dram)},
                   {"energy_pj", f.energy_pj},
                   {"err_energy_pct", relativeErrorPct(f.energy_pj, energy)}};
            if (std::string(tier) == "calibrated") t["extrapolating"] = f.extrapolating;
            row[tier] = t;
            auto& tot = totals[tier];
            tot[0] += f.cycles, tot[1] += f.dram_bytes, tot[2] += f.energy_pj;
            apes[tier].push_back(std::abs(relativeErrorPct(f.cycles, cycles)));
        }
        layers.push_back(row);
    }
    J sum = {{"measured_cycles", measuredTotal[0]}, {"measured_dram_bytes", measuredTotal[1]},
             {"measured_energy_pj", measuredTotal[2]}};
    for (const char* tier : kTiers) {
        if (!totals.count(tier)) continue;
        const auto& tot = totals[tier];
        const auto& a = apes[tier];
        double mape = 0, worst = 0;
        for (double x : a) mape += x, worst = std::max(worst, x);
        sum[tier] = {{"cycles", tot[0]},
                     {"err_cycles_pct", relativeErrorPct(tot[0], measuredTotal[0])},
                     {"mape_cycles_pct", a.empty() ? 0.0 : mape / double(a.size())},
                     {"max_ape_cycles_pct", worst},
                     {"dram_bytes", tot[1]},
                     {"err_dram_bytes_pct", relativeErrorPct(tot[1], measuredTotal[1])},
                     {"energy_pj", tot[2]},
                     {"err_energy_pct", relativeErrorPct(tot[2], measuredTotal[2])}};
    }
    out["layers"] = layers;
    out["totals"] = sum;
    return out;
}

void writeTierTable(std::ostream& os, const RunReport& rep) {
    const nlohmann::ordered_json c = tierComparisonJson(rep);
    if (c.empty()) return;
    std::vector<std::string> header = {"layer", "simulated"};
    std::vector<std::string> present;
    for (const char* tier : kTiers)
        if (c["totals"].contains(tier)) present.push_back(tier), header.push_back(tier), header.push_back("err%");
    TextTable t(header);
    auto row = [&](const std::string& name, const nlohmann::ordered_json& r) {
        std::vector<std::string> cells = {name, withCommas(int64_t(std::llround(r["measured_cycles"].get<double>())))};
        for (const auto& tier : present) {
            if (!r.contains(tier)) {
                cells.insert(cells.end(), {"-", "-"});
                continue;
            }
            const auto& x = r[tier];
            const bool star = x.contains("extrapolating") && x["extrapolating"].get<bool>();
            cells.push_back(withCommas(int64_t(std::llround(x["cycles"].get<double>()))) + (star ? "*" : ""));
            cells.push_back(fixed(x["err_cycles_pct"].get<double>(), 1));
        }
        t.addRow(cells);
    };
    for (const auto& r : c["layers"]) row(r["name"].get<std::string>(), r);
    t.addSeparator();
    row("total", c["totals"]);
    os << "\nEstimates next to the simulation (cycles; * the calibration extrapolates):\n\n";
    t.print(os);
    for (const auto& tier : present)
        os << "  " << tier << ": layer MAPE " << fixed(c["totals"][tier]["mape_cycles_pct"].get<double>(), 2)
           << "%, worst layer " << fixed(c["totals"][tier]["max_ape_cycles_pct"].get<double>(), 1) << "%\n";
}

}  // namespace hcm
