#include "engine_aware_estimator.hpp"

#include "analytic_executor.hpp"
#include "hw/common/time_units.hpp"
#include "hw/controller/layer_controller.hpp"
#include "hw/controller/network_layout.hpp"
#include "hw/controller/tile_scheduler.hpp"
#include "hw/controller/vector_step_source.hpp"
#include "memory_path.hpp"

namespace hcm {

using sc_core::sc_time;

EngineAwareEstimator::EngineAwareEstimator(const PlatformConfig& platform, const MemoryTiming& timing)
    : platform_(platform), timing_(timing), oracle_(std::make_unique<EngineOracle>(platform)) {}

EngineAwareEstimator::~EngineAwareEstimator() = default;

void ReplayedLayer::add(const ReplayedLayer& o) {
    cycles += o.cycles;
    compute_cycles += o.compute_cycles;
    stall_cycles += o.stall_cycles;
    steps += o.steps;
    dram_read_bytes += o.dram_read_bytes;
    dram_write_bytes += o.dram_write_bytes;
    for (int b = 0; b < kBufferRoles; ++b) {
        buffer_read_bytes[b] += o.buffer_read_bytes[b];
        buffer_write_bytes[b] += o.buffer_write_bytes[b];
    }
    compute_energy_pj += o.compute_energy_pj;
    buffer_energy_pj += o.buffer_energy_pj;
    interconnect_energy_pj += o.interconnect_energy_pj;
    dram_energy_pj += o.dram_energy_pj;
    leakage_energy_pj += o.leakage_energy_pj;
}

std::string EngineAwareEstimator::memoKey(const Layer& L, const LayerTensors& tensors,
                                          const std::string& chain) const {
    std::string k;
    auto add = [&](int64_t v) { k += std::to_string(v) + ","; };
    for (int64_t v : {int64_t(L.op), L.n, L.c, L.h, L.w, L.k, L.r, L.s, L.stride_h, L.stride_w, L.pad_top, L.pad_left,
                      L.pad_bottom, L.pad_right, L.dil_h, L.dil_w, L.groups, int64_t(L.ceil_mode), L.add_inputs,
                      L.side_elements, L.ops_per_element, int64_t(L.runtime_weights), int64_t(L.prec.wbits),
                      int64_t(L.prec.abits), int64_t(L.prec.obits), int64_t(L.prec.fp)})
        add(v);
    if (L.hasWeights()) {
        const FoldSpace s = oracle_->foldSpace(L);
        for (int64_t v : {int64_t(s.row_dim), int64_t(s.col_dim), int64_t(s.time_dim), s.row_unit, s.col_unit,
                          s.time_unit, s.steps_per_group, s.fr, s.fc, s.t, s.total_cycles_ideal,
                          int64_t(s.weights_preloaded), s.programmed_col_folds, s.block_program_cycles,
                          int64_t(s.acc_bits), s.placement_base})
            add(v);
    }
    for (const TensorRegion* t : {&tensors.ifmap, &tensors.weights, &tensors.ofmap, &tensors.residual, &tensors.side,
                                  &tensors.psums})
        add(int64_t(t->base));
    // The history: a 64-bit hash of the key before (the keys stay short).
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char ch : chain) h = (h ^ ch) * 1099511628211ULL;
    k += std::to_string(h);
    return k;
}

// The energy of a replayed layer, component by component as the simulation
// charges it: the platform's per-MAC and per-busy-cycle figures plus the
// engine's own (tile costs); every buffer byte; the link's bits; the DRAM's
// bursts, row activations, refresh and background over the layer's time
// (or its flat pJ per bit when the config gives one); leakage.
void EngineAwareEstimator::accountEnergy(ReplayedLayer& r, const Layer& L, const AnalyticExecutor& exec,
                                         const MemoryPath& memory, double durationPs) const {
    const EnergyConfig& en = platform_.energy;
    r.compute_energy_pj = double(L.macs()) * en.mac_pj + double(exec.busyCycles) * en.core_pj_per_cycle +
                          exec.computeTotals.energy_pj;
    const BufferSetConfig& bc = platform_.buffers;
    for (int b = 0; b < kBufferRoles; ++b) {
        const SramParams& p = bc.shared                               ? bc.unified
                              : b == bufferIndex(BufferRole::Ifmap)  ? bc.ifmap
                              : b == bufferIndex(BufferRole::Weight) ? bc.weight
                                                                     : bc.ofmap;
        r.buffer_energy_pj += 8.0 * (double(r.buffer_read_bytes[b]) * p.read_energy_pj_per_bit +
                                     double(r.buffer_write_bytes[b]) * p.write_energy_pj_per_bit);
    }
    r.interconnect_energy_pj = double(memory.linkBits()) * platform_.interconnect.energy_pj_per_bit;
    const DramParams& d = platform_.dram;
    if (en.dram_pj_per_bit > 0) {
        r.dram_energy_pj = 8.0 * double(r.dram_read_bytes + r.dram_write_bytes) * en.dram_pj_per_bit;
    } else {
        const double burst = double(d.org.burstBytes());
        const double ranks = double(d.org.channels * d.org.ranks);
        const double durationNs = durationPs / 1000.0;
        const double refreshNs = double(d.timing.tREFI) * d.timing.tCK_ns;
        // Open-page banks stay open from a rank's first access after a
        // refresh (which closes them) to the next refresh: with k transfers
        // a refresh interval, arriving at random, a rank is active k/(k+1)
        // of the time, in precharge standby the rest.
        // Without refresh nothing closes an open page: after the network's
        // first access its ranks stay active.
        const double k = durationNs > 0 ? double(memory.dramTransfers()) * refreshNs / durationNs : 0.0;
        const bool staysOpen = !d.refresh && d.page_policy == PagePolicy::Open;
        const double active = staysOpen ? 1.0 : k / (k + 1.0);
        const double refreshes = d.refresh ? ranks * durationNs / refreshNs : 0.0;
        r.dram_energy_pj = double(r.dram_read_bytes) / burst * d.energy.rd_pj +
                           double(r.dram_write_bytes) / burst * d.energy.wr_pj +
                           double(memory.dramRowOpens()) * d.energy.act_pj + refreshes * d.energy.ref_pj +
                           ranks * durationNs *  // mW x ns = pJ
                               (active * d.energy.background_mw + (1 - active) * d.energy.precharge_standby_mw);
    }
    r.leakage_energy_pj = en.leakage_mw * durationPs / 1000.0;
}

