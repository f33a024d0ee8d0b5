#include "dram_stats.hpp"

#include <nlohmann/json.hpp>

namespace hcm {

nlohmann::json DramStats::toJson() const {
    nlohmann::json j;
    j["cycles"] = windowCycles();
    j["ns"] = windowNs();
    j["tck_ns"] = tck_ns;
    j["bytes_read"] = bytes_read;
    j["bytes_written"] = bytes_written;
    j["read_requests"] = read_requests;
    j["write_requests"] = write_requests;
    j["burst_bytes"] = burst_bytes;
    j["bandwidth_gbytes_per_s"] = bandwidthGBps();
    j["peak_bandwidth_gbytes_per_s"] = peakGBps();
    j["bandwidth_fraction_of_peak"] = fractionOfPeak();
    j["avg_read_latency_ns"] = avgReadLatencyNs();
    j["p99_read_latency_ns"] = p99ReadLatencyNs();
    j["min_read_latency_ns"] = double(read_latency_cycles.min()) * tck_ns;
    j["max_read_latency_ns"] = double(read_latency_cycles.max()) * tck_ns;
    j["avg_write_latency_ns"] = avgWriteLatencyNs();
    j["row_hits"] = row_hits;
    j["row_misses"] = row_misses;
    j["row_conflicts"] = row_conflicts;
    j["row_hit_rate"] = rowHitRate();
    j["commands"] = {{"act", act_cmds}, {"pre", pre_cmds},     {"prea", prea_cmds},
                     {"rd", rd_cmds},   {"wr", wr_cmds},       {"auto_precharge", auto_precharges},
                     {"ref", ref_cmds}};
    j["active_rank_cycles"] = active_rank_cycles;
    j["total_rank_cycles"] = total_rank_cycles;
    j["energy_pj"] = {{"act", act_energy_pj},
                      {"rd", rd_energy_pj},
                      {"wr", wr_energy_pj},
                      {"ref", ref_energy_pj},
                      {"background", background_energy_pj},
                      {"total", totalEnergyPj()}};
    j["energy_per_bit_pj"] = energyPerBitPj();
    return j;
}

}  // namespace hcm
