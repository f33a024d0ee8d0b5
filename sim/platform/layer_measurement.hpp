#pragma once
// Everything measured for one layer: the controller's time split plus the
// deltas of every component's counters over the layer.
#include <array>
#include <cstdint>
#include <string>

#include "hw/common/buffer_role.hpp"
#include "hw/common/compute_engine.hpp"
#include "hw/controller/layer_run_stats.hpp"

namespace hcm {

struct BufferDelta {
    std::string name;
    int64_t read_bytes = 0, write_bytes = 0;
    int64_t peak_occupancy_bytes = 0;   // over the whole run so far
    double energy_pj = 0;
};

struct LayerMeasurement {
    LayerRunStats run;
    double clock_ps = 1000;
    // DRAM side (whole bursts, as the DRAM model moved them).
    int64_t dram_read_bytes = 0, dram_write_bytes = 0;
    int64_t dram_row_hits = 0, dram_row_misses = 0, dram_row_conflicts = 0;
    double dram_energy_pj = 0;
    // Requested by the DMA per tensor (exact byte ranges).
    int64_t ifmap_read_bytes = 0, weight_read_bytes = 0, residual_read_bytes = 0, ofmap_write_bytes = 0;
    int64_t psum_bytes = 0;  // partial sums spilled to DRAM and read back (both directions)
    int64_t dma_transfers = 0;
    // By bufferIndex(BufferRole): ifmap, weight, ofmap (shared: all in [0]).
    std::array<BufferDelta, kBufferRoles> buffers;
    bool shared_buffer = false;
    double interconnect_energy_pj = 0;
    int64_t engine_busy_cycles = 0;
    double compute_energy_pj = 0;
    double leakage_energy_pj = 0;
    // Engine facts at the layer's precision.
    double peak_macs_per_cycle = 0;
    EngineCounters engine_counters;      // the engine's own counters over the layer

    int64_t cycles() const;
    double timeNs() const { return double(run.end_ps - run.start_ps) / 1000.0; }
    double buffersEnergyPj() const;
    double totalEnergyPj() const;
};

}  // namespace hcm
