#include "rram_engine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "hw/common/payload_data.hpp"
#include "hw/common/time_units.hpp"
#include "tile_work.hpp"
#include "hw/common/design_error.hpp"
#include "hw/common/scoped_extension.hpp"

namespace hcm {

using sc_core::sc_time;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

SramParams edramParams(const RramParams& p) {
    SramParams s;
    s.name = "edram";
    s.capacity_bytes = p.edram_kib * 1024;
    s.banks = p.edram_banks;
    s.width_bits = std::max<int64_t>(1, p.edram_bus_bits / std::max<int64_t>(1, p.edram_banks));
    s.read_latency_cycles = s.write_latency_cycles = 1;
    s.read_energy_pj_per_bit = s.write_energy_pj_per_bit = rramEventEnergy(p, 0).edram_pj_per_bit;
    return s;
}

sc_time fromNs(double ns) { return fromPs(uint64_t(std::llround(ns * 1000.0))); }

}  // namespace

RramEngine::RramEngine(sc_core::sc_module_name name, const RramParams& params, sc_time clockPeriod)
    : ComputeEngine(name, clockPeriod), noc_port("noc_port"), p_(params) {
    RramNocParams np;
    np.tiles = p_.tiles;
    np.tiles_per_router = p_.tiles_per_router;
    np.width_bits = p_.router_width_bits;
    np.hop_latency_cycles = p_.router_latency_cycles;
    np.pj_per_bit_hop = rramEventEnergy(p_, 0).router_pj_per_bit_hop;
    noc_ = std::make_unique<RramNoc>("noc", np, clockPeriod);
    noc_port.bind(noc_->in);
    const SramParams edram = edramParams(p_);
    tiles_.reserve(size_t(p_.tiles));
    for (int64_t t = 0; t < p_.tiles; ++t) {
        tiles_.push_back(std::make_unique<RramTile>(("tile_" + std::to_string(t)).c_str(), edram, clockPeriod));
        noc_->to_tile[size_t(t)]->bind(tiles_.back()->in);
    }
    writes_.assign(size_t(p_.crossbars()), 0);
    inferenceWrites_.assign(size_t(p_.crossbars()), 0);
    writeFree_.assign(size_t(p_.crossbars()), sc_core::SC_ZERO_TIME);
    nocGp_.set_data_ptr(dummyPayloadData());
    nocGp_.set_byte_enable_ptr(nullptr);
    nocGp_.set_dmi_allowed(false);
    nocGp_.set_command(tlm::TLM_WRITE_COMMAND);
}

RramEngine::~RramEngine() = default;

FoldSpace RramEngine::spaceOf(const LayerPlacement& l) const {
    const CrossbarMapping& m = l.map;
    FoldSpace s;
    s.row_dim = GemmDim::K, s.row_unit = m.rows;
    s.col_dim = GemmDim::N, s.col_unit = m.filters_per_crossbar;
    s.time_dim = GemmDim::M, s.time_unit = l.copies;  // one pixel per copy per group
    s.steps_per_group = m.input_steps;
    s.fr = m.fr, s.fc = m.fc;
    s.t = ceilDiv(m.m, l.copies) * m.input_steps;
    const double cyclesPerNs = 1000.0 / double(toPs(clock()));
    s.peak_macs_per_cycle = chipPeakMacsPerNs(p_, problem_) / cyclesPerNs;
    s.total_cycles_ideal = s.t * std::max<int64_t>(1, std::llround(m.cycle_ns * cyclesPerNs));
    s.weights_preloaded = l.resident;
    s.programmed_col_folds = l.resident ? 0 : l.block_col_folds;
    s.folds_in_parallel = true;
    // Every tile holding a copy's crossbars receives that copy's share of the
    // unit's inputs through its own router port (sendToTiles): the copies'
    // ports work in parallel, each router_width_bits a cycle.
    s.input_bits_per_cycle = double(p_.router_width_bits) * double(l.copies);
    s.block_program_cycles =
        l.resident ? 0 : int64_t(std::llround(double(std::min(m.rows, m.k)) * p_.write_latency_ns * cyclesPerNs));
    s.placement_base = l.resident ? l.base : l.region_base;
    return s;
}

