#include "systolic_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "workloads/layer.hpp"

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Operands per PE word: only narrower-than-native operands share a word.
int64_t packFactor(const SystolicArrayParams& p, int bits) {
    return (p.pack && bits <= p.mac_bits) ? p.mac_bits / bits : 1;
}

// The three GEMM dimensions, each with its packing (lanes per PE operand).
enum class Axis { Reduction, Pixels, Filters };

struct Axes {
    Axis row, col, time;
};

Axes axesOf(Dataflow df) {
    switch (df) {
        case Dataflow::WS: return {Axis::Reduction, Axis::Filters, Axis::Pixels};
        case Dataflow::OS: return {Axis::Pixels, Axis::Filters, Axis::Reduction};
        case Dataflow::IS: return {Axis::Reduction, Axis::Pixels, Axis::Filters};
    }
    return {Axis::Reduction, Axis::Filters, Axis::Pixels};
}

// Real items (reduction indices, pixels or filters) in `count` consecutive
// packed groups starting at group g0: the last group may be partly empty.
int64_t itemsIn(const SystolicMapping& m, Axis axis, int64_t g0, int64_t count) {
    int64_t total = m.gemm.k, lanes = 1;
    if (axis == Axis::Pixels) total = m.gemm.m, lanes = m.pa;
    if (axis == Axis::Filters) total = m.gemm.n, lanes = m.pw;
    return std::min(total, (g0 + count) * lanes) - std::min(total, g0 * lanes);
}

void requirePositive(int64_t v, const char* what) {
    if (v < 1) throw std::invalid_argument(std::string("systolic mapping: ") + what + " must be >= 1");
}

}  // namespace

GemmShape gemmOf(const Layer& L) {
    if (!L.hasWeights())
        throw std::invalid_argument("gemmOf: layer '" + L.name + "' (" + toString(L.op) + ") has no GEMM");
    // fc: p() = h and q() = w (1 unless given), so m = batch rows as in Layer::macs().
    return GemmShape{L.n * L.p() * L.q(), L.reductionSize(), L.k / L.groups};
}

int64_t SystolicMapping::rowsUsed(int64_t fi) const { return std::min(rows, sr - fi * rows); }
int64_t SystolicMapping::colsUsed(int64_t fj) const { return std::min(cols, sc - fj * cols); }

SystolicMapping mapGemm(const SystolicArrayParams& p, const GemmShape& g, int abits, int wbits) {
    requirePositive(p.rows, "rows");
    requirePositive(p.cols, "cols");
    requirePositive(p.mac_bits, "mac_bits");
    requirePositive(g.m, "m");
    requirePositive(g.k, "k");
    requirePositive(g.n, "n");
    requirePositive(abits, "activation bits");
    requirePositive(wbits, "weight bits");

    SystolicMapping m;
    m.dataflow = p.dataflow;
    m.rows = p.rows;
    m.cols = p.cols;
    m.gemm = g;
    m.pa = packFactor(p, abits);
    m.pw = packFactor(p, wbits);
    m.passes = ceilDiv(abits, p.mac_bits) * ceilDiv(wbits, p.mac_bits);

    const int64_t pixelGroups = ceilDiv(g.m, m.pa);
    const int64_t filterGroups = ceilDiv(g.n, m.pw);
    switch (p.dataflow) {
        case Dataflow::WS: m.sr = g.k, m.sc = filterGroups, m.t = pixelGroups * m.passes; break;
        case Dataflow::OS: m.sr = pixelGroups, m.sc = filterGroups, m.t = g.k * m.passes; break;
        case Dataflow::IS: m.sr = g.k, m.sc = pixelGroups, m.t = filterGroups * m.passes; break;
    }
    m.fr = ceilDiv(m.sr, m.rows);
    m.fc = ceilDiv(m.sc, m.cols);
    // os: operands enter skewed and the last MAC happens Ra+Ca-2 cycles after
    // the last injection. ws/is: Ra cycles shifting the stationary operand in,
    // then skewed streaming and psums travelling down Ra rows.
    m.fold_cycles = p.dataflow == Dataflow::OS ? m.t + m.rows + m.cols - 2 : 2 * m.rows + m.cols + m.t - 2;
    m.total_cycles = m.fr * m.fc * m.fold_cycles;
    m.macs = g.m * g.k * g.n;
    m.peak_macs_per_cycle = double(m.rows * m.cols * m.pa * m.pw) / double(m.passes);
    m.utilization = double(m.macs) / (double(m.total_cycles) * m.peak_macs_per_cycle);
    return m;
}

