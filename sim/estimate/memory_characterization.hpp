#pragma once
// What the memory path of one platform (DMA -> interconnect -> DRAM) costs,
// measured once by running the DRAM timing model on synthetic access patterns
// (memory_characterizer.cpp), and a query model that predicts from those
// numbers how long a gather list takes without simulating it
// (memory_path_model.cpp). docs/memory_characterization.md explains both.
//
// Units: names say them. DRAM-side figures are memory-clock cycles (tCK);
// what the queries return is platform cycles (the controller's clock), the
// interconnect included. "service" is the time a transfer occupies the memory
// when queued right behind another one; "transfer" is issue to last data on
// an idle memory path (latency + service).
//
// The L2 of GPU-like configs (`cache:` section) is not part of this model.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hw/common/gather_list.hpp"
#include "hw/dram/address_mapping.hpp"
#include "hw/dram/dram_params.hpp"
#include "hw/interconnect/interconnect_params.hpp"

namespace hcm {

class SegmentList;
struct PlatformConfig;

// Per direction, memory-clock cycles. A "row visit" is a run of consecutive
// bursts one channel serves from one open row; every constant below was
// measured on patterns of such visits (see memory_characterizer.cpp).
struct DirectionCosts {
    double col_interleaved_cycles_per_burst = 0;  // bursts alternating bank groups
    double col_same_group_cycles_per_burst = 0;   // bursts within one bank group (tCCD_L)
    double interleave_window_bursts = 0;          // bursts a visit overlaps with its neighbours
    std::vector<double> visit_cycles;             // [k]: one visit of k bursts in a bank-rotating stream ([0] unused)
    double act_interval_cycles = 0;               // visit_cycles[1]: activations back to back
    double bank_cycle_min_cycles = 0;             // one bank, row after row: activate to activate
    double bank_cycle_base_cycles = 0;            // ... for k bursts: base + per_burst * k
    double bank_cycle_per_burst_cycles = 0;
    double act_to_column_cycles = 0;              // first-access latency of a miss minus that of a hit
    double restart_cycles = 0;                    // per transfer queued behind one in the same direction
    double after_other_direction_cycles = 0;      // extra when the one ahead went the other way
    double fill_cycles = 0;                       // transfer on an idle path minus service
    double first_access_hit_cycles = 0;           // one burst: open row, closed bank, other row open
    double first_access_miss_cycles = 0;
    double first_access_conflict_cycles = 0;
    // Extra over a conflict elsewhere when a list queued right behind a short
    // transfer finds another row open in the very bank that transfer used: the
    // bank recovers (write recovery after a write, read-to-precharge after a
    // read) before it can precharge. [0]: the one ahead read, [1]: it wrote.
    double same_bank_after_read_cycles = 0;
    double same_bank_after_write_cycles = 0;
    double refresh_overhead_fraction = 0;         // expected extra time per cycle of service
    double refresh_wait_cycles = 0;               // expected wait when arriving at a random time
};

// One synthetic pattern as measured and as the query model predicts it
// (memory-clock cycles, refresh as its expected overhead).
struct PatternMeasurement {
    std::string layout;            // back_to_back | gap | far
    bool write = false;
    uint64_t run_bytes = 0, stride_bytes = 0;
    int64_t runs = 0;
    double service_dram_cycles = 0;
    double transfer_dram_cycles = 0;
    double first_data_dram_cycles = 0;   // idle path: arrival to the first burst's data
    double bursts_per_run = 0;
    double row_hits_per_run = 0, row_misses_per_run = 0, row_conflicts_per_run = 0;
    double model_service_dram_cycles = 0;
};

// A load stream and a store stream in flight together: read and write lists
// of `list_bytes` (runs of `run_bytes`, every other run of a plane) in two
// regions, served alternately as DramTarget serves overlapping transactions.
struct MixMeasurement {
    uint64_t list_bytes = 0, run_bytes = 0;
    double pair_dram_cycles = 0;        // one read list plus one write list, refresh as its expected cost
    double model_pair_dram_cycles = 0;
};

// The O(1) description of a transfer: `runs` contiguous runs of bytes/runs
// bytes each, at unrelated addresses.
struct TransferSummary {
    double bytes = 0;
    double runs = 1;
    bool write = false;
};

class MemoryCharacterization {
public:
    // Bumped whenever what is measured or how the model uses it changes:
    // cached results of another version are ignored.
    static constexpr int kModelVersion = 2;

    MemoryCharacterization(const DramParams& dram, const InterconnectParams& interconnect, double clockMhz);
    ~MemoryCharacterization();
    MemoryCharacterization(MemoryCharacterization&&) noexcept;
    MemoryCharacterization& operator=(MemoryCharacterization&&) noexcept;