FoldSpace RramEngine::foldSpace(const GemmProblem& problem) const {
    const LayerPlacement l = placeAlone(p_, problem);
    if (!l.error.empty()) throw DesignError(l.error);
    FoldSpace s = spaceOf(l);
    s.peak_macs_per_cycle = chipPeakMacsPerNs(p_, problem) * double(toPs(clock())) / 1000.0;
    return s;
}

std::vector<FoldSpace> RramEngine::foldSpacesInNetwork(const std::vector<GemmProblem>& program) const {
    // The same placement Configure computes from the network: replication
    // and residency decided over all layers at once.
    const ProgramPlan plan = planProgram(p_, program);
    std::vector<FoldSpace> out;
    for (size_t i = 0; i < plan.layers.size(); ++i) {
        if (!plan.layers[i].error.empty()) throw DesignError(plan.layers[i].error);
        FoldSpace s = spaceOf(plan.layers[i]);
        s.peak_macs_per_cycle = chipPeakMacsPerNs(p_, program[i]) * double(toPs(clock())) / 1000.0;
        out.push_back(s);
    }
    return out;
}

EngineCounters RramEngine::counters() const {
    int64_t edramBytes = 0, imaBits = 0;
    double edramPj = 0;
    for (const auto& t : tiles_) {
        const SramStats& e = t->edram().stats();
        edramBytes += e.read_bytes + e.write_bytes;
        edramPj += e.energyPj();
        imaBits += t->stats().ima_input_bits;
    }
    const RramNocStats& n = noc_->stats();
    const double busPj = double(imaBits) * rramEventEnergy(p_, 0).ima_bus_pj_per_bit;
    const double total = ctr_[kAdcPj] + ctr_[kDacPj] + ctr_[kSampleHoldPj] + ctr_[kCrossbarPj] +
                         ctr_[kImaDigitalPj] + ctr_[kTileDigitalPj] + edramPj + busPj + n.energy_pj + ctr_[kProgramPj];
    return {{"rram_crossbars", ctr_[kCrossbars]},
            {"rram_copies", ctr_[kCopies]},
            {"rram_row_utilization", ctr_[kRowUtil]},
            {"rram_col_utilization", ctr_[kColUtil]},
            {"adc_bits_needed", ctr_[kAdcBitsNeeded]},
            {"mvm_latency_ns", ctr_[kMvmLatencyNs]},
            {"adc_conversions_per_mvm", ctr_[kConversionsPerMvm]},
            {"rram_mvms", ctr_[kMvms]},
            {"adc_conversions", ctr_[kAdcConversions]},
            {"crossbar_reads", ctr_[kCrossbarReads]},
            {"edram_bytes", double(edramBytes)},
            {"noc_bytes", double(n.in_bits + n.out_bits) / 8.0},
            {"adc_energy_pj", ctr_[kAdcPj]},
            {"dac_energy_pj", ctr_[kDacPj]},
            {"sample_hold_energy_pj", ctr_[kSampleHoldPj]},
            {"crossbar_energy_pj", ctr_[kCrossbarPj]},
            {"ima_digital_energy_pj", ctr_[kImaDigitalPj]},
            {"tile_digital_energy_pj", ctr_[kTileDigitalPj]},
            {"edram_energy_pj", edramPj},
            {"edram_bus_energy_pj", busPj},
            {"noc_energy_pj", n.energy_pj},
            {"program_weight_bytes", ctr_[kProgramBytes]},
            {"program_cell_writes", ctr_[kProgramCellWrites]},
            {"program_energy_pj", ctr_[kProgramPj]},
            {"program_stall_ns", ctr_[kProgramStallNs]},
            {"max_cell_writes", double(maxWrites_)},
            {"max_cell_writes_per_inference", double(maxInferenceWrites_)},
            {"preload_weight_bytes", ctr_[kPreloadBytes]},
            {"preload_cell_writes", ctr_[kPreloadCellWrites]},
            {"preload_energy_pj", ctr_[kPreloadPj]},
            {"preload_time_ns", ctr_[kPreloadNs]},
            {"engine_energy_pj", total}};
}

