#include "trace_replay.hpp"

#include <fstream>

#include <nlohmann/json.hpp>

#include "dram_controller.hpp"
#include "sim/common/input_error.hpp"
#include "trace_reader.hpp"

namespace hcm {

TraceReplayResult replayTrace(const std::string& path, const DramParams& params) {
    std::ifstream in(path);
    if (!in) throwInputError({path, 0, 0}, "", "cannot open trace file");
    return replayTrace(in, path, params);
}

TraceReplayResult replayTrace(std::istream& in, const std::string& name, const DramParams& params) {
    DramController dram(params);
    TraceReader reader(in, name);
    TraceReplayResult r;
    r.trace = name;
    const uint64_t burst = uint64_t(params.org.burstBytes());
    const uint64_t request = uint64_t(kTraceRequestBytes);
    const uint64_t span = burst > request ? burst : request;
    int64_t now = 0;  // the in-order front end's cycle
    uint64_t tag = 0;
    TraceRecord rec;
    while (reader.next(rec)) {
        if (rec.cycle > now) now = rec.cycle;
        const uint64_t base = rec.addr & ~(span - 1);
        for (uint64_t a = base; a < base + span; a += burst) {
            dram.waitForSpace(a, nullptr);
            now = dram.enqueue(DramRequest{a, rec.is_write, now, tag++});
        }
        ++(rec.is_write ? r.writes : r.reads);
    }
    dram.drainAll(nullptr);
    r.stats = dram.stats();
    const DramStats& s = r.stats;
    r.cycles = s.windowCycles();
    r.ns = s.windowNs();
    r.bandwidth_gbytes_per_s = s.bandwidthGBps();
    r.avg_read_latency_ns = s.avgReadLatencyNs();
    r.p99_read_latency_ns = s.p99ReadLatencyNs();
    r.row_hits = s.row_hits;
    r.row_misses = s.row_misses;
    r.row_conflicts = s.row_conflicts;
    r.energy_pj = s.totalEnergyPj();
    return r;
}

nlohmann::json TraceReplayResult::toJson(const DramParams& params) const {
    nlohmann::json j;
    j["trace"] = trace;
    j["preset"] = params.preset;
    j["address_mapping"] = params.address_mapping;
    j["page_policy"] = params.page_policy == PagePolicy::Open ? "open" : "closed";
    j["channels"] = params.org.channels;
    j["reads"] = reads;
    j["writes"] = writes;
    j["request_bytes"] = kTraceRequestBytes;
    j["cycles"] = cycles;
    j["ns"] = ns;
    j["bandwidth_gbytes_per_s"] = bandwidth_gbytes_per_s;
    j["peak_bandwidth_gbytes_per_s"] = stats.peakGBps();
    j["bandwidth_fraction_of_peak"] = stats.fractionOfPeak();
    j["avg_read_latency_ns"] = avg_read_latency_ns;
    j["p99_read_latency_ns"] = p99_read_latency_ns;
    j["row_hits"] = row_hits;
    j["row_misses"] = row_misses;
    j["row_conflicts"] = row_conflicts;
    j["energy_pj"] = energy_pj;
    j["dram"] = stats.toJson();
    return j;
}

}  // namespace hcm
