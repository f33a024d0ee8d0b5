#include "program_plan.hpp"

#include <algorithm>
#include <string>

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Cycle time of a group with `copies` copies: the copies fill the IMAs and
// share their ADCs (see mapOnCrossbars).
double cycleNs(const RramParams& p, const CrossbarMapping& m, int64_t copies) {
    const int64_t active1 = std::min<int64_t>(p.crossbars_per_ima, m.crossbars);
    const int64_t active = std::min<int64_t>(p.crossbars_per_ima, m.crossbars * copies);
    return std::max(p.read_latency_ns, m.adc_ns * double(active) / double(active1));
}

double timeNs(const RramParams& p, const CrossbarMapping& m, int64_t groups, int64_t copies) {
    return double(groups) * double(ceilDiv(m.m, copies)) * double(m.input_steps) * cycleNs(p, m, copies);
}

// The fewest copies that give the same pixel groups as `most` copies.
int64_t fewestCopiesLike(int64_t m, int64_t most) {
    const int64_t r = std::clamp<int64_t>(most, 1, m);
    return ceilDiv(m, ceilDiv(m, r));
}

int64_t copiesCap(const RramParams& p, int64_t m) { return p.max_copies > 0 ? std::min(m, p.max_copies) : m; }

// A layer written into the crossbars [base, base + size) when it runs.
LayerPlacement reprogrammed(const RramParams& p, const GemmProblem& g, int64_t base, int64_t size) {
    LayerPlacement l;
    l.map = mapOnCrossbars(p, g, 1);
    l.groups = std::max<int64_t>(1, g.groups);
    l.resident = false;
    l.region_base = base, l.region_size = size;
    const int64_t chip = size;
    if (l.map.fr > chip) {
        l.error = "one column fold needs " + std::to_string(l.map.fr) + " crossbars (reduction " +
                  std::to_string(g.k) + " over " + std::to_string(p.crossbar_rows) + "-row crossbars); " +
                  (size == p.crossbars() ? "the chip has " + std::to_string(chip)
                                         : std::to_string(chip) + " are free beside the resident layers");
        return l;
    }
    if (l.map.crossbars <= chip) {
        l.block_col_folds = l.map.fc;
        l.copies = p.replication == RramReplication::Balanced
                       ? fewestCopiesLike(g.m, std::min(copiesCap(p, g.m), chip / l.map.crossbars))
                       : 1;
    } else {
        l.block_col_folds = chip / l.map.fr;
        l.copies = 1;
    }
    l.map = mapOnCrossbars(p, g, l.copies);
    return l;
}

}  // namespace

double LayerPlacement::layerTimeNs() const {
    return double(groups) * double(ceilDiv(map.m, copies)) * double(map.input_steps) * map.cycle_ns;
}

ProgramPlan planProgram(const RramParams& p, const std::vector<GemmProblem>& problems) {
    ProgramPlan plan;
    plan.chip_crossbars = p.crossbars();
    plan.layers.reserve(problems.size());
    int64_t scratchMin = 0, scratchWanted = 0;  // for the runtime-operand layers
    for (const GemmProblem& g : problems) {
        LayerPlacement l;
        l.map = mapOnCrossbars(p, g, 1);
        l.groups = std::max<int64_t>(1, g.groups);
        if (g.runtime_weights) {
            scratchMin = std::max(scratchMin, l.map.fr);
            scratchWanted = std::max(scratchWanted, l.map.crossbars);
        } else {
            plan.crossbars_needed += l.crossbarsUsed();
        }
        plan.layers.push_back(l);
    }
    plan.fits = plan.crossbars_needed + scratchMin <= plan.chip_crossbars;
    if (!plan.fits) {
        for (size_t i = 0; i < problems.size(); ++i)
            plan.layers[i] = reprogrammed(p, problems[i], 0, plan.chip_crossbars);
        return plan;
    }
    plan.scratch_crossbars =
        scratchMin == 0 ? 0 : std::max(scratchMin, std::min(scratchWanted, plan.chip_crossbars - plan.crossbars_needed));

    if (p.replication == RramReplication::Balanced) {
        // Greedy: give the next copies to the layer whose next useful step
        // (the fewest copies that cut its pixel groups) saves the most time
        // per crossbar, while the spare crossbars last.
        int64_t spare = plan.chip_crossbars - plan.crossbars_needed - plan.scratch_crossbars;
        while (true) {
            int best = -1;
            double bestKey = 0;
            int64_t bestCopies = 0, bestCost = 0;
            for (size_t i = 0; i < plan.layers.size(); ++i) {
                if (problems[i].runtime_weights) continue;
                const LayerPlacement& l = plan.layers[i];
                const int64_t q = ceilDiv(l.map.m, l.copies);
                if (q <= 1) continue;
                const int64_t next = ceilDiv(l.map.m, q - 1);
                if (next > copiesCap(p, l.map.m)) continue;
                const int64_t cost = (next - l.copies) * l.map.crossbars * l.groups;
                if (cost > spare) continue;
                const double gain = timeNs(p, l.map, l.groups, l.copies) - timeNs(p, l.map, l.groups, next);
                const double key = gain / double(cost);
                if (gain > 0 && key > bestKey) best = int(i), bestKey = key, bestCopies = next, bestCost = cost;
            }
            if (best < 0) break;
            plan.layers[size_t(best)].copies = bestCopies;
            spare -= bestCost;
        }
    }
    int64_t base = 0;
    for (size_t i = 0; i < problems.size(); ++i) {
        if (problems[i].runtime_weights) continue;
        LayerPlacement& l = plan.layers[i];
        l.map = mapOnCrossbars(p, problems[i], l.copies);
        l.resident = true;
        l.base = base;
        l.block_col_folds = l.map.fc;
        base += l.crossbarsUsed();
    }
    plan.crossbars_used = base;
    for (size_t i = 0; i < problems.size(); ++i)
        if (problems[i].runtime_weights)
            plan.layers[i] = reprogrammed(p, problems[i], base, plan.chip_crossbars - base);
    return plan;
}

LayerPlacement placeAlone(const RramParams& p, const GemmProblem& g) { return planProgram(p, {g}).layers.front(); }

}  // namespace hcm