void RramEngine::configure(ComputeCommand& c) {
    problem_ = c.problem;
    size_t index = 0;
    if (c.program && c.program_index >= 0 && size_t(c.program_index) < c.program->size()) {
        if (!planned_ || c.program != programKey_) {
            plan_ = planProgram(p_, *c.program);
            programKey_ = c.program;
            planned_ = true;
            preloaded_.assign(plan_.layers.size(), false);
        }
        index = size_t(c.program_index);
    } else {
        // No network context: the layer on its own.
        plan_ = planProgram(p_, {problem_});
        programKey_ = nullptr;
        planned_ = false;
        preloaded_.assign(1, false);
    }
    cur_ = plan_.layers[index];
    if (!cur_.error.empty()) throw DesignError(cur_.error);
    perXbar_ = rramEventEnergy(p_, cur_.map.cycle_ns);
    // The chip's controller times a read in whole clock cycles (100 ns at 1.2 GHz: 120).
    readCycles_ = std::max<int64_t>(1, std::llround(cur_.map.cycle_ns * 1000.0 / double(toPs(clock()))));
    c.space = spaceOf(cur_);
    configured_ = true;
    blockGroup_ = -1;  // no block of this layer written yet

    const CrossbarMapping& m = cur_.map;
    ctr_[kCrossbars] += double(m.crossbars * cur_.groups);
    ctr_[kCopies] += double(cur_.copies);
    ctr_[kRowUtil] += m.row_utilization;
    ctr_[kColUtil] += m.col_utilization;
    ctr_[kAdcBitsNeeded] += m.adc_bits_needed;
    ctr_[kMvmLatencyNs] += m.mvm_ns;
    ctr_[kConversionsPerMvm] += double(m.conversions_per_mvm);
    ctr_[kMvms] += double(m.m * cur_.groups);  // one input vector per output pixel and group
    if (cur_.resident && !preloaded_[index]) {
        preload(index);
        preloaded_[index] = true;
    }
}

// `duringInference`: reprogramming (wears the cells every inference), not
// the one-time preload.
void RramEngine::countWrite(int64_t first, int64_t count, bool duringInference) {
    const int64_t chip = p_.crossbars();
    for (int64_t i = 0; i < count; ++i) {
        const size_t x = size_t((first + i) % chip);
        maxWrites_ = std::max(maxWrites_, ++writes_[x]);
        if (duringInference) maxInferenceWrites_ = std::max(maxInferenceWrites_, ++inferenceWrites_[x]);
    }
}

// Before the inference: the layer's weights (all groups and copies) written
// into its crossbars, all crossbars in parallel, row by row.
void RramEngine::preload(int64_t index) {
    const LayerPlacement& l = plan_.layers[size_t(index)];
    const CrossbarMapping& m = l.map;
    const double weights = double(m.k * m.n * l.groups);
    const double cells = weights * double(m.columns_per_weight * l.copies) +
                         double(m.offset_columns * std::min(m.rows, m.k) * l.crossbarsUsed());
    ctr_[kPreloadBytes] += std::ceil(weights * problem_.wbits / 8.0);
    ctr_[kPreloadCellWrites] += cells;
    ctr_[kPreloadPj] += cells * p_.write_energy_pj_per_cell;
    ctr_[kPreloadNs] += double(std::min(m.rows, m.k)) * p_.write_latency_ns;
    countWrite(l.base, l.crossbarsUsed(), false);
}

