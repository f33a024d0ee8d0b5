#pragma once
// What the DRAM model measured. Counters are per burst-sized request; times
// are memory-clock cycles unless the name says _ns; energies are pJ.
#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "latency_histogram.hpp"

namespace hcm {

struct DramStats {
    // The configuration the figures refer to.
    double tck_ns = 0;
    double peak_bytes_per_s = 0;
    int burst_bytes = 0;

    uint64_t read_requests = 0, write_requests = 0;
    uint64_t bytes_read = 0, bytes_written = 0;
    uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;

    uint64_t act_cmds = 0, pre_cmds = 0, prea_cmds = 0, rd_cmds = 0, wr_cmds = 0;
    uint64_t auto_precharges = 0;  // RDA/WRA under the closed-page policy (counted in rd/wr_cmds too)
    uint64_t ref_cmds = 0;         // all-bank refreshes, summed over ranks

    int64_t first_arrival_cycle = -1;   // -1: no request yet
    int64_t last_completion_cycle = 0;

    LatencyHistogram read_latency_cycles;  // arrival to last data beat
    uint64_t write_latency_sum_cycles = 0;

    // Background: rank-cycles with some bank open (or refreshing) over all
    // rank-cycles from cycle 0 to last_completion_cycle.
    uint64_t active_rank_cycles = 0;
    uint64_t total_rank_cycles = 0;

    double act_energy_pj = 0, rd_energy_pj = 0, wr_energy_pj = 0, ref_energy_pj = 0;
    double background_energy_pj = 0;

    // Derived figures.
    uint64_t bytes() const { return bytes_read + bytes_written; }
    // Cycles from the first arrival to the last completion.
    int64_t windowCycles() const {
        return first_arrival_cycle < 0 ? 0 : last_completion_cycle - first_arrival_cycle;
    }
    double windowNs() const { return double(windowCycles()) * tck_ns; }
    // Achieved data bandwidth over the window, in GB/s (1e9 bytes per second).
    double bandwidthGBps() const { return windowNs() > 0 ? double(bytes()) / windowNs() : 0.0; }
    double peakGBps() const { return peak_bytes_per_s * 1e-9; }
    double fractionOfPeak() const { return peakGBps() > 0 ? bandwidthGBps() / peakGBps() : 0.0; }
    double avgReadLatencyCycles() const { return read_latency_cycles.mean(); }
    double avgReadLatencyNs() const { return avgReadLatencyCycles() * tck_ns; }
    double p99ReadLatencyNs() const { return double(read_latency_cycles.percentile(0.99)) * tck_ns; }
    double avgWriteLatencyNs() const {
        return write_requests ? double(write_latency_sum_cycles) / double(write_requests) * tck_ns : 0.0;
    }
    double rowHitRate() const {
        const uint64_t n = row_hits + row_misses + row_conflicts;
        return n ? double(row_hits) / double(n) : 0.0;
    }
    double commandEnergyPj() const { return act_energy_pj + rd_energy_pj + wr_energy_pj + ref_energy_pj; }
    double totalEnergyPj() const { return commandEnergyPj() + background_energy_pj; }
    double energyPerBitPj() const { return bytes() ? totalEnergyPj() / (8.0 * double(bytes())) : 0.0; }

    // Every figure with its unit in the key.
    nlohmann::json toJson() const;
};

}  // namespace hcm
