// MemoryCharacterization <-> JSON. measuredToJson/measuredFromJson carry the
// measured numbers (the disk cache); toJson adds the configuration and the
// derived figures users read (`hcmsim dram --characterize`). DRAM-clock
// values end in _dram_cycles, platform-clock values in _cycles.
#include <nlohmann/json.hpp>

#include "memory_characterization.hpp"

namespace hcm {

namespace {

struct Field {
    const char* name;
    double DirectionCosts::*member;
};

constexpr Field kFields[] = {
    {"col_interleaved_dram_cycles_per_burst", &DirectionCosts::col_interleaved_cycles_per_burst},
    {"col_same_group_dram_cycles_per_burst", &DirectionCosts::col_same_group_cycles_per_burst},
    {"interleave_window_bursts", &DirectionCosts::interleave_window_bursts},
    {"act_interval_dram_cycles", &DirectionCosts::act_interval_cycles},
    {"bank_cycle_min_dram_cycles", &DirectionCosts::bank_cycle_min_cycles},
    {"bank_cycle_base_dram_cycles", &DirectionCosts::bank_cycle_base_cycles},
    {"bank_cycle_per_burst_dram_cycles", &DirectionCosts::bank_cycle_per_burst_cycles},
    {"act_to_column_dram_cycles", &DirectionCosts::act_to_column_cycles},
    {"restart_dram_cycles", &DirectionCosts::restart_cycles},
    {"after_other_direction_dram_cycles", &DirectionCosts::after_other_direction_cycles},
    {"fill_dram_cycles", &DirectionCosts::fill_cycles},
    {"first_access_hit_dram_cycles", &DirectionCosts::first_access_hit_cycles},
    {"first_access_miss_dram_cycles", &DirectionCosts::first_access_miss_cycles},
    {"first_access_conflict_dram_cycles", &DirectionCosts::first_access_conflict_cycles},
    {"same_bank_after_read_dram_cycles", &DirectionCosts::same_bank_after_read_cycles},
    {"same_bank_after_write_dram_cycles", &DirectionCosts::same_bank_after_write_cycles},
    {"refresh_overhead_fraction", &DirectionCosts::refresh_overhead_fraction},
    {"refresh_wait_dram_cycles", &DirectionCosts::refresh_wait_cycles},
};

template <class Json = nlohmann::json>
Json costsToJson(const DirectionCosts& c) {
    Json j;
    for (const Field& f : kFields) j[f.name] = c.*f.member;
    j["visit_dram_cycles"] = c.visit_cycles;
    return j;
}

DirectionCosts costsFromJson(const nlohmann::json& j) {
    DirectionCosts c;
    for (const Field& f : kFields) c.*f.member = j.at(f.name).get<double>();
    c.visit_cycles = j.at("visit_dram_cycles").get<std::vector<double>>();
    return c;
}

template <class Json = nlohmann::json>
Json patternToJson(const PatternMeasurement& p) {
    Json j;
    j["layout"] = p.layout;
    j["direction"] = p.write ? "write" : "read";
    j["run_bytes"] = p.run_bytes;
    j["stride_bytes"] = p.stride_bytes;
    j["runs"] = p.runs;
    j["service_dram_cycles"] = p.service_dram_cycles;
    j["transfer_dram_cycles"] = p.transfer_dram_cycles;
    j["first_data_dram_cycles"] = p.first_data_dram_cycles;
    j["bursts_per_run"] = p.bursts_per_run;
    j["row_hits_per_run"] = p.row_hits_per_run;
    j["row_misses_per_run"] = p.row_misses_per_run;
    j["row_conflicts_per_run"] = p.row_conflicts_per_run;
    j["model_service_dram_cycles"] = p.model_service_dram_cycles;
    return j;
}

PatternMeasurement patternFromJson(const nlohmann::json& j) {
    PatternMeasurement p;
    p.layout = j.at("layout").get<std::string>();
    p.write = j.at("direction").get<std::string>() == "write";
    p.run_bytes = j.at("run_bytes").get<uint64_t>();
    p.stride_bytes = j.at("stride_bytes").get<uint64_t>();
    p.runs = j.at("runs").get<int64_t>();
    p.service_dram_cycles = j.at("service_dram_cycles").get<double>();
    p.transfer_dram_cycles = j.at("transfer_dram_cycles").get<double>();
    p.first_data_dram_cycles = j.at("first_data_dram_cycles").get<double>();
    p.bursts_per_run = j.at("bursts_per_run").get<double>();
    p.row_hits_per_run = j.at("row_hits_per_run").get<double>();
    p.row_misses_per_run = j.at("row_misses_per_run").get<double>();
    p.row_conflicts_per_run = j.at("row_conflicts_per_run").get<double>();
    p.model_service_dram_cycles = j.at("model_service_dram_cycles").get<double>();
    return p;
}

template <class Json = nlohmann::json>
Json mixToJson(const MixMeasurement& m) {
    Json j;
    j["list_bytes"] = m.list_bytes;
    j["run_bytes"] = m.run_bytes;
    j["pair_dram_cycles"] = m.pair_dram_cycles;
    j["model_pair_dram_cycles"] = m.model_pair_dram_cycles;
    return j;
}

MixMeasurement mixFromJson(const nlohmann::json& j) {
    MixMeasurement m;
    m.list_bytes = j.at("list_bytes").get<uint64_t>();
    m.run_bytes = j.at("run_bytes").get<uint64_t>();
    m.pair_dram_cycles = j.at("pair_dram_cycles").get<double>();
    m.model_pair_dram_cycles = j.at("model_pair_dram_cycles").get<double>();
    return m;
}

}  // namespace

nlohmann::json MemoryCharacterization::measuredToJson() const {
    nlohmann::json j;
    j["read"] = costsToJson(read);
    j["write"] = costsToJson(write);
    j["sequential_read_bytes_per_dram_cycle"] = sequential_read_bytes_per_dram_cycle;
    j["sequential_write_bytes_per_dram_cycle"] = sequential_write_bytes_per_dram_cycle;
    nlohmann::json ps = nlohmann::json::array();
    for (const PatternMeasurement& p : patterns) ps.push_back(patternToJson(p));
    j["patterns"] = ps;
    nlohmann::json ms = nlohmann::json::array();
    for (const MixMeasurement& m : mixes) ms.push_back(mixToJson(m));
    j["mixes"] = ms;
    return j;
}

void MemoryCharacterization::measuredFromJson(const nlohmann::json& j) {
    read = costsFromJson(j.at("read"));
    write = costsFromJson(j.at("write"));
    sequential_read_bytes_per_dram_cycle = j.at("sequential_read_bytes_per_dram_cycle").get<double>();
    sequential_write_bytes_per_dram_cycle = j.at("sequential_write_bytes_per_dram_cycle").get<double>();
    patterns.clear();
    for (const auto& p : j.at("patterns")) patterns.push_back(patternFromJson(p));
    mixes.clear();
    for (const auto& m : j.at("mixes")) mixes.push_back(mixFromJson(m));
}

nlohmann::ordered_json MemoryCharacterization::toJson() const {
    const double ratio = platformCyclesPerDramCycle();
    const double tck = dram_.timing.tCK_ns;
    const double clockNs = 1000.0 / clockMhz_;
    nlohmann::ordered_json j;
    j["model_version"] = kModelVersion;
    nlohmann::ordered_json platform;
    platform["clock_mhz"] = clockMhz_;
    platform["dram_preset"] = dram_.preset;
    platform["dram_channels"] = dram_.org.channels;
    platform["dram_address_mapping"] = dram_.address_mapping;
    platform["dram_page_policy"] = dram_.page_policy == PagePolicy::Open ? "open" : "closed";
    platform["dram_queue_depth"] = dram_.queue_depth;
    platform["dram_refresh"] = dram_.refresh;
    platform["dram_clock_ns"] = tck;
    platform["dram_burst_bytes"] = dram_.org.burstBytes();
    platform["dram_peak_gbytes_per_s"] = dram_.peakBytesPerSecond() * 1e-9;
    platform["cycles_per_dram_cycle"] = ratio;
    platform["interconnect_width_bits"] = interconnect_.width_bits;
    platform["interconnect_bytes_per_cycle"] = double(interconnect_.width_bits) / 8.0;
    platform["interconnect_latency_cycles"] = interconnect_.latency_cycles;
    j["platform"] = platform;

    // What the estimator assumes, in the controller's units.
    auto sustained = [&](double bytesPerDramCycle) {
        nlohmann::ordered_json s;
        const double perCycle = bytesPerDramCycle / ratio;
        const double icCap = interconnect_.width_bits > 0 ? double(interconnect_.width_bits) / 8.0 : perCycle;
        s["bytes_per_dram_cycle"] = bytesPerDramCycle;
        s["bytes_per_cycle"] = std::min(perCycle, icCap);
        s["gbytes_per_s"] = std::min(perCycle, icCap) / clockNs;
        s["fraction_of_dram_peak"] = bytesPerDramCycle / (dram_.peakBytesPerSecond() * tck * 1e-9);
        return s;
    };
    j["sequential_read"] = sustained(sequential_read_bytes_per_dram_cycle);
    j["sequential_write"] = sustained(sequential_write_bytes_per_dram_cycle);
    for (const bool w : {false, true}) {
        const DirectionCosts& c = costs(w);
        nlohmann::ordered_json lat;
        lat["hit_ns"] = c.first_access_hit_cycles * tck;
        lat["miss_ns"] = c.first_access_miss_cycles * tck;
        lat["conflict_ns"] = c.first_access_conflict_cycles * tck;
        // One burst on an idle path as the controller sees it: interconnect included.
        lat["conflict_cycles"] = c.first_access_conflict_cycles * ratio + double(interconnect_.latency_cycles);
        nlohmann::ordered_json d = costsToJson<nlohmann::ordered_json>(c);
        d["first_access"] = lat;
        j[w ? "write" : "read"] = d;
    }
    nlohmann::ordered_json ps = nlohmann::ordered_json::array();
    for (const PatternMeasurement& p : patterns) {
        nlohmann::ordered_json e = patternToJson<nlohmann::ordered_json>(p);
        const double bytes = double(p.run_bytes) * double(p.runs);
        const double service = p.service_dram_cycles;
        e["bytes_per_dram_cycle"] = service > 0 ? bytes / service : 0.0;
        const double platformService = std::max(service * ratio, interconnectCycles(bytes));
        e["bytes_per_cycle"] = platformService > 0 ? bytes / platformService : 0.0;
        e["gbytes_per_s"] = platformService > 0 ? bytes / (platformService * clockNs) : 0.0;
        e["per_run_dram_cycles"] = p.runs ? service / double(p.runs) : 0.0;
        e["model_error_pct"] = service > 0 ? 100.0 * (p.model_service_dram_cycles - service) / service : 0.0;
        ps.push_back(e);
    }
    j["patterns"] = ps;
    nlohmann::ordered_json ms = nlohmann::ordered_json::array();
    for (const MixMeasurement& m : mixes) {
        nlohmann::ordered_json e = mixToJson<nlohmann::ordered_json>(m);
        const double bytes = 2.0 * double(m.list_bytes);
        const double platform = std::max(m.pair_dram_cycles * ratio, interconnectCycles(double(m.list_bytes)));
        e["bytes_per_dram_cycle"] = m.pair_dram_cycles > 0 ? bytes / m.pair_dram_cycles : 0.0;
        e["bytes_per_cycle"] = platform > 0 ? bytes / platform : 0.0;
        e["gbytes_per_s"] = platform > 0 ? bytes / (platform * clockNs) : 0.0;
        e["model_error_pct"] =
            m.pair_dram_cycles > 0 ? 100.0 * (m.model_pair_dram_cycles - m.pair_dram_cycles) / m.pair_dram_cycles : 0.0;
        ms.push_back(e);
    }
    j["mixes"] = ms;
    return j;
}

}  // namespace hcm
