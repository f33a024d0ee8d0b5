#pragma once
// An ISAAC-style RRAM crossbar accelerator as a TLM-2.0 compute engine.
//
// Structure (each level a module or a model owned by one):
//   RramEngine (the chip; a ComputeEngine)
//     -- noc_port --> RramNoc (routers) -- to_tile[i] --> RramTile x tiles
//                                                          -- edram_port --> eDRAM (SramBuffer)
//   IMAs and crossbars: CrossbarMapping (how a layer sits on them, their
//   timing) and per-event energies from the component table.
//
// Ports:  those of ComputeEngine (`cmd`; `ifmap`, `weight`, `ofmap` to the
//         platform's buffers, here the chip's I/O buffers) plus `noc_port`.
// Mapping: weight-stationary (crossbar_mapping.hpp); where layers live
//         (program_plan.hpp): resident when the network fits — weights
//         programmed before the inference, the controller loads none
//         (FoldSpace::weights_preloaded) — otherwise reprogrammed block by
//         block during the inference (FoldSpace::programmed_col_folds): the
//         weights come DRAM -> DMA -> weight buffer -> `weight` socket ->
//         crossbars, as TLM transactions, and every write is counted.
// Fold space: rows = reduction (crossbar rows), columns = filters (filters
//         per crossbar), time = output pixels in groups of `copies` (one
//         per copy), input_steps steps per group.
// Timing: all crossbars of a unit compute in parallel: a unit of g pixel
//         groups lasts g x input_steps x read cycle; a unit waits for the
//         crossbar writes it depends on. The unit's unique inputs are read
//         from the ifmap buffer once and sent over the NoC to the tiles that
//         hold its crossbars (one transaction per tile); partial sums /
//         outputs go to the ofmap buffer. The unit lasts the longest of the
//         compute, the buffers and the tiles (inputs over the NoC, eDRAM).
//         Memory-only operations run on one max-pool/adder lane per tile.
// Stats:  EngineStats, and per layer (counters()): the mapping (crossbars,
//         copies, row/column utilisation, ADC bits needed, MVM latency), the
//         activity (ADC conversions, crossbar reads, MVMs, eDRAM and NoC
//         bytes), energy per component, reprogramming (bytes, cell writes,
//         energy, stall) and the one-time preload, and the endurance figures
//         (largest number of writes any cell has seen; the same without the
//         preload, i.e. the wear of one inference).
#include <array>
#include <memory>
#include <vector>

#include "hw/common/compute_engine.hpp"
#include "hw/common/mapping_cache.hpp"
#include "program_plan.hpp"
#include "rram_cost.hpp"
#include "rram_noc.hpp"
#include "rram_tile.hpp"

namespace hcm {

class RramEngine : public ComputeEngine {
public:
    tlm_utils::simple_initiator_socket<RramEngine> noc_port;

    RramEngine(sc_core::sc_module_name name, const RramParams& params, sc_core::sc_time clockPeriod);
    ~RramEngine() override;

    // The layer on its own (no network context): resident if it fits.
    FoldSpace foldSpace(const GemmProblem& problem) const override;
    std::vector<FoldSpace> foldSpacesInNetwork(const std::vector<GemmProblem>& program) const override;
    bool layoutDependsOnNetwork() const override { return true; }
    EngineCounters counters() const override;
    // The crossbar time of the tile's pixel groups at the placement's read
    // cycle, its buffer ports, and (bound) the copies' router ports taking
    // in its inputs; a weight-programming chunk costs its buffer read, and
    // its crossbars then write their rows in the background. The NoC's
    // contention between tiles is not included.
    TileCost tileCost(const GemmProblem& problem, const FoldSpace& space, const ComputeCommand& run,
                      const ComputeCommand* previous = nullptr) const override;

