#include "bit_fusion_array.hpp"

namespace hcm {

BitFusionArray::BitFusionArray(sc_core::sc_module_name name, const BitFusionParams& params,
                               sc_core::sc_time clockPeriod)
    : BrickArrayEngine(name, clockPeriod, params.cols), params_(params) {}

BrickShape BitFusionArray::shapeFor(const GemmProblem& p) const {
    const FusionLaw law = fusionLaw(params_, p.abits, p.wbits);
    BrickShape s;
    s.channel_lanes = params_.rows * law.productsPerUnit();
    s.filter_lanes = params_.cols;
    s.pixel_lanes = 1;
    s.steps_per_tap = law.passes;
    return s;
}

void BitFusionArray::beginLayer(const GemmProblem& p, const BrickMapping&) {
    law_ = fusionLaw(params_, p.abits, p.wbits);
    fused_.beginLayer();
    utilization_.beginLayer();
    fused_.add(double(law_.productsPerUnit()), 1.0);
}

namespace {
// Each pass of a product keeps bricks_per_product bricks busy.
double bricksOf(const BrickRun& r, const FusionLaw& law) {
    return double(r.macs) * double(law.passes) * double(law.bricks_per_product);
}
}  // namespace

double BitFusionArray::runEnergyPj(const BrickRun& r, const GemmProblem& p) const {
    return bricksOf(r, fusionLaw(params_, p.abits, p.wbits)) * params_.brick_pj;
}

void BitFusionArray::accountRun(const BrickRun& r) {
    const double bricks = bricksOf(r, law_);
    const double brickCycles = double(r.cycles) * double(params_.rows * params_.cols * params_.bricksPerUnit());
    brickProducts_ += bricks;
    utilization_.add(bricks, brickCycles);
    energyPj_ += runEnergyPj(r, problem());
}

EngineCounters BitFusionArray::counters() const {
    return {{"fused_products_per_unit", fused_.cumulative()},
            {"brick_utilization", utilization_.cumulative()},
            {"brick_products", brickProducts_},
            {"engine_energy_pj", energyPj_}};
}

}  // namespace hcm