    // ---- queries (platform cycles, refresh as its expected overhead) ----
    // Issue to last data of this gather list alone on an idle memory path.
    double transferCycles(const DmaSegment* segments, size_t count, bool write) const;
    double transferCycles(const SegmentList& segments, bool write) const;
    double transferCycles(const TransferSummary& s) const;
    // Occupancy: what each of a back-to-back stream of such lists costs.
    double serviceCycles(const DmaSegment* segments, size_t count, bool write) const;
    double serviceCycles(const SegmentList& segments, bool write) const;
    double serviceCycles(const TransferSummary& s) const;
    // A read list and a write list in flight together: the DRAM serves one
    // transaction after the other (paying the direction switches), the
    // interconnect moves both directions at once.
    double mixServiceCycles(const SegmentList& reads, const SegmentList& writes) const;
    double mixServiceCycles(const TransferSummary& reads, const TransferSummary& writes) const;
    // Sustained bytes per platform cycle when `writeFraction` of the bytes are
    // writes, moved as alternating lists of `listBytes` in runs of `runBytes`.
    double mixedBytesPerCycle(double writeFraction, double listBytes, double runBytes) const;

    // The DRAM side alone (no interconnect), platform cycles, refresh as its
    // expected cost: queued right behind a transfer of the same direction, on
    // an idle DRAM (the first access's latency added), and the extra a
    // transfer pays behind one of the other direction. `expectedRefresh`
    // false: without refresh (a caller that places the refreshes itself).
    double dramQueuedCycles(const SegmentList& segments, bool write, bool expectedRefresh = true) const;
    double dramIdleCycles(const SegmentList& segments, bool write, bool expectedRefresh = true) const;
    double dramTurnaroundCycles(bool write) const;

    // DRAM side only, memory-clock cycles, refresh excluded: the model's core.
    double dramServiceCycles(const DmaSegment* segments, size_t count, bool write) const;

    // ---- configuration the numbers belong to ----
    const DramParams& dram() const { return dram_; }
    const InterconnectParams& interconnect() const { return interconnect_; }
    double clockMhz() const { return clockMhz_; }
    // Platform cycles per memory-clock cycle.
    double platformCyclesPerDramCycle() const { return dram_.timing.tCK_ns * clockMhz_ / 1000.0; }
    // Interconnect occupancy of `bytes` in one direction, platform cycles.
    double interconnectCycles(double bytes) const;

    // ---- measured ----
    DirectionCosts read, write;
    std::vector<PatternMeasurement> patterns;
    std::vector<MixMeasurement> mixes;
    double sequential_read_bytes_per_dram_cycle = 0;   // long sequential stream, refresh included
    double sequential_write_bytes_per_dram_cycle = 0;
    double measure_seconds = 0;                        // host time of the measurement (not cached)

    const DirectionCosts& costs(bool isWrite) const { return isWrite ? write : read; }

    // Everything, units in the names; fromJson reads back what toJson wrote
    // (the measured numbers bit for bit). fromJson throws std::exception on a
    // malformed document.
    nlohmann::ordered_json toJson() const;
    void measuredFromJson(const nlohmann::json& j);
    nlohmann::json measuredToJson() const;

    // Where the bits of an address go, derived from the mapping.
    struct Geometry {
        int burst_shift = 0;        // log2(burst bytes)
        int channels = 1;
        int channel_shift = 0;      // burst index -> channel: (g >> channel_shift) & (channels - 1)
        bool channel_in_chunk = true;  // channel bits lie below the row/bank bits
        int chunk_shift = 0;        // burst index -> row visit unit: g >> chunk_shift
        int banks = 1;              // per channel (ranks x bank groups x banks per group)
        int bankgroups = 1, banks_per_group = 1;
    };
    const Geometry& geometry() const { return geometry_; }
    static Geometry geometryOf(const DramParams& p, const AddressMapping& m);
    const AddressMapping& mapping() const { return *mapping_; }

private:
    // The list in the order the request queues serve it (see the .cpp):
    // `segments` itself or a reordered copy in `scratch`.
    const DmaSegment* queueOrder(const DmaSegment* segments, size_t count, std::vector<DmaSegment>& scratch) const;

    double dramTransferCycles(double serviceCycles, bool write, bool expectedRefresh = true) const;
    double summaryDramService(const TransferSummary& s) const;  // memory-clock cycles, refresh included

    DramParams dram_;
    InterconnectParams interconnect_;
    double clockMhz_ = 0;
    std::unique_ptr<AddressMapping> mapping_;
    Geometry geometry_;
};

}  // namespace hcm
