#pragma once
// The tile scheduler's executor of the engine-aware estimator
// (hw/controller/tile_scheduler.hpp): the same operations the layer
// controller sends as TLM transactions, timed without SystemC. A compute
// costs the engine's own tile cost (ComputeEngine::tileCost) and its buffer
// ports; a load or store is the DMA channel (one per direction, in order),
// the memory path (MemoryPath) and the buffer's write or read, as
// hw/controller/dma_engine does.
#include <systemc>

#include <array>
#include <cstdint>

#include "hw/common/buffer_role.hpp"
#include "hw/common/compute_engine.hpp"
#include "hw/controller/tile_step.hpp"
#include "hw/sram/sram_params.hpp"
#include "memory_path.hpp"

namespace hcm {

class AnalyticExecutor {
public:
    using sc_time = sc_core::sc_time;

    // `buffers`: the ifmap, weight and ofmap buffers (the same one three
    // times for a shared buffer). `problem`/`space`: the layer's GEMM (null
    // for memory-only layers).
    AnalyticExecutor(const ComputeEngine& engine, const std::array<SramParams, kBufferRoles>& buffers, MemoryPath& memory,
                     sc_time clock);
    void beginLayer(const GemmProblem* problem, const FoldSpace* space);

    sc_time now() const { return sc_core::SC_ZERO_TIME; }  // the schedule is never behind
    void syncTo(const sc_time&) {}
    sc_time load(TileLoad& l, int buffer, uint64_t base, const sc_time& at);
    void release(int, uint64_t, uint64_t, const sc_time&) {}
    sc_time store(Operand what, const SegmentList& segments, uint64_t base, const sc_time& at);
    sc_time compute(ComputeCommand& c, const sc_time& at);
    void computed(const sc_time&, const sc_time&) {}

    // When the DMA channels and the engine's background work are free: the
    // state one layer leaves to the next (with the memory path's).
    struct Timelines {
        sc_time load_free, store_free, settled_at, last_unit_settled;
    };
    Timelines timelines() const { return {loadFree_, storeFree_, settledAt_, lastUnitSettled_}; }
    void setTimelines(const Timelines& t) {
        loadFree_ = t.load_free, storeFree_ = t.store_free, settledAt_ = t.settled_at;
        lastUnitSettled_ = t.last_unit_settled;
    }

    // Buffer traffic of the layer so far (for energy): bytes read and written per buffer.
    std::array<int64_t, kBufferRoles> bufferReadBytes{}, bufferWriteBytes{};
    TileCost computeTotals;  // summed tile costs of the layer (array cycles, engine energy)
    int64_t busyCycles = 0;  // the engine's cycles of every command

private:
    // Cycles one buffer access of `bytes` takes (latency + whole port words).
    int64_t accessCycles(int buffer, int64_t bytes, bool read) const;

    const ComputeEngine& engine_;
    std::array<SramParams, kBufferRoles> buffers_;
    MemoryPath& memory_;
    sc_time clock_;
    const GemmProblem* problem_ = nullptr;
    const FoldSpace* space_ = nullptr;
    ComputeCommand prev_;
    bool havePrev_ = false;
    sc_time loadFree_, storeFree_, settledAt_;
    sc_time lastUnitSettled_;  // when the unit the last background job ended on is free
};

}  // namespace hcm
