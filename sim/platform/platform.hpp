#pragma once
// Platform assembly: builds the TLM modules a PlatformConfig describes, binds
// their sockets, runs a network through them and collects per-layer
// measurements. SystemC allows one elaboration per process, so construct one
// Platform per process.
//
//   LayerController --engine--> compute engine --ifmap/weight/ofmap--> buffers
//         \--dma--> DmaEngine --to_buffer--> buffers
//                        \--load_mem/store_mem--> Interconnect --> DRAM (or IdealMemory)
#include <csignal>
#include <memory>
#include <string>
#include <vector>

#include "hw/common/timeline_probe.hpp"
#include "layer_measurement.hpp"
#include "sim/config/platform_config.hpp"
#include "workloads/network.hpp"

namespace hcm {

struct RunOptions {
    bool ideal_memory = false;
    std::vector<size_t> layers;            // empty: all
    TimelineProbe* probe = nullptr;        // VCD / trace writers (declared during construction)
    bool progress = false;                 // progress line on stderr
    const volatile std::sig_atomic_t* stop = nullptr;   // set asynchronously to stop after the current layer
};

struct RunResult {
    std::vector<LayerMeasurement> layers;
    bool complete = false;                 // false when stopped early
    // Whole-run DRAM figures.
    double dram_bandwidth_gbytes_per_s = 0;
    double dram_avg_read_latency_ns = 0;
    double dram_p99_read_latency_ns = 0;
    uint64_t end_ps = 0;
    // Every b_transport a target received (engine and DMA commands, buffer
    // accesses, interconnect and DRAM transactions).
    uint64_t tlm_transactions = 0;
    uint64_t dram_bursts = 0;              // burst requests the DRAM model scheduled
    double host_seconds = 0;               // wall time of the simulation (not written to result files)
};

class Platform {
public:
    Platform(const PlatformConfig& config, const Network& net, const RunOptions& options);
    ~Platform();

    RunResult run();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hcm
