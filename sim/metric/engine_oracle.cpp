#include "engine_oracle.hpp"

#include <algorithm>
#include <cmath>

#include "hw/common/time_units.hpp"
#include "hw/controller/gemm_step_source.hpp"
#include "hw/controller/tile_plan.hpp"
#include "sim/platform/controller_params.hpp"
#include "sim/platform/engines/engine_factory.hpp"

namespace hcm {

GemmProblem gemmProblemOf(const Layer& L) { return LayerController::gemmProblemOf(L); }

EngineOracle::EngineOracle(const PlatformConfig& platform) {
    setPicosecondResolution();
    // Several oracles in one process would repeat the engine's module name;
    // SystemC renames them, which is fine here.
    sc_core::sc_report_handler::set_actions(sc_core::SC_ID_INSTANCE_EXISTS_, sc_core::SC_DO_NOTHING);
    const sc_core::sc_time clock = fromPs(uint64_t(std::llround(1e6 / platform.clock_mhz)));
    engine_ = makeComputeEngine(platform, clock);
    controller_ = controllerParamsFor(platform, false, clock);
}

EngineOracle::PlanKey EngineOracle::planKey(const Layer& L, const FoldSpace& s) {
    // Everything the planner reads: the group's geometry and the fold space.
    const GemmLayerGeometry g = GemmLayerGeometry::of(L);
    return {g.n,        g.c,          g.h,        g.w,         g.k,         g.r,
            g.s,        g.p,          g.q,        g.stride_h,  g.pad_top,   g.dil_h,
            g.stride_w, g.pad_left,   g.dil_w,    g.groups,    g.abits,     g.wbits,
            g.obits,    g.acc_bits,   int64_t(s.row_dim),      int64_t(s.col_dim),
            int64_t(s.time_dim),      s.row_unit, s.col_unit,  s.time_unit, s.steps_per_group,
            s.fr,       s.fc,         s.t,        s.total_cycles_ideal,     int64_t(s.weights_preloaded),
            s.programmed_col_folds,   s.block_program_cycles,  int64_t(s.folds_in_parallel), s.acc_bits};
}

TilePlan EngineOracle::plan(const Layer& L) const {
    const GemmLayerGeometry g = GemmLayerGeometry::of(L);
    const FoldSpace space = foldSpace(L);
    const PlanKey key = planKey(L, space);
    const auto it = plans_.find(key);
    if (it != plans_.end()) return it->second;
    const TilePlan p = planGemmTiles(g, space, controller_.budget, controller_.memory);
    plans_.emplace(key, p);
    return p;
}

EngineOracle::~EngineOracle() = default;

void EngineOracle::bindNetwork(const Network& net) {
    bound_.clear();
    if (!engine_->layoutDependsOnNetwork()) return;  // every layer on its own (cached per shape)
    std::vector<GemmProblem> program;
    std::vector<const Layer*> layers;
    for (const auto& L : net.layers)
        if (L.hasWeights()) {
            program.push_back(gemmProblemOf(L));
            layers.push_back(&L);
        }
    // Throws DesignError when a layer cannot be placed; nothing is bound then.
    for (const GemmProblem& p : program) engine_->requireNumberFormat(p);
    const std::vector<FoldSpace> spaces = engine_->foldSpacesInNetwork(program);
    for (size_t i = 0; i < layers.size(); ++i) bound_[layers[i]->name] = spaces[i];
}

FoldSpace EngineOracle::foldSpace(const Layer& L) const {
    const auto b = bound_.find(L.name);
    if (b != bound_.end()) return b->second;
    const GemmProblem p = gemmProblemOf(L);
    const auto key = std::make_tuple(p.m, p.k, p.n, p.abits, p.wbits, p.obits, p.fully_connected, p.taps, p.groups, p.fp);
    const auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    engine_->requireNumberFormat(p);
    const FoldSpace s = engine_->foldSpace(p);
    cache_.emplace(key, s);
    return s;
}

int64_t EngineOracle::idealCycles(const Layer& L) const {
    if (!L.hasWeights()) return 0;
    const int64_t groups = L.groups;
    return foldSpace(L).total_cycles_ideal * groups;
}

double EngineOracle::plannedComputeCycles(const Layer& L) const {
    const GemmLayerGeometry g = GemmLayerGeometry::of(L);
    const FoldSpace space = foldSpace(L);
    const PlanKey key = planKey(L, space);
    const auto it = planned_.find(key);
    if (it != planned_.end()) return it->second;
    const TilePlan p = plan(L);
    const GemmProblem problem = gemmProblemOf(L);
    // The engine's own cost of every tile, in the controller's loop order
    // (a fold that goes on from the previous tile does not refill).
    double total = 0;
    ComputeCommand prev, cmd;
    bool first = true;
    for (int64_t mb = 0; mb < p.nm; ++mb)
        for (int64_t nb = 0; nb < p.nn; ++nb)
            for (int64_t kb = 0; kb < p.nk; ++kb) {
                const TileRanges r = tileRanges(g, p, space, mb, nb, kb);
                cmd.fi0 = r.fi0, cmd.fi1 = r.fi1, cmd.fj0 = r.fj0, cmd.fj1 = r.fj1, cmd.t0 = r.t0, cmd.t1 = r.t1;
                cmd.m0 = mb * p.bm, cmd.m1 = std::min(g.m(), cmd.m0 + p.bm);
                cmd.ifmap_span = uint64_t(p.ifmap_tile_bytes);
                total += double(engine_->tileCost(problem, space, cmd, first ? nullptr : &prev).array_cycles);
                prev = cmd;
                first = false;
            }
    planned_.emplace(key, total);
    return total;
}

}  // namespace hcm