int64_t RramEngine::physical(int64_t group, int64_t copy, int64_t fj, int64_t fi) const {
    const CrossbarMapping& m = cur_.map;
    if (cur_.resident) return cur_.base + (group * cur_.copies + copy) * m.crossbars + fj * m.fr + fi;
    return inRegion(blockBase_ + copy * blockFolds_ * m.fr + (fj - blockFj0_) * m.fr + fi);
}

int64_t RramEngine::regionSize() const { return cur_.region_size > 0 ? cur_.region_size : p_.crossbars(); }

int64_t RramEngine::inRegion(int64_t offset) const {
    return (cur_.region_size > 0 ? cur_.region_base : 0) + offset % regionSize();
}

RramEngine::Activity RramEngine::activityOf(const CrossbarMapping& m, const RramEventEnergy& e, int64_t pixels,
                                            int64_t fi0, int64_t fi1, int64_t fj0, int64_t fj1) const {
    Activity a;
    const int64_t nfi = fi1 - fi0, nfj = fj1 - fj0;
    const double vectorSteps = double(pixels) * double(m.input_steps);
    a.conversions = vectorSteps * double(nfi) * double(m.columnsIn(fj0, fj1));
    a.reads = vectorSteps * double(nfi * nfj);
    const double rowReads = vectorSteps * double(nfj) * double(m.rowsIn(fi0, fi1));
    a.adc_pj = a.conversions * e.adc_conversion_pj * m.conversion_energy_scale;
    a.dac_pj = rowReads * e.dac_row_read_pj;
    a.sample_hold_pj = a.conversions * e.sample_hold_pj;
    a.crossbar_pj = a.reads * e.crossbar_read_pj;
    a.ima_digital_pj = a.reads / double(p_.crossbars_per_ima) * e.ima_digital_read_pj;
    a.tile_digital_pj = a.reads / double(p_.crossbarsPerTile()) * e.tile_digital_read_pj;
    return a;
}

