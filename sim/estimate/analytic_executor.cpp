#include "analytic_executor.hpp"

#include <algorithm>

#include "hw/common/time_units.hpp"

namespace hcm {

using sc_core::sc_time;

namespace {
constexpr int kIfmapBuffer = bufferIndex(BufferRole::Ifmap);
constexpr int kWeightBuffer = bufferIndex(BufferRole::Weight);
constexpr int kOfmapBuffer = bufferIndex(BufferRole::Ofmap);
}  // namespace

AnalyticExecutor::AnalyticExecutor(const ComputeEngine& engine, const std::array<SramParams, kBufferRoles>& buffers,
                                   MemoryPath& memory, sc_time clock)
    : engine_(engine), buffers_(buffers), memory_(memory), clock_(clock) {}

void AnalyticExecutor::beginLayer(const GemmProblem* problem, const FoldSpace* space) {
    problem_ = problem;
    space_ = space;
    havePrev_ = false;
    computeTotals = TileCost{};
    busyCycles = 0;
}

int64_t AnalyticExecutor::accessCycles(int buffer, int64_t bytes, bool read) const {
    if (bytes <= 0) return 0;
    const SramParams& p = buffers_[size_t(buffer)];
    const int64_t words = p.width_bits <= 0 ? 0 : (bytes * 8 + p.bitsPerCycle() - 1) / p.bitsPerCycle();
    return (read ? p.read_latency_cycles : p.write_latency_cycles) + words;
}

sc_time AnalyticExecutor::load(TileLoad& l, int buffer, uint64_t, const sc_time& at) {
    // The DMA's load channel serves its transfers in order: the data crosses
    // the memory path, then is written into the buffer.
    const sc_time start = std::max(at, loadFree_);
    const int64_t bytes = int64_t(l.segments.totalBytes());
    const sc_time arrived = memory_.read(l.segments, start);
    const sc_time end = arrived + cycles(accessCycles(buffer, bytes, false), clock_);
    bufferWriteBytes[size_t(buffer)] += bytes;
    loadFree_ = end;
    return end;
}

sc_time AnalyticExecutor::store(Operand, const SegmentList& segments, uint64_t, const sc_time& at) {
    // The store channel reads the tile from the ofmap buffer, then writes it to DRAM.
    const sc_time start = std::max(at, storeFree_);
    const int64_t bytes = int64_t(segments.totalBytes());
    const sc_time read = start + cycles(accessCycles(kOfmapBuffer, bytes, true), clock_);
    bufferReadBytes[kOfmapBuffer] += bytes;
    const sc_time end = memory_.write(segments, read);
    storeFree_ = end;
    return end;
}

sc_time AnalyticExecutor::compute(ComputeCommand& c, const sc_time& requested) {
    // A compute waits for background work of earlier commands (crossbar writes).
    const sc_time at = c.program_weights ? requested : std::max(requested, settledAt_);
    TileCost cost;
    if (c.op == ComputeCommand::Op::Vector) {
        cost = engine_.vectorCost(c);
    } else {
        cost = engine_.tileCost(*problem_, *space_, c, havePrev_ ? &prev_ : nullptr);
        if (!c.program_weights) {
            prev_ = c;
            havePrev_ = true;
        }
    }
    const int64_t ports = std::max({accessCycles(kIfmapBuffer, cost.ifmap_read_bytes, true),
                                    accessCycles(kWeightBuffer, cost.weight_read_bytes, true),
                                    accessCycles(kOfmapBuffer, cost.ofmap_read_bytes, true),
                                    accessCycles(kOfmapBuffer, cost.ofmap_write_bytes, false)});
    bufferReadBytes[kIfmapBuffer] += cost.ifmap_read_bytes;
    bufferReadBytes[kWeightBuffer] += cost.weight_read_bytes;
    bufferReadBytes[kOfmapBuffer] += cost.ofmap_read_bytes;
    bufferWriteBytes[kOfmapBuffer] += cost.ofmap_write_bytes;
    computeTotals.array_cycles += cost.array_cycles;
    computeTotals.energy_pj += cost.energy_pj;
    c.array_cycles = cost.array_cycles;
    c.cycles = std::max({cost.array_cycles, cost.bound_cycles, ports});
    busyCycles += c.cycles;
    const sc_time end = at + cycles(c.cycles, clock_);
    if (cost.settle_cycles > 0) {
        // Each unit of background work (a crossbar) does one job after the
        // other: the unit the previous command ended on continues from there.
        const sc_time settle = cycles(cost.settle_cycles, clock_);
        const sc_time own = end + settle;
        const sc_time shared = cost.settle_after_previous ? std::max(end, lastUnitSettled_) + settle : own;
        lastUnitSettled_ = cost.settle_within_one_unit ? shared : own;
        settledAt_ = std::max({settledAt_, own, shared});
    }
    return end;
}

}  // namespace hcm
