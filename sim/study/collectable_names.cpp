#include "collectable_names.hpp"

namespace hcm {

namespace {

const std::vector<std::string> kPlatform = {"platform.name",         "platform.engine",   "platform.clock_mhz",
                                            "platform.dram",         "platform.mem_bits_per_s",  "platform.mem_total_bits_per_s",
                                            "platform.area_mm2",     "platform.peak_power_w"};

std::vector<std::string> withPlatform(std::vector<std::string> names) {
    names.insert(names.end(), kPlatform.begin(), kPlatform.end());
    return names;
}

}  // namespace

const std::vector<std::string>& collectableNames(const std::string& mode) {
    static const std::vector<std::string> run = withPlatform({
        "layers", "macs", "weights", "bops", "weight_bits", "input_bits", "output_bits", "ideal_traffic_bits",
        "traffic_bits", "intensity_bops_per_bit", "cycles", "time_ns", "compute_cycles", "stall_cycles",
        "utilization", "dram_read_bytes", "dram_write_bytes", "dram_bandwidth_gbytes_per_s",
        "dram_avg_read_latency_ns", "dram_p99_read_latency_ns", "energy.compute_pj", "energy.buffers_pj",
        "energy.interconnect_pj", "energy.dram_pj", "energy.leakage_pj", "energy.total_pj", "est_cycles",
        "err_cycles_pct", "est_traffic_bits", "err_traffic_pct", "est_energy_pj", "err_energy_pct",
        "rram.max_cell_writes", "rram.max_cell_writes_per_inference", "rram.endurance_writes",
        "rram.inferences_to_wearout"});
    static const std::vector<std::string> estimate = withPlatform({
        "layers", "macs", "weights", "bops", "weight_bits", "input_bits", "output_bits", "ideal_traffic_bits",
        "traffic_bits", "intensity_bops_per_bit", "compute_cycles", "memory_cycles", "cycles", "time_ns",
        "compute_energy_pj", "dram_energy_pj", "engine_aware.cycles", "engine_aware.compute_cycles",
        "engine_aware.stall_cycles", "engine_aware.tiles", "engine_aware.dram_read_bytes",
        "engine_aware.dram_write_bytes", "engine_aware.energy_pj", "engine_aware.energy.compute_pj",
        "engine_aware.energy.buffers_pj", "engine_aware.energy.interconnect_pj", "engine_aware.energy.dram_pj",
        "engine_aware.energy.leakage_pj"});
    return mode == "estimate" ? estimate : run;
}

}  // namespace hcm