TileCost RramEngine::tileCost(const GemmProblem& problem, const FoldSpace& space, const ComputeCommand& c,
                              const ComputeCommand*) const {
    const CrossbarMapping& m =
        placements_.get(problem, [&](const GemmProblem& p) { return placeAlone(p_, p); }).map;
    const int64_t cyclesPerStep = space.t > 0 ? std::max<int64_t>(1, space.total_cycles_ideal / space.t) : 1;
    const int64_t copies = std::max<int64_t>(1, space.time_unit);
    TileCost cost;
    if (c.program_weights) {
        cost.weight_read_bytes = packedBytes(c.weight_count, problem.wbits);
        cost.settle_cycles = space.block_program_cycles;  // the chunk's crossbars write their rows
        // A chunk whose first crossbar the chunk before it also fills (the
        // block's weights split inside a crossbar) waits for that write, as
        // program() serializes the two.
        const int64_t blockWeights = m.filtersIn(c.fj0, c.fj1) * m.k, crossbars = (c.fj1 - c.fj0) * m.fr;
        if (blockWeights > 0 && c.weight_count > 0) {
            const int64_t x0 = c.weight_first * crossbars / blockWeights;
            const int64_t x1 = std::min(crossbars - 1, (c.weight_first + c.weight_count - 1) * crossbars / blockWeights);
            cost.settle_after_previous =
                c.weight_first > 0 && (c.weight_first - 1) * crossbars / blockWeights == x0;
            cost.settle_within_one_unit = x0 == x1;
        }
        cost.energy_pj = double(c.weight_count) * double(m.columns_per_weight * copies) * p_.write_energy_pj_per_cell;
        return cost;
    }
    const int64_t steps = m.input_steps;
    const int64_t g0 = c.t0 / steps, g1 = ceilDiv(c.t1, steps);
    const int64_t fi0 = c.fi0, fi1 = std::min(c.fi1, m.fr), fj0 = c.fj0, fj1 = std::min(c.fj1, m.fc);
    int64_t pixels = std::min(m.m, g1 * copies) - g0 * copies;
    if (c.m1 > c.m0) pixels = std::min(pixels, c.m1 - c.m0);
    if (pixels <= 0 || fi1 <= fi0 || fj1 <= fj0) return cost;
    cost.array_cycles = (g1 - g0) * steps * cyclesPerStep;
    cost.ifmap_read_bytes = int64_t(c.ifmap_span);
    const int64_t outputs = pixels * m.filtersIn(fj0, fj1);
    if (fi0 > 0) cost.ofmap_read_bytes = packedBytes(outputs, problem.acc_bits);
    cost.ofmap_write_bytes = packedBytes(outputs, fi1 == m.fr ? problem.obits : problem.acc_bits);
    // The tiles through the NoC, with the folds laid out as a resident layer's:
    // where the network's placement put it when the space says so, else from
    // the first crossbar (which tiles, and how far from the I/O, then only
    // approximately as placed).
    const int64_t base = std::max<int64_t>(0, space.placement_base), chip = p_.crossbars();
    const auto works = tileWorks(m, copies, problem, c, g1 - g0, pixels, cyclesPerStep,
                                 [&](int64_t g, int64_t copy, int64_t fj, int64_t fi) {
                                     return (base + (g * copies + copy) * m.crossbars + fj * m.fr + fi) % chip;
                                 });
    for (const auto& [t, w] : works) cost.bound_cycles = std::max(cost.bound_cycles, tileWorkCycles(t, w));
    // Energy: the crossbars and converters (read cycle of this placement),
    // the tiles' eDRAM and IMA bus, the NoC.
    const RramEventEnergy e = rramEventEnergy(p_, double(cyclesPerStep) * double(toPs(clock())) / 1000.0);
    const Activity a = activityOf(m, e, pixels, fi0, fi1, fj0, fj1);
    cost.energy_pj = a.adc_pj + a.dac_pj + a.sample_hold_pj + a.crossbar_pj + a.ima_digital_pj + a.tile_digital_pj;
    for (const auto& [t, w] : works) {
        const int64_t routers = p_.routers(),
                      gridCols = std::max<int64_t>(1, int64_t(std::ceil(std::sqrt(double(routers)))));
        const int64_t router = t / std::max<int64_t>(1, p_.tiles_per_router);
        const double hops = double(1 + router % gridCols + router / gridCols);
        cost.energy_pj += double((w.input_bits + 7) / 8 * 8 + (w.ima_input_bits + 7) / 8 * 8) * e.edram_pj_per_bit +
                          double(w.ima_input_bits) * e.ima_bus_pj_per_bit +
                          double(w.input_bits + w.output_bits) * hops * e.router_pj_per_bit_hop;
    }
    return cost;
}

