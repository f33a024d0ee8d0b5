#include "calibration.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "hw/controller/vector_step_source.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/metric/l2_reuse.hpp"
#include "sim/platform/controller_params.hpp"
#include "sim/common/yaml_reader.hpp"

namespace hcm {

const char* toString(LayerClass c) {
    switch (c) {
        case LayerClass::Conv: return "conv";
        case LayerClass::Pointwise: return "pointwise";
        case LayerClass::Strided: return "strided";
        case LayerClass::Depthwise: return "depthwise";
        case LayerClass::FC: return "fc";
        case LayerClass::Pool: return "pool";
        case LayerClass::Add: return "add";
    }
    return "?";
}

LayerClass classOf(const Layer& L) {
    if (L.op == LayerOp::Pool) return LayerClass::Pool;
    if (L.op == LayerOp::Add || L.op == LayerOp::Eltwise) return LayerClass::Add;
    if (L.op == LayerOp::FC) return LayerClass::FC;
    if (L.groups > 1) return LayerClass::Depthwise;
    if (L.stride_h > (L.r - 1) * L.dil_h + 1) return LayerClass::Strided;
    if (L.r == 1 && L.s == 1) return LayerClass::Pointwise;
    return LayerClass::Conv;
}

LayerFeatures layerFeatures(const PlatformConfig& p, const Layer& L, const EngineOracle& oracle) {
    LayerFeatures f;
    f.cls = classOf(L);
    f.uncalibrated = estimateLayer(p, L);
    f.compute_cycles = double(oracle.idealCycles(L));
    f.bytes_per_cycle = memoryBitsPerSecond(p) / 8.0 / p.clockHz();
    // DRAM shares one data bus between reads and writes; the interconnect
    // has a channel of its width in each direction.
    f.dram_bytes_per_cycle = p.dram.peakBytesPerSecond() / p.clockHz();
    f.link_bytes_per_cycle = double(p.interconnect.width_bits) / 8.0;
    f.write_bytes = double(L.outputBits()) / 8.0;
    // With a write-back L2 behind the interconnect, part of the activation
    // traffic crosses the link but not the DRAM; how much depends on the layers
    // before (l2ResidentBytes), so the caller sets cached_bytes.
    f.memory_cycles = double(f.uncalibrated.memory_cycles);
    f.model_bytes = double(f.uncalibrated.traffic.total_bits) / 8.0;
    // Contiguous DRAM runs: one per input channel plane, or one per input row
    // read when the stride skips rows; one per output channel plane.
    const int64_t window = (L.r - 1) * L.dil_h + 1;
    const int64_t rowsRead = (L.op != LayerOp::FC && L.stride_h > window) ? L.p() * window : 1;
    const int64_t inputs = (L.op == LayerOp::Add || L.op == LayerOp::Eltwise) ? L.add_inputs : 1;
    f.dma_runs = double(L.n * L.c * rowsRead * inputs + L.n * (L.hasWeights() ? L.k : L.c));
    if (L.isMemoryOnly()) {
        const int64_t ops = L.vectorOps();
        f.compute_cycles = double(ops) / double(std::max<int64_t>(1, oracle.vectorLanes()));
        const VectorPlan plan = planVectorTiles(L, oracle.controller().budget);
        f.tiles = double(L.n * ((L.c + plan.channels - 1) / plan.channels) * ((L.p() + plan.rows - 1) / plan.rows));
        f.fill_cycles = double(plan.ifmap_tile_bytes + plan.residual_tile_bytes) / f.bytes_per_cycle;
        f.store_cycles = double(plan.ofmap_tile_bytes) / f.bytes_per_cycle;
        // Whole channel planes are contiguous: one run per tensor per tile;
        // cut rows give every channel its own run.
        const int64_t rowBlocks = (L.p() + plan.rows - 1) / plan.rows;
        f.dma_runs = rowBlocks == 1 ? f.tiles * double(inputs + 1) : double(L.n * L.c * rowBlocks * (inputs + 1));
    } else {
        const TilePlan plan = oracle.plan(L);
        const double groups = double(L.groups);
        f.compute_cycles = oracle.plannedComputeCycles(L) * groups;
        f.tiles = double(plan.tiles()) * groups;
        f.fill_cycles = double(plan.ifmap_tile_bytes + plan.weight_tile_bytes) / f.bytes_per_cycle;
        f.store_cycles = double(packedBytes(plan.bm * plan.bn, L.prec.obits)) / f.bytes_per_cycle;
        // The controller's own traffic prediction replaces the HCM buffer
        // model; it already rounds every DRAM run to whole bursts.
        f.model_bytes = plan.predicted_dram_bytes * groups;
        f.dma_runs = 0;
        f.memory_cycles = f.model_bytes / f.bytes_per_cycle;
        // An engine whose own network limits its input rate (RRAM routers)
        // is busy at least that long on every tile.
        const FoldSpace space = oracle.foldSpace(L);
        if (space.input_bits_per_cycle > 0)
            f.engine_input_cycles = f.tiles * double(plan.ifmap_tile_bytes) * 8.0 / space.input_bits_per_cycle;
    }
    if (L.hasWeights()) {
        // The busiest buffer port, over the whole layer (all groups).
        const FoldSpace space = oracle.foldSpace(L);
        const int64_t groups = L.groups;
        const BufferSetConfig& b = p.buffers;
        const SramParams* bufs[3] = {b.shared ? &b.unified : &b.ifmap, b.shared ? &b.unified : &b.weight,
                                     b.shared ? &b.unified : &b.ofmap};
        for (int i = 0; i < 3; ++i) {
            const double perCycle = double(bufs[i]->bitsPerCycle()) / 8.0;
            if (perCycle > 0)
                f.buffer_cycles = std::max(f.buffer_cycles, double(space.buffer_bytes[i] * groups) / perCycle);
        }
    }
    f.ideal_bytes = double(f.uncalibrated.traffic.ideal_bits) / 8.0;
    f.macs = double(L.macs());
    return f;
}

std::array<double, kCycleTerms> ClassCalibration::cycleRow(const LayerFeatures& f) const {
    const double eta = std::max(1e-9, efficiency);
    // The memory time of the traffic on its bottleneck: DRAM for reads and
    // writes together, or one direction of the link.
    const double bytes = f.model_bytes + 64.0 * f.dma_runs;
    const double writes = std::min(bytes, f.write_bytes), reads = bytes - writes;
    const double dramBytes = std::max(0.0, bytes - f.cached_bytes);
    const double m = std::max({dramBytes / f.dram_bytes_per_cycle, reads / f.link_bytes_per_cycle,
                               writes / f.link_bytes_per_cycle}) / eta;
    const double c = std::max({f.compute_cycles, f.buffer_cycles, f.engine_input_cycles});
    // The double-buffered tile pipeline: the first tile's loads, then per tile
    // the slower of its DRAM traffic and its compute, then the last tile's
    // compute and store.
    const double tiles = std::max(1.0, f.tiles);
    const double perTileMemory = m / tiles, perTileCompute = c / tiles;
    const double pipeline = f.fill_cycles / eta + (tiles - 1.0) * std::max(perTileMemory, perTileCompute) +
                            perTileCompute + f.store_cycles / eta;
    return {pipeline, std::max(c, m), c, m, f.tiles, f.fill_cycles, 1.0};
}

std::array<double, kDramTerms> dramRow(const LayerFeatures& f) {
    return {std::max(0.0, f.model_bytes - f.cached_bytes), std::max(0.0, f.ideal_bytes - f.cached_bytes), 1.0};
}

std::array<double, kEnergyTerms> energyRow(const LayerFeatures& f, double cycles) {
    return {f.macs, f.compute_cycles, f.model_bytes * 8.0, cycles};
}

namespace {
template <size_t N>
double dot(const std::array<double, N>& a, const std::array<double, N>& b) {
    double s = 0;
    for (size_t i = 0; i < N; ++i) s += a[i] * b[i];
    return s;
}
}  // namespace

CalibratedLayer applyCalibration(const Calibration& cal, const LayerFeatures& f) {
    CalibratedLayer r;
    const auto it = cal.classes.find(f.cls);
    if (it == cal.classes.end() || !it->second.fitted) {
        r.cycles = double(f.uncalibrated.cycles);
        r.dram_bytes = f.model_bytes;
        r.energy_pj = f.uncalibrated.compute_energy_pj + f.uncalibrated.dram_energy_pj;
        return r;
    }
    const ClassCalibration& c = it->second;
    r.calibrated = true;
    r.cycles = dot(c.cycles, c.cycleRow(f));
    r.dram_bytes = dot(c.dram, dramRow(f));
    r.energy_pj = dot(c.energy, energyRow(f, r.cycles));
    return r;
}

CalibratedNetwork calibrateNetwork(const PlatformConfig& p, const Network& net, const Calibration& cal,
                                   const EngineOracle& oracle) {
    CalibratedNetwork out;
    out.layers.reserve(net.layers.size());
    out.totals.calibrated = true;
    const std::vector<double> cached = l2ResidentBytes(p, net);
    for (size_t i = 0; i < net.layers.size(); ++i) {
        LayerFeatures f = layerFeatures(p, net.layers[i], oracle);
        f.cached_bytes = cached[i];
        out.layers.push_back(applyCalibration(cal, f));
        const CalibratedLayer& c = out.layers.back();
        out.totals.cycles += c.cycles;
        out.totals.dram_bytes += c.dram_bytes;
        out.totals.energy_pj += c.energy_pj;
        out.totals.calibrated = out.totals.calibrated && c.calibrated;
    }
    return out;
}

CalibratedNetwork calibrateNetwork(const PlatformConfig& p, const Network& net, const Calibration& cal) {
    EngineOracle oracle(p);
    oracle.bindNetwork(net);
    return calibrateNetwork(p, net, cal, oracle);
}

// --- YAML ------------------------------------------------------------------

namespace {

const char* kCycleNames[kCycleTerms] = {"pipeline", "max", "compute", "memory", "tiles", "fill", "const"};
const char* kDramNames[kDramTerms] = {"model_bytes", "ideal_bytes", "const"};
const char* kEnergyNames[kEnergyTerms] = {"macs", "compute_cycles", "dram_bits", "cycles"};

std::string num(double v) {
    std::ostringstream s;
    s.precision(12);
    s << v;
    return s.str();
}

template <size_t N>
std::string row(const std::array<double, N>& v, const char* const* names) {
    std::string s = "{";
    for (size_t i = 0; i < N; ++i) s += std::string(i ? ", " : "") + names[i] + ": " + num(v[i]);
    return s + "}";
}

template <size_t N>
std::array<double, N> readRow(YamlMap& m, const std::string& key, const char* const* names) {
    std::array<double, N> v{};
    YamlMap r = m.getMap(key);
    for (size_t i = 0; i < N; ++i) v[i] = r.getDouble(names[i], 0.0, 0.0, 1e18);
    r.finish();
    return v;
}

std::vector<std::string> readList(YamlMap& m, const std::string& key) {
    std::vector<std::string> out;
    m.touch(key);
    const YAML::Node n = m.node()[key];
    if (n.IsDefined() && n.IsSequence())
        for (size_t i = 0; i < n.size(); ++i) out.push_back(n[i].Scalar());
    return out;
}

}  // namespace

void saveCalibration(const Calibration& cal, const std::string& path) {
    std::ostringstream os;
    os << "# hcmsim calibration of the fast estimator (written by hcmsim calibrate).\n"
       << "# cycles = max·max(E, M/eta) + min·min(E, M/eta) + compute·E + memory·M/eta + const\n"
       << "# dram bytes = model_bytes·T + ideal_bytes·I + const; energy pJ = macs·MACs + compute_cycles·E\n"
       << "#   + dram_bits·8T + cycles·cycles (see sim/metric/calibration.hpp)\n";
    os << "platform: " << cal.platform << "\nengine: " << cal.engine << "\n";
    auto list = [&](const std::vector<std::string>& v) {
        std::string s = "[";
        for (size_t i = 0; i < v.size(); ++i) s += (i ? ", " : "") + v[i];
        return s + "]";
    };
    os << "nets: " << list(cal.nets) << "\nquant_set: " << list(cal.quant_set) << "\nclasses:\n";
    for (const auto& [cls, c] : cal.classes) {
        if (!c.fitted) continue;
        os << "  " << toString(cls) << ":\n"
           << "    efficiency: " << num(c.efficiency) << "\n"
           << "    cycles: " << row(c.cycles, kCycleNames) << "\n"
           << "    dram_bytes: " << row(c.dram, kDramNames) << "\n"
           << "    energy_pj: " << row(c.energy, kEnergyNames) << "\n"
           << "    training_layers: " << c.training_layers << "\n"
           << "    training_mape_cycles_pct: " << num(c.training_mape_cycles) << "\n";
    }
    writeFileAtomic(path, os.str());
}

Calibration loadCalibration(const std::string& path) {
    auto doc = YamlDocument::loadFile(path);
    YamlMap root = YamlMap::root(doc);
    Calibration cal;
    cal.platform = root.getString("platform");
    cal.engine = root.getString("engine");
    cal.nets = readList(root, "nets");
    cal.quant_set = readList(root, "quant_set");
    YamlMap classes = root.getMap("classes");
    for (LayerClass cls : {LayerClass::Conv, LayerClass::Pointwise, LayerClass::Strided, LayerClass::Depthwise, LayerClass::FC,
                           LayerClass::Pool, LayerClass::Add}) {
        auto m = classes.getOptionalMap(toString(cls));
        if (!m) continue;
        ClassCalibration c;
        c.fitted = true;
        c.efficiency = m->getDouble("efficiency", 1e-6, 1e6);
        c.cycles = readRow<kCycleTerms>(*m, "cycles", kCycleNames);
        c.dram = readRow<kDramTerms>(*m, "dram_bytes", kDramNames);
        c.energy = readRow<kEnergyTerms>(*m, "energy_pj", kEnergyNames);
        c.training_layers = size_t(m->getInt("training_layers", 0, 0, int64_t(1) << 40));
        c.training_mape_cycles = m->getDouble("training_mape_cycles_pct", 0.0, 0.0, 1e9);
        m->finish();
        cal.classes[cls] = c;
    }
    classes.finish();
    root.finish();
    return cal;
}

}  // namespace hcm