ReplayedNetwork EngineAwareEstimator::run(const Network& net, const std::vector<size_t>& only) {
    const ControllerParams& cp = oracle_->controller();
    const sc_time clock = cp.clock;
    oracle_->bindNetwork(net);
    const std::vector<LayerTensors> tensors = layoutNetworkTensors(net, cp.dram_capacity_bytes);

    const BufferSetConfig& bc = platform_.buffers;
    // By bufferIndex(BufferRole).
    const std::array<SramParams, kBufferRoles> buffers =
        bc.shared ? std::array<SramParams, kBufferRoles>{bc.unified, bc.unified, bc.unified}
                  : std::array<SramParams, kBufferRoles>{bc.ifmap, bc.weight, bc.ofmap};
    MemoryPath memory(timing_, platform_.interconnect, platform_.cache, clock, platform_.dram);
    AnalyticExecutor exec(oracle_->engine(), buffers, memory, clock);

    std::vector<size_t> layers = only;
    if (layers.empty())
        for (size_t i = 0; i < net.layers.size(); ++i) layers.push_back(i);

    ReplayedNetwork out;
    sc_time t = sc_core::SC_ZERO_TIME;
    const uint64_t clockPs = toPs(clock);
    const bool memoize = !platform_.cache.enabled;
    // Bounded: each entry keeps a snapshot of the memory path (a few KiB).
    if (memo_.size() > kMaxMemoEntries) memo_.clear();
    std::string chain;
    const Memo* resumeFrom = nullptr;  // the last repeated layer, whose state the next replay starts from
    for (size_t index : layers) {
        const Layer& L = net.layers[index];
        const std::string key = memoize ? memoKey(L, tensors[index], chain) : std::string();
        if (memoize) {
            const auto hit = memo_.find(key);
            if (hit != memo_.end()) {
                ReplayedLayer r = hit->second.layer;
                r.name = L.name;
                out.totals.add(r);
                out.layers.push_back(std::move(r));
                t = t + fromPs(hit->second.duration_ps);
                resumeFrom = &hit->second;
                chain = key;
                continue;
            }
        }
        if (resumeFrom) {
            memory = *resumeFrom->memory_after;
            exec.setTimelines(resumeFrom->timelines_after);
            resumeFrom = nullptr;
        }
        ReplayedLayer r;
        r.name = L.name;
        LayerRunStats stats;
        TileScheduler<AnalyticExecutor> scheduler(exec, cp.double_buffer, clock, L.name);
        memory.resetCounters();
        exec.bufferReadBytes = {};
        exec.bufferWriteBytes = {};
        sc_time end;
        try {
            if (L.hasWeights()) {
                const GemmLayerGeometry g = GemmLayerGeometry::of(L);
                const FoldSpace space = oracle_->foldSpace(L);
                const GemmProblem problem = gemmProblemOf(L);
                const TilePlan plan = oracle_->plan(L);
                r.tiling = plan.str(g.taps());
                LayerTensors lt = tensors[index];
                lt.psums.bits = plan.psum_bits;
                GemmStepSource steps(g, plan, space, lt);
                exec.beginLayer(&problem, &space);
                end = scheduler.run(steps, t, stats,
                                    bufferPlacement(cp, plan.ifmap_tile_bytes, plan.weight_tile_bytes,
                                                    plan.ofmap_tile_bytes));
            } else {
                const VectorPlan plan = planVectorTiles(L, cp.budget);
                r.tiling = plan.str();
                VectorStepSource steps(L, plan, tensors[index]);
                exec.beginLayer(nullptr, nullptr);
                end = scheduler.run(steps, t, stats,
                                    bufferPlacement(cp, plan.ifmap_tile_bytes, plan.residual_tile_bytes,
                                                    plan.ofmap_tile_bytes));
            }
        } catch (const DesignError& e) {
            throwLayerDesignError(L, e);
        }
        r.cycles = int64_t((toPs(end) - toPs(t) + clockPs / 2) / clockPs);
        r.compute_cycles = int64_t(stats.compute_ps / clockPs);
        r.stall_cycles = r.cycles - r.compute_cycles;
        r.steps = stats.steps;
        r.dram_read_bytes = int64_t(memory.dramReadBytes());
        r.dram_write_bytes = int64_t(memory.dramWriteBytes());
        for (int b = 0; b < kBufferRoles; ++b) {
            r.buffer_read_bytes[b] = exec.bufferReadBytes[size_t(b)];
            r.buffer_write_bytes[b] = exec.bufferWriteBytes[size_t(b)];
        }
        accountEnergy(r, L, exec, memory, double(toPs(end) - toPs(t)));
        out.totals.add(r);
        if (memoize) {
            memo_[key] = Memo{r, toPs(end) - toPs(t), std::make_shared<const MemoryPath>(memory), exec.timelines()};
            chain = key;
        }
        out.layers.push_back(std::move(r));
        t = end;
    }
    return out;
}

}  // namespace hcm
