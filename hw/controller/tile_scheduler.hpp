#pragma once
// The tile scheduler of the layer controller: issues the loads, computes and
// stores of a layer's steps in simulated-time order under double buffering.
// Among the next load, compute and store whose dependencies are met, the
// earliest goes first, so the memory sees requests in the order hardware
// would issue them.
//
// It is a template over the executor that carries the operations out: the
// layer controller's executor sends them as TLM transactions to the DMA
// engine and the compute engine (the simulation); the engine-aware estimator's
// executor times them with the engines' tile costs and a characterization of
// the memory path (no SystemC). Both therefore run the very same schedule.
//
// An executor provides, with times as sc_core::sc_time:
//   sc_time now() const;                          the simulation's current time
//   void syncTo(const sc_time& t);                let simulated time catch up (temporal decoupling)
//   sc_time load(TileLoad&, int buffer, uint64_t base, const sc_time& at);   when the data is in
//   void release(int buffer, uint64_t base, uint64_t bytes, const sc_time& at);
//   sc_time store(Operand, const SegmentList&, uint64_t base, const sc_time& at);  when it is in DRAM
//   sc_time compute(ComputeCommand&, const sc_time& at);   fills cycles / array_cycles
//   void computed(const sc_time& start, const sc_time& end);  (tracing)
#include <systemc>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "hw/common/time_units.hpp"
#include "layer_run_stats.hpp"
#include "tile_step.hpp"

namespace hcm {

// Where a layer's operand tiles live in the buffers: per input slot the base
// and half size, and the ofmap buffer's base and half size.
struct BufferPlacement {
    uint64_t slotBase[kInputSlots] = {0, 0}, slotHalf[kInputSlots] = {0, 0};
    uint64_t ofmapBase = 0, ofmapHalf = 0;
};

template <class Exec>
class TileScheduler {
public:
    using sc_time = sc_core::sc_time;

    TileScheduler(Exec& exec, bool doubleBuffer, sc_time clock, std::string layer)
        : exec_(exec), halves_(doubleBuffer ? 2 : 1), clock_(clock), layer_(std::move(layer)) {}

    // Runs every step of `source` from `start`; returns the layer's end and
    // adds the time split to `stats`.
    sc_time run(StepSource& source, const sc_time& start, LayerRunStats& stats, const BufferPlacement& at);

private:
    struct Pending {
        TileStep step;
        int64_t index = 0;
        int half[kInputSlots] = {0, 0};
        int64_t prevUser[kInputSlots] = {-1, -1};  // last step using the half this step's load overwrites
        int64_t outTile = 0;
        sc_time loadsEnd;
        bool loaded = false;
    };
    struct StoreOp {
        int64_t outTile;
        Operand what;
        sc_time ready;
        SegmentList segments;
        uint64_t base, bytes;
    };