void RramEngine::run(ComputeCommand& c, const sc_time& start) {
    if (!configured_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    if (c.program_weights)
        program(c, start);
    else
        compute(c, start);
}

// One chunk of a block's weights: read from the weight buffer, written into
// every copy of the crossbars it belongs to. The compiler lays a block's
// weights out crossbar by crossbar (static weights are pre-tiled in the
// order they are consumed), so a chunk fills consecutive crossbars of the
// block. Crossbars write row by row (all columns of a row at once) and
// independently of each other; a crossbar filled by two chunks finishes one
// write before the next.
void RramEngine::program(ComputeCommand& c, const sc_time& start) {
    if (cur_.resident) throw std::logic_error(std::string(name()) + ": weights written to a resident layer");
    const CrossbarMapping& m = cur_.map;
    const int64_t bytes = packedBytes(c.weight_count, problem_.wbits);
    const sc_time in = access(weight, tlm::TLM_READ_COMMAND, c.weight_base, c.weight_span, bytes, start);
    if (c.group != blockGroup_ || c.fj0 != blockFj0_ || c.weight_first == 0) {
        // A new block: placed at the wear-levelling cursor of its region.
        blockGroup_ = c.group, blockFj0_ = c.fj0, blockFolds_ = c.fj1 - c.fj0;
        const int64_t size = blockFolds_ * m.fr * cur_.copies;
        blockBase_ = cursor_ % regionSize();
        cursor_ = (blockBase_ + size) % regionSize();
        for (int64_t i = 0; i < size; ++i) countWrite(inRegion(blockBase_ + i), 1, true);
        programmedAt_ = start;
    }
    // Crossbars (fold-major: column fold, then row fold) this chunk fills.
    const int64_t blockWeights = m.filtersIn(c.fj0, c.fj1) * m.k, crossbars = blockFolds_ * m.fr;
    const int64_t x0 = c.weight_first * crossbars / blockWeights;
    const int64_t x1 = std::min(crossbars - 1, (c.weight_first + c.weight_count - 1) * crossbars / blockWeights);
    for (int64_t copy = 0; copy < cur_.copies; ++copy)
        for (int64_t x = x0; x <= x1; ++x) {
            const int64_t fj = c.fj0 + x / m.fr, fi = x % m.fr;
            sc_time& free = writeFree_[size_t(physical(c.group, copy, fj, fi))];
            free = std::max(in, free) + fromNs(double(m.rowsUsed(fi)) * p_.write_latency_ns);
            programmedAt_ = std::max(programmedAt_, free);
        }
    const double cells = double(c.weight_count) * double(m.columns_per_weight * cur_.copies);
    ctr_[kProgramBytes] += double(bytes);
    ctr_[kProgramCellWrites] += cells;
    ctr_[kProgramPj] += cells * p_.write_energy_pj_per_cell;
    c.array_cycles = c.cycles = cyclesBetween(start, in);
}

void RramEngine::compute(ComputeCommand& c, const sc_time& start) {
    const CrossbarMapping& m = cur_.map;
    const int64_t steps = m.input_steps, copies = cur_.copies;
    const int64_t g0 = c.t0 / steps, g1 = ceilDiv(c.t1, steps);
    const int64_t fi0 = c.fi0, fi1 = std::min(c.fi1, m.fr), fj0 = c.fj0, fj1 = std::min(c.fj1, m.fc);
    int64_t pixels = std::min(m.m, g1 * copies) - g0 * copies;
    if (c.m1 > c.m0) pixels = std::min(pixels, c.m1 - c.m0);  // a tile smaller than its groups
    if (pixels <= 0 || fi1 <= fi0 || fj1 <= fj0) {
        c.cycles = c.array_cycles = 0;
        return;
    }
    sc_time begin = start;
    if (!cur_.resident && programmedAt_ > begin) {  // the block's crossbar writes
        ctr_[kProgramStallNs] += double(toPs(programmedAt_ - begin)) / 1000.0;
        begin = programmedAt_;
    }
    const int64_t groups = g1 - g0;
    const sc_time computed = begin + clock() * double(groups * steps * readCycles_);

    // Activity of the unit (exact; independent of how it is spread over tiles).
    const Activity act = activityOf(m, perXbar_, pixels, fi0, fi1, fj0, fj1);
    ctr_[kAdcConversions] += act.conversions;
    ctr_[kCrossbarReads] += act.reads;
    ctr_[kAdcPj] += act.adc_pj;
    ctr_[kDacPj] += act.dac_pj;
    ctr_[kSampleHoldPj] += act.sample_hold_pj;
    ctr_[kCrossbarPj] += act.crossbar_pj;
    ctr_[kImaDigitalPj] += act.ima_digital_pj;
    ctr_[kTileDigitalPj] += act.tile_digital_pj;

    // The unit's unique inputs from the I/O buffer, partial sums in and out.
    const sc_time a = access(ifmap, tlm::TLM_READ_COMMAND, c.ifmap_base, c.ifmap_span, int64_t(c.ifmap_span), begin);
    const int64_t outputs = pixels * m.filtersIn(fj0, fj1);
    const bool final = fi1 == m.fr;
    const sc_time r = fi0 > 0 ? access(ofmap, tlm::TLM_READ_COMMAND, c.ofmap_base, c.ofmap_span,
                                       packedBytes(outputs, problem_.acc_bits), begin)
                              : begin;
    const sc_time o = access(ofmap, tlm::TLM_WRITE_COMMAND, c.ofmap_base, c.ofmap_span,
                             packedBytes(outputs, final ? problem_.obits : problem_.acc_bits), begin);
    const sc_time tiles = sendToTiles(c, groups, pixels, begin);
    c.array_cycles = cyclesBetween(start, computed);
    c.cycles = std::max(c.array_cycles, cyclesBetween(start, std::max({a, r, o, tiles})));
}

// One TileWork per tile holding crossbars of the unit, through the NoC. Each
// copy works on its own share of the pixels; a tile receives, per copy, the
// inputs of the row folds its crossbars hold once (the eDRAM feeds all its
// IMAs, so column folds in one tile share inputs). IMA input and output bits
// are shared out by crossbar count. `at(group, copy, fj, fi)` is the
// physical crossbar of a fold.
template <class Physical>
std::vector<std::pair<int64_t, TileWork>> RramEngine::tileWorks(const CrossbarMapping& m, int64_t copies,
                                                                  const GemmProblem& problem, const ComputeCommand& c,
                                                                  int64_t groups, int64_t pixels, int64_t readCycles,
                                                                  Physical at) const {
    const int64_t chip = p_.crossbars(), perTile = p_.crossbarsPerTile();
    const int64_t fi0 = c.fi0, fi1 = std::min(c.fi1, m.fr), fj0 = c.fj0, fj1 = std::min(c.fj1, m.fc);
    const int64_t nfi = fi1 - fi0;
    const double active = double(copies * nfi * (fj1 - fj0));
    const double inputsPerFold = double(c.ifmap_span) * 8.0 / double(nfi * copies);
    const double imaBits = double(pixels) * double(problem.abits) * double(fj1 - fj0) * double(m.rowsIn(fi0, fi1));
    const double outBits = double(pixels * m.filtersIn(fj0, fj1)) * (fi1 == m.fr ? problem.obits : problem.acc_bits);

    const size_t tiles = size_t(p_.tiles);
    std::vector<double> xbars(tiles, 0.0), inputs(tiles, 0.0);
    std::vector<int64_t> cover(tiles, 0), coverCopy(tiles, -1);
    auto flush = [&](size_t t) { inputs[t] += inputsPerFold * double(std::min(cover[t], nfi)); };
    // A run of `len` neighbouring crossbars of copy `copy` from `first`; row
    // folds fi0..fi1 repeat along it (one per column fold).
    auto addRun = [&](int64_t copy, int64_t first, int64_t len) {
        for (int64_t idx = first % chip; len > 0;) {
            const size_t t = size_t(idx / perTile);
            const int64_t n = std::min(len, (int64_t(t) + 1) * perTile - idx);
            if (coverCopy[t] != copy) {
                if (coverCopy[t] >= 0) flush(t);
                coverCopy[t] = copy, cover[t] = 0;
            }
            xbars[t] += double(n);
            cover[t] += n;
            len -= n;
            idx = (idx + n) % chip;
        }
    };
    for (int64_t copy = 0; copy < copies; ++copy) {
        int64_t runStart = -1, runLen = 0;
        for (int64_t fj = fj0; fj < fj1; ++fj) {
            const int64_t s = at(c.group, copy, fj, fi0);
            if (runLen > 0 && (runStart + runLen) % chip == s) {
                runLen += nfi;
                continue;
            }
            if (runLen > 0) addRun(copy, runStart, runLen);
            runStart = s, runLen = nfi;
        }
        if (runLen > 0) addRun(copy, runStart, runLen);
    }
    for (size_t t = 0; t < tiles; ++t)
        if (coverCopy[t] >= 0) flush(t);

    std::vector<std::pair<int64_t, TileWork>> works;
    const uint64_t readPs = uint64_t(readCycles) * toPs(clock());
    for (int64_t t = 0; t < p_.tiles; ++t) {
        if (xbars[size_t(t)] <= 0) continue;
        const double share = xbars[size_t(t)] / active;
        TileWork w;
        w.crossbars = int64_t(xbars[size_t(t)]);
        w.vectors = groups;
        w.steps = m.input_steps;
        w.read_ps = readPs;
        w.input_bits = int64_t(std::llround(inputs[size_t(t)]));
        w.ima_input_bits = int64_t(std::llround(imaBits * share));
        w.output_bits = int64_t(std::llround(outBits * share));
        works.emplace_back(t, w);
    }
    return works;
}

sc_time RramEngine::sendToTiles(const ComputeCommand& c, int64_t groups, int64_t pixels, const sc_time& at) {
    const auto works = tileWorks(cur_.map, cur_.copies, problem_, c, groups, pixels, readCycles_,
                                 [&](int64_t g, int64_t copy, int64_t fj, int64_t fi) { return physical(g, copy, fj, fi); });
    sc_time end = at;
    for (auto [t, w] : works) {
        nocGp_.set_address(uint64_t(t));
        nocGp_.set_data_length(0);
        nocGp_.set_streaming_width(0);
        nocGp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time d = at - sc_core::sc_time_stamp();
        {
            ScopedExtension<TileWork> attach(nocGp_, &w);
            noc_port->b_transport(nocGp_, d);
        }
        if (nocGp_.is_response_error()) throw std::logic_error(std::string(name()) + ": NoC transaction failed");
        end = std::max(end, sc_core::sc_time_stamp() + d);
    }
    return end;
}

// The NoC and tile time of one TileWork on an idle network, as RramNoc and
// RramTile time it: the inputs reach the tile's router after its hops and
// stream over its port while the tile writes them into its eDRAM, feeds its
// IMAs and reads the crossbars; the outputs go back over the port.
int64_t RramEngine::tileWorkCycles(int64_t tile, const TileWork& w) const {
    const int64_t routers = p_.routers(), gridCols = std::max<int64_t>(1, int64_t(std::ceil(std::sqrt(double(routers)))));
    const int64_t router = tile / std::max<int64_t>(1, p_.tiles_per_router);
    const int64_t hop = (1 + router % gridCols + router / gridCols) * p_.router_latency_cycles;
    auto serialise = [&](int64_t bits) {
        return p_.router_width_bits > 0 ? (bits + p_.router_width_bits - 1) / p_.router_width_bits : 0;
    };
    const SramParams e = edramParams(p_);
    auto edram = [&](int64_t bits, bool read) {
        const int64_t bytes = (bits + 7) / 8;
        if (bytes <= 0) return int64_t(0);
        return (read ? e.read_latency_cycles : e.write_latency_cycles) + (bytes * 8 + e.bitsPerCycle() - 1) / e.bitsPerCycle();
    };
    const int64_t computeCycles = int64_t(double(w.vectors * w.steps) * double(w.read_ps) / double(toPs(clock())));
    const int64_t tileBusy = std::max({edram(w.input_bits, false), edram(w.ima_input_bits, true), computeCycles});
    const int64_t inEnd = serialise(w.input_bits);
    const int64_t out = serialise(w.output_bits);
    return hop + std::max(tileBusy, inEnd) + out + (w.output_bits > 0 ? hop : 0);
}

}  // namespace hcm
