#pragma once
// GPU-like streaming multiprocessors as a TLM-2.0 compute engine.
//
// Params: GpuSmParams (SMs, sub-partitions, lanes, warp size, occupancy
//         limits, shared memory and L1, op-class rates, latency, layout).
// Ports:  those of ComputeEngine. On this platform the buffers are the SMs'
//         shared memory (ifmap and weight: the staged A and B tiles) and the
//         register file's accumulators (ofmap), summed over the SMs; the DMA
//         engine is the SMs' global loads and stores (coalesced 32-byte
//         sectors through the crossbar = the interconnect, the L2 of the
//         `cache:` section and the DRAM). docs/gpu_sm.md says why.
// Mapping: implicit GEMM in CTA tiles (gpu_sm_mapping.hpp); a controller tile
//         is a set of CTAs over a slice of the reduction, its operands
//         double-buffered in shared memory by the controller.
// Timing: per CTA k-iteration and per round of resident CTAs
//         (sm_model.hpp): issue slots, the op class's lane throughput, shared
//         memory wavefronts with bank conflicts, and latency hidden by the
//         resident warps. A Run lasts the longer of that, the buffers' time to
//         deliver the fragments and take the outputs, and the L2's time to
//         serve the CTAs' L1 misses.
// Stats:  EngineStats and per layer (counters()): issue_slot_utilization,
//         achieved_occupancy and theoretical_occupancy (ratios),
//         resident_ctas_per_sm, occupancy_limiter (0 warps, 1 CTA slots,
//         2 registers, 3 shared memory), registers_per_thread,
//         smem_bytes_per_cta, the tile (cta_tile_m_pixels, cta_tile_n_filters,
//         cta_tile_k_elems), datapath_bits and datapath_widened (1 when the
//         layer's width runs on a wider path), ctas, warp_instructions,
//         math_lane_ops, global_load_requests, global_load_sectors,
//         sectors_per_request, l1_hit_sectors, l1_miss_sectors, l1_hit_rate,
//         smem_wavefronts, smem_bank_conflicts, engine_energy_pj.
#include <optional>

#include "gpu_sm_mapping.hpp"
#include "hw/bit_serial/layer_ratio.hpp"
#include "hw/common/compute_engine.hpp"
#include "hw/common/mapping_cache.hpp"

namespace hcm {

class GpuSmEngine : public ComputeEngine {
public:
    GpuSmEngine(sc_core::sc_module_name name, const GpuSmParams& params, sc_core::sc_time clockPeriod);

    FoldSpace foldSpace(const GemmProblem& problem) const override;
    EngineCounters counters() const override;
    int64_t vectorLanes() const override { return p_.sms * p_.lanesPerSm(); }
    bool floatingPoint() const override { return true; }
    // The waves of CTAs a tile is, timed without simulating (for estimators).
    TileCost tileCost(const GemmProblem& problem, const FoldSpace& space, const ComputeCommand& run,
                      const ComputeCommand* previous = nullptr) const override;

    const GpuSmParams& params() const { return p_; }
    // The current layer's mapping (after a Configure).
    const std::optional<GpuSmMapping>& mapping() const { return map_; }

protected:
    void configure(ComputeCommand& c) override;
    void run(ComputeCommand& c, const sc_core::sc_time& start) override;

private:
    // A Run on `m`: the waves, what the L1 filters, and the cost (the L2's
    // bandwidth for the L1 misses bounds it).
    struct Tile {
        GpuSmRun run;
        L1Result l1;
        TileCost cost;
    };
    Tile tileOn(const GpuSmMapping& m, const ComputeCommand& c) const;

    enum Sum {
        kCtas, kWarpInstructions, kLaneOps, kRequests, kSectors, kL1Hits, kL1Misses, kWavefronts, kConflicts,
        kEnergy, kSums
    };
    enum Ratio {
        kIssue, kAchieved, kTheoretical, kResident, kLimiter, kRegisters, kSmem, kTileM, kTileN, kTileK, kPathBits,
        kWidened, kSectorsPerRequest, kL1HitRate, kRatios
    };

    GpuSmParams p_;
    std::optional<GpuSmMapping> map_;
    MappingCache<GpuSmMapping> mappings_;
    std::array<double, kSums> sums_{};
    std::array<LayerRatio, kRatios> ratios_{};
};

}  // namespace hcm