SystolicMapping mapLayer(const SystolicArrayParams& params, const Layer& layer) {
    return mapGemm(params, gemmOf(layer), layer.prec.abits, layer.prec.wbits);
}

SystolicTraffic unitTraffic(const SystolicMapping& m, int64_t fi, int64_t fj, int64_t t0, int64_t t1,
                            bool segment_start) {
    SystolicTraffic tr;
    if (t0 >= t1) return tr;
    const Axes ax = axesOf(m.dataflow);
    const int64_t rowItems = itemsIn(m, ax.row, fi * m.rows, m.rowsUsed(fi));
    const int64_t colItems = itemsIn(m, ax.col, fj * m.cols, m.colsUsed(fj));
    // Groups of `passes` steps. An operand is fetched on its group's first
    // pass; a new segment starting inside a group must fetch it again.
    const int64_t firstFetched = segment_start ? t0 / m.passes : ceilDiv(t0, m.passes);
    const int64_t fetched = itemsIn(m, ax.time, firstFetched, ceilDiv(t1, m.passes) - firstFetched);
    // A group's result is complete on its last pass.
    const int64_t finished = itemsIn(m, ax.time, t0 / m.passes, t1 / m.passes - t0 / m.passes);

    if (m.dataflow == Dataflow::OS) {
        tr.ifmap_reads = rowItems * fetched;
        tr.filter_reads = colItems * fetched;
        if (t1 == m.t) tr.ofmap_writes = rowItems * colItems;
        if (segment_start && t0 > 0) {  // accumulators lost when the fold was left
            tr.psum_reads = rowItems * colItems;
            tr.ofmap_writes += rowItems * colItems;
        }
        return tr;
    }
    const int64_t stationary = segment_start ? rowItems * colItems : 0;
    const int64_t streamed = rowItems * fetched;
    int64_t& stationaryReads = m.dataflow == Dataflow::WS ? tr.filter_reads : tr.ifmap_reads;
    int64_t& streamedReads = m.dataflow == Dataflow::WS ? tr.ifmap_reads : tr.filter_reads;
    stationaryReads = stationary;
    streamedReads = streamed;
    tr.ofmap_writes = colItems * finished;
    if (fi > 0) tr.psum_reads = tr.ofmap_writes;
    return tr;
}

int64_t SystolicTimer::run(int64_t fi, int64_t fj, int64_t t0, int64_t t1, SystolicTraffic* traffic) {
    if (fi < 0 || fi >= m_.fr || fj < 0 || fj >= m_.fc || t0 < 0 || t0 > t1 || t1 > m_.t)
        throw std::out_of_range("SystolicTimer::run: fold (" + std::to_string(fi) + ", " + std::to_string(fj) +
                                ") steps [" + std::to_string(t0) + ", " + std::to_string(t1) +
                                ") outside the mapping");
    if (t0 == t1) {
        if (traffic) *traffic = SystolicTraffic{};
        return 0;
    }
    const bool continues = fi == last_fi_ && fj == last_fj_ && t0 == last_t1_;
    last_fi_ = fi;
    last_fj_ = fj;
    last_t1_ = t1;
    int64_t cycles = t1 - t0;
    if (!continues) {
        cycles += m_.overheadCycles();
        ++segments_;
    }
    cycles_ += cycles;
    if (traffic) *traffic = unitTraffic(m_, fi, fj, t0, t1, !continues);
    return cycles;
}

void SystolicTimer::reset() {
    last_fi_ = last_fj_ = last_t1_ = -1;
    cycles_ = segments_ = 0;
}

}  // namespace hcm