    Exec& exec_;
    int halves_;
    sc_time clock_;
    std::string layer_;
};

template <class Exec>
sc_core::sc_time TileScheduler<Exec>::run(StepSource& source, const sc_time& start, LayerRunStats& stats,
                                          const BufferPlacement& place) {
    const int halves = halves_;
    // Per input slot: the tile in each half, the last step using it, and when
    // the computes using it end.
    int64_t curTile[kInputSlots] = {-1, -1};
    int curHalf[kInputSlots] = {halves - 1, halves - 1};
    int64_t lastUser[kInputSlots][2] = {{-1, -1}, {-1, -1}};
    sc_time freeAt[kInputSlots][2];
    int64_t residentBytes[kInputSlots][2] = {{0, 0}, {0, 0}};
    std::vector<sc_time> storeEnd;  // by output tile

    std::deque<Pending> window;  // steps generated but not yet computed
    std::deque<StoreOp> stores;
    int64_t generated = 0, computed = 0, nextOutTile = 0;
    bool sourceDone = false;
    sc_time lastComputeEnd = start;
    bool anyCompute = false;
    sc_time layerEnd = start;

    auto generate = [&]() -> bool {
        if (sourceDone) return false;
        Pending p;
        if (!source.next(p.step)) {
            sourceDone = true;
            return false;
        }
        p.index = generated++;
        for (int s = 0; s < kInputSlots; ++s) {
            if (p.step.slotTile[s] < 0) continue;
            if (p.step.slotTile[s] != curTile[s]) {
                curTile[s] = p.step.slotTile[s];
                curHalf[s] = (curHalf[s] + 1) % halves;
                p.prevUser[s] = lastUser[s][curHalf[s]];
            }
            p.half[s] = curHalf[s];
            lastUser[s][curHalf[s]] = p.index;
        }
        p.outTile = nextOutTile;
        if (p.step.storeAfter) ++nextOutTile;
        if (p.step.loads.empty()) {  // operands already resident
            p.loaded = true;
            p.loadsEnd = start;
        }
        window.push_back(std::move(p));
        return true;
    };

    auto ofmapOccupant = [&](int64_t outTile) { return outTile - halves; };  // tile that used the same half before
    auto occupantStored = [&](int64_t outTile) {
        const int64_t occ = ofmapOccupant(outTile);
        return occ < 0 || occ < int64_t(storeEnd.size());
    };
    auto loadsReady = [&](const Pending& p) {
        for (int s = 0; s < kInputSlots; ++s)
            if (p.prevUser[s] >= computed) return false;
        for (const TileLoad& l : p.step.loads)
            if (l.slot == kPsumSlot && !occupantStored(p.outTile)) return false;
        return true;
    };
    auto loadEarliest = [&](const Pending& p) {
        sc_time t = start;
        for (const TileLoad& l : p.step.loads) {
            if (l.slot == kPsumSlot) {
                const int64_t occ = ofmapOccupant(p.outTile);
                if (occ >= 0) t = std::max(t, storeEnd[size_t(occ)]);
            } else {
                t = std::max(t, freeAt[l.slot][p.half[l.slot]]);
            }
        }
        return t;
    };
    auto computeReady = [&](const Pending& p) { return p.loaded && occupantStored(p.outTile); };

    while (true) {
        // Keep the window one step ahead of the compute for prefetching.
        while (int64_t(window.size()) < 2 && generate()) {
        }
        if (window.empty() && stores.empty()) break;

        // Candidates: the first step whose loads are not issued, the first
        // step to compute, the oldest pending store.
        Pending* loadCand = nullptr;
        for (auto& p : window)
            if (!p.loaded) {
                loadCand = &p;
                break;
            }
        enum class Kind { None, Store, Load, Compute } kind = Kind::None;
        sc_time best;
        if (!stores.empty()) {
            kind = Kind::Store;
            best = stores.front().ready;
        }
        if (loadCand && loadsReady(*loadCand)) {
            const sc_time t = loadEarliest(*loadCand);
            if (kind == Kind::None || t < best) kind = Kind::Load, best = t;
        }
        if (!window.empty() && computeReady(window.front())) {
            const Pending& p = window.front();
            sc_time t = std::max(lastComputeEnd, p.loadsEnd);
            const int64_t occ = ofmapOccupant(p.outTile);
            if (occ >= 0) t = std::max(t, storeEnd[size_t(occ)]);
            if (kind == Kind::None || t < best) kind = Kind::Compute, best = t;
        }
        if (kind == Kind::None) throw std::logic_error("tile scheduler deadlock in layer " + layer_);

        const sc_time now = exec_.now();
        if (best < now) {
            stats.late_ps += toPs(now - best);
            best = now;
        }
        exec_.syncTo(best);

        if (kind == Kind::Store) {
            StoreOp op = std::move(stores.front());
            stores.pop_front();
            const sc_time end = exec_.store(op.what, op.segments, op.base, op.ready);
            exec_.release(2, op.base, op.bytes, end);
            if (int64_t(storeEnd.size()) <= op.outTile) storeEnd.resize(size_t(op.outTile) + 1);
            storeEnd[size_t(op.outTile)] = end;
            layerEnd = std::max(layerEnd, end);
            stats.stores += 1;
        } else if (kind == Kind::Load) {
            Pending& p = *loadCand;
            sc_time end = best;
            for (TileLoad& l : p.step.loads) {
                if (l.slot == kPsumSlot) {
                    // Partial sums back into the output tile's half, which the
                    // previous occupant's store has released.
                    const uint64_t base = place.ofmapBase + uint64_t(p.outTile % halves) * place.ofmapHalf;
                    end = std::max(end, exec_.load(l, kPsumSlot, base, best));
                    stats.loads += 1;
                    continue;
                }
                const int h = p.half[l.slot];
                const uint64_t base = place.slotBase[l.slot] + uint64_t(h) * place.slotHalf[l.slot];
                if (residentBytes[l.slot][h] > 0) exec_.release(l.slot, base, uint64_t(residentBytes[l.slot][h]), best);
                end = std::max(end, exec_.load(l, l.slot, base, best));
                residentBytes[l.slot][h] = int64_t(l.segments.totalBytes());
                stats.loads += 1;
            }
            p.loadsEnd = end;
            p.loaded = true;
        } else {
            Pending p = std::move(window.front());
            window.pop_front();
            const sc_time ready = best;
            // Where the time before this compute went.
            const sc_time gapFrom = anyCompute ? lastComputeEnd : start;
            if (ready > gapFrom) {
                const uint64_t gap = toPs(ready - gapFrom);
                if (!anyCompute)
                    stats.stall_fill_ps += gap;
                else if (p.loadsEnd >= ready)
                    stats.stall_load_ps += gap;
                else
                    stats.stall_store_ps += gap;
            }
            ComputeCommand& c = p.step.compute;
            c.ifmap_base = place.slotBase[kIfmapSlot] + uint64_t(p.half[kIfmapSlot]) * place.slotHalf[kIfmapSlot];
            c.weight_base = place.slotBase[kWeightSlot] + uint64_t(p.half[kWeightSlot]) * place.slotHalf[kWeightSlot];
            c.ifmap_span = uint64_t(std::max<int64_t>(1, p.step.slotBytes[kIfmapSlot]));
            c.weight_span = uint64_t(std::max<int64_t>(1, p.step.slotBytes[kWeightSlot]));
            const int outHalf = int(p.outTile % halves);
            c.ofmap_base = place.ofmapBase + uint64_t(outHalf) * place.ofmapHalf;
            c.ofmap_span = uint64_t(std::max<int64_t>(1, p.step.outputBytes));
            const sc_time end = exec_.compute(c, ready);
            stats.compute_ps += uint64_t(c.array_cycles) * toPs(clock_);
            stats.stall_buffer_ps += uint64_t(c.cycles - c.array_cycles) * toPs(clock_);
            exec_.computed(ready, end);
            anyCompute = true;
            lastComputeEnd = end;
            layerEnd = std::max(layerEnd, end);
            for (int s = 0; s < kInputSlots; ++s)
                if (p.step.slotTile[s] >= 0) freeAt[s][p.half[s]] = std::max(freeAt[s][p.half[s]], end);
            ++computed;
            stats.steps += 1;
            if (p.step.storeAfter)
                stores.push_back({p.outTile, p.step.storeWhat, end, std::move(p.step.storeSegments), c.ofmap_base,
                                  uint64_t(std::max<int64_t>(1, p.step.outputBytes))});
        }
    }
    // Whatever is not compute, buffer stall, fill, load/store wait is drain.
    stats.stall_drain_ps = layerEnd > lastComputeEnd ? toPs(layerEnd - lastComputeEnd) : 0;
    return layerEnd;
}

}  // namespace hcm