    const RramParams& params() const { return p_; }
    // The network's plan (after the first Configure) and the current layer's placement.
    const ProgramPlan& plan() const { return plan_; }
    const LayerPlacement& placement() const { return cur_; }
    const RramNoc& noc() const { return *noc_; }
    const RramTile& tile(size_t i) const { return *tiles_[i]; }
    // Largest number of writes any crossbar's cells have seen so far.
    int64_t maxCellWrites() const { return maxWrites_; }
    // The same counting only the writes during the inference (reprogramming),
    // not the one-time preload: the per-inference wear of the most-written cell.
    int64_t maxCellWritesPerInference() const { return maxInferenceWrites_; }

protected:
    void configure(ComputeCommand& c) override;
    void run(ComputeCommand& c, const sc_core::sc_time& start) override;
    int64_t vectorLanes() const override { return p_.tiles; }

private:
    MappingCache<LayerPlacement> placements_;
    enum Counter {
        kCrossbars, kCopies, kRowUtil, kColUtil, kAdcBitsNeeded, kMvmLatencyNs, kConversionsPerMvm,
        kAdcConversions, kCrossbarReads, kMvms,
        kAdcPj, kDacPj, kSampleHoldPj, kCrossbarPj, kImaDigitalPj, kTileDigitalPj,
        kProgramBytes, kProgramCellWrites, kProgramPj, kProgramStallNs,
        kPreloadBytes, kPreloadCellWrites, kPreloadPj, kPreloadNs,
        kCount
    };

    FoldSpace spaceOf(const LayerPlacement& l) const;
    int64_t physical(int64_t group, int64_t copy, int64_t fj, int64_t fi) const;
    void countWrite(int64_t first, int64_t count, bool duringInference);
    void preload(int64_t index);
    void compute(ComputeCommand& c, const sc_core::sc_time& start);
    void program(ComputeCommand& c, const sc_core::sc_time& start);
    sc_core::sc_time sendToTiles(const ComputeCommand& c, int64_t groups, int64_t pixels, const sc_core::sc_time& at);
    // The work each tile (by index) gets from a Run; `at` places folds on crossbars.
    template <class Physical>
    std::vector<std::pair<int64_t, TileWork>> tileWorks(const CrossbarMapping& m, int64_t copies,
                                                       const GemmProblem& problem, const ComputeCommand& c,
                                                       int64_t groups, int64_t pixels, int64_t readCycles,
                                                       Physical at) const;
    int64_t tileWorkCycles(int64_t tile, const TileWork& w) const;
    // A reprogrammed layer's crossbars: its region's size, and the crossbar
    // at `offset` from the region's start (wrapping round).
    int64_t regionSize() const;
    int64_t inRegion(int64_t offset) const;
    // What a Run does in the crossbars and converters, and its energy.
    struct Activity {
        double conversions = 0, reads = 0;
        double adc_pj = 0, dac_pj = 0, sample_hold_pj = 0, crossbar_pj = 0, ima_digital_pj = 0, tile_digital_pj = 0;
    };
    Activity activityOf(const CrossbarMapping& m, const RramEventEnergy& e, int64_t pixels, int64_t fi0, int64_t fi1,
                        int64_t fj0, int64_t fj1) const;

    RramParams p_;
    std::unique_ptr<RramNoc> noc_;
    std::vector<std::unique_ptr<RramTile>> tiles_;
    RramEventEnergy perXbar_;       // per-event energies at the current layer's read cycle
    int64_t readCycles_ = 1;        // the current layer's read cycle in clock cycles

    const std::vector<GemmProblem>* programKey_ = nullptr;
    bool planned_ = false;
    ProgramPlan plan_;
    std::vector<bool> preloaded_;   // per program entry
    GemmProblem problem_;
    LayerPlacement cur_;
    bool configured_ = false;

    // Physical crossbars: writes seen (all; during the inference only), when
    // their current write ends.
    std::vector<int64_t> writes_, inferenceWrites_;
    std::vector<sc_core::sc_time> writeFree_;
    int64_t maxWrites_ = 0, maxInferenceWrites_ = 0;
    // Reprogramming: where the current block sits (wear-levelling cursor).
    int64_t cursor_ = 0, blockBase_ = 0, blockFj0_ = 0, blockFolds_ = 0, blockGroup_ = -1;
    sc_core::sc_time programmedAt_;  // when the current block's writes end

    std::array<double, kCount> ctr_{};
    tlm::tlm_generic_payload nocGp_;
};

}  // namespace hcm
