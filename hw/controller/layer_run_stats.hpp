#pragma once
// What the layer controller measured for one layer: its time split into
// compute and stalls by cause, and the tiling it chose.
#include <cstdint>
#include <string>

namespace hcm {

struct LayerRunStats {
    size_t index = 0;                  // position in the network
    std::string name;
    std::string tiling;                // the plan, human-readable
    uint64_t start_ps = 0, end_ps = 0;
    int64_t steps = 0;                 // tiles computed
    int64_t loads = 0, stores = 0;     // DMA transfers issued
    // Time split (picoseconds); they add up to end_ps - start_ps.
    uint64_t compute_ps = 0;           // the engine doing work (array cycles)
    uint64_t stall_buffer_ps = 0;      // engine waiting on buffer bandwidth
    uint64_t stall_fill_ps = 0;        // before the first tile: first loads
    uint64_t stall_load_ps = 0;        // waiting for operand tiles from DRAM
    uint64_t stall_store_ps = 0;       // output buffer full: waiting for a store
    uint64_t stall_drain_ps = 0;       // after the last tile: last stores
    uint64_t late_ps = 0;              // requests issued behind simulated time (should stay 0)
    int64_t engine_cycles_ideal = 0;   // the engine's stall-free schedule of the whole layer
    double peak_macs_per_cycle = 0;    // the engine's own peak at this layer's precision
};

}  // namespace hcm
