#include "engine_oracle.hpp"

#include <cmath>

#include "hw/common/time_units.hpp"
#include "hw/controller/tile_plan.hpp"
#include "sim/platform/controller_params.hpp"
#include "sim/platform/engines/engine_factory.hpp"

namespace hcm {

GemmProblem gemmProblemOf(const Layer& L) {
    const GemmLayerGeometry g = GemmLayerGeometry::of(L);
    GemmProblem p;
    p.m = g.m();
    p.k = g.reduction();
    p.n = g.k;
    p.taps = g.r * g.s;
    p.abits = g.abits;
    p.wbits = g.wbits;
    p.obits = g.obits;
    p.acc_bits = g.acc_bits;
    p.fully_connected = L.op == LayerOp::FC;
    return p;
}

EngineOracle::EngineOracle(const PlatformConfig& platform) {
    setPicosecondResolution();
    // Several oracles in one process would repeat the engine's module name;
    // SystemC renames them, which is fine here.
    sc_core::sc_report_handler::set_actions(sc_core::SC_ID_INSTANCE_EXISTS_, sc_core::SC_DO_NOTHING);
    const sc_core::sc_time clock = fromPs(uint64_t(std::llround(1e6 / platform.clock_mhz)));
    engine_ = makeComputeEngine(platform, clock);
    controller_ = controllerParamsFor(platform, false, clock);
}

TilePlan EngineOracle::plan(const Layer& L) const {
    const GemmLayerGeometry g = GemmLayerGeometry::of(L);
    const auto key = std::make_tuple(g.n, g.c, g.h, g.w, g.k, g.r, g.s, g.stride_h, g.pad_top, g.abits, g.wbits,
                                     g.obits, g.dil_h);
    const auto it = plans_.find(key);
    if (it != plans_.end()) return it->second;
    const TilePlan p = planGemmTiles(g, foldSpace(L), controller_.budget, controller_.memory);
    plans_.emplace(key, p);
    return p;
}

EngineOracle::~EngineOracle() = default;

FoldSpace EngineOracle::foldSpace(const Layer& L) const {
    const GemmProblem p = gemmProblemOf(L);
    const auto key = std::make_tuple(p.m, p.k, p.n, p.abits, p.wbits, p.obits, p.fully_connected, p.taps);
    const auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    const FoldSpace s = engine_->foldSpace(p);
    cache_.emplace(key, s);
    return s;
}

int64_t EngineOracle::idealCycles(const Layer& L) const {
    if (!L.hasWeights()) return 0;
    const int64_t groups = L.op == LayerOp::Conv ? L.groups : 1;
    return foldSpace(L).total_cycles_ideal * groups;
}

}  // namespace hcm
