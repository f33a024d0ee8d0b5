#include "gpu_sm_engine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace hcm {

using sc_core::sc_time;

GpuSmEngine::GpuSmEngine(sc_core::sc_module_name name, const GpuSmParams& params, sc_time clockPeriod)
    : ComputeEngine(name, clockPeriod), p_(params) {}

FoldSpace GpuSmEngine::foldSpace(const GemmProblem& problem) const { return mapGpuSm(p_, problem).foldSpace(); }

TileCost GpuSmEngine::tileCost(const GemmProblem& problem, const FoldSpace&, const ComputeCommand& c,
                               const ComputeCommand*) const {
    return tileOn(mappings_.get(problem, [&](const GemmProblem& p) { return mapGpuSm(p_, p); }), c).cost;
}

GpuSmEngine::Tile GpuSmEngine::tileOn(const GpuSmMapping& m, const ComputeCommand& c) const {
    Tile t;
    t.run = runGpuSm(p_, m, c.fi0, c.fi1, c.fj0, c.fj1, c.t0, c.t1);
    const GpuSmRun& r = t.run;
    if (r.ctas == 0 || r.iterations <= 0) return t;
    // L1: the activations this Run's CTAs read are the staged tile (its span);
    // each column of CTAs touches it once, the other reads of it are repeats.
    const double ctaRows = double(c.fi1 - c.fi0), ctaCols = double(c.fj1 - c.fj0);
    const double uniqueA = double(c.ifmap_span) * ctaCols;
    // What the resident CTAs keep live at once: their share of the tile for
    // one k-iteration (all of it when the slice is shorter than one).
    const double footprint =
        double(m.kernel.resident_ctas) * double(c.ifmap_span) / (ctaRows * std::max(1.0, r.iterations));
    t.l1 = l1Filter(r.a_sectors, r.b_sectors, uniqueA, footprint, double(p_.l1_bytes));
    t.cost.array_cycles = int64_t(std::llround(r.wave.cycles));
    t.cost.bound_cycles = p_.l2_bytes_per_cycle > 0
                              ? int64_t(std::ceil(t.l1.miss_sectors * 32.0 / p_.l2_bytes_per_cycle - 1e-9))
                              : 0;
    t.cost.ifmap_read_bytes = int64_t(std::llround(r.fragment_a_bytes));
    t.cost.weight_read_bytes = int64_t(std::llround(r.fragment_b_bytes));
    t.cost.ofmap_write_bytes = int64_t(std::llround(r.output_bytes));
    t.cost.energy_pj = r.wave.lane_ops * p_.lane_op_pj[size_t(m.kernel.path.op)] +
                       r.wave.warp_instructions * p_.warp_instruction_pj;
    return t;
}

void GpuSmEngine::configure(ComputeCommand& c) {
    map_.emplace(mapGpuSm(p_, c.problem));
    c.space = map_->foldSpace();
    for (LayerRatio& r : ratios_) r.beginLayer();
    const KernelConfig& k = map_->kernel;
    // Facts of the layer's kernel (constant over the layer).
    ratios_[kTheoretical].add(double(k.resident_ctas * k.warps) / double(p_.max_warps_per_sm), 1);
    ratios_[kResident].add(double(k.resident_ctas), 1);
    ratios_[kLimiter].add(double(int(k.limiter)), 1);
    ratios_[kRegisters].add(double(k.regs_per_thread), 1);
    ratios_[kSmem].add(double(k.smem_per_cta), 1);
    ratios_[kTileM].add(double(k.shape.bm), 1);
    ratios_[kTileN].add(double(k.shape.bn), 1);
    ratios_[kTileK].add(double(k.bk_elems), 1);
    ratios_[kPathBits].add(double(k.path.path_bits), 1);
    ratios_[kWidened].add(k.path.widened ? 1.0 : 0.0, 1);
}

void GpuSmEngine::run(ComputeCommand& c, const sc_time& start) {
    if (!map_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    const GpuSmMapping& m = *map_;
    const Tile t = tileOn(m, c);
    const GpuSmRun& r = t.run;
    const L1Result& l1 = t.l1;
    if (r.ctas == 0 || r.iterations <= 0) return;
    finishCommand(c, t.cost, start);

    if (r.epilogue) sums_[kCtas] += double(r.ctas);
    sums_[kWarpInstructions] += r.wave.warp_instructions;
    sums_[kLaneOps] += r.wave.lane_ops;
    sums_[kRequests] += r.global_requests;
    sums_[kSectors] += r.global_sectors;
    sums_[kL1Hits] += l1.hit_sectors;
    sums_[kL1Misses] += l1.miss_sectors;
    sums_[kWavefronts] += r.wave.smem_wavefronts;
    sums_[kConflicts] += r.wave.smem_conflicts;
    sums_[kEnergy] += t.cost.energy_pj;
    ratios_[kIssue].add(r.wave.warp_instructions, double(p_.sms * p_.subpartitions) * double(r.wave.cycles));
    ratios_[kAchieved].add(r.wave.warp_cycles, double(p_.max_warps_per_sm) * r.wave.active_sm_cycles);
    ratios_[kSectorsPerRequest].add(r.global_sectors, r.global_requests);
    ratios_[kL1HitRate].add(l1.hit_sectors, r.global_sectors);
}

EngineCounters GpuSmEngine::counters() const {
    auto ratio = [&](Ratio r) { return ratios_[size_t(r)].cumulative(); };
    return {{"issue_slot_utilization", ratio(kIssue)},
            {"achieved_occupancy", ratio(kAchieved)},
            {"theoretical_occupancy", ratio(kTheoretical)},
            {"resident_ctas_per_sm", ratio(kResident)},
            {"occupancy_limiter", ratio(kLimiter)},
            {"registers_per_thread", ratio(kRegisters)},
            {"smem_bytes_per_cta", ratio(kSmem)},
            {"cta_tile_m_pixels", ratio(kTileM)},
            {"cta_tile_n_filters", ratio(kTileN)},
            {"cta_tile_k_elems", ratio(kTileK)},
            {"datapath_bits", ratio(kPathBits)},
            {"datapath_widened", ratio(kWidened)},
            {"ctas", sums_[kCtas]},
            {"warp_instructions", sums_[kWarpInstructions]},
            {"math_lane_ops", sums_[kLaneOps]},
            {"global_load_requests", sums_[kRequests]},
            {"global_load_sectors", sums_[kSectors]},
            {"sectors_per_request", ratio(kSectorsPerRequest)},
            {"l1_hit_sectors", sums_[kL1Hits]},
            {"l1_miss_sectors", sums_[kL1Misses]},
            {"l1_hit_rate", ratio(kL1HitRate)},
            {"smem_wavefronts", sums_[kWavefronts]},
            {"smem_bank_conflicts", sums_[kConflicts]},
            {"engine_energy_pj", sums_[kEnergy]}};
}

}  // namespace hcm
