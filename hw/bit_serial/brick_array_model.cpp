#include "brick_array_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

void requirePositive(int64_t v, const char* what) {
    if (v < 1) throw std::invalid_argument(std::string("brick array mapping: ") + what + " must be >= 1");
}

// Steps [0, s) of a fold, counted three ways.
struct StepCounts {
    int64_t pixel_taps = 0;  // (pixel, tap) operand fetches started, real pixels only
    int64_t taps = 0;        // (pixel group, tap) weight fetches started
    int64_t finished = 0;    // real pixels whose group has finished
};

StepCounts countBefore(const BrickMapping& m, int64_t s) {
    const int64_t g = s / m.steps_per_group, o = s % m.steps_per_group;
    StepCounts c;
    c.pixel_taps = m.pixelsIn(0, g) * m.taps;
    c.taps = g * m.taps;
    if (g < m.groups && o > 0) {
        const int64_t started = ceilDiv(o, m.shape.steps_per_tap);
        c.pixel_taps += started * m.pixelsIn(g, g + 1);
        c.taps += started;
    }
    c.finished = m.pixelsIn(0, g);
    return c;
}

}  // namespace

int64_t BrickMapping::channelsIn(int64_t fi0, int64_t fi1) const {
    return std::min(channels, fi1 * shape.channel_lanes) - std::min(channels, fi0 * shape.channel_lanes);
}
int64_t BrickMapping::filtersIn(int64_t fj0, int64_t fj1) const {
    return std::min(n, fj1 * shape.filter_lanes) - std::min(n, fj0 * shape.filter_lanes);
}
int64_t BrickMapping::pixelsIn(int64_t g0, int64_t g1) const {
    return std::min(m, g1 * shape.pixel_lanes) - std::min(m, g0 * shape.pixel_lanes);
}

FoldSpace BrickMapping::foldSpace() const {
    FoldSpace s;
    s.row_dim = GemmDim::K, s.row_unit = shape.channel_lanes * taps;
    s.col_dim = GemmDim::N, s.col_unit = shape.filter_lanes;
    s.time_dim = GemmDim::M, s.time_unit = shape.pixel_lanes;
    s.steps_per_group = steps_per_group;
    s.fr = fr, s.fc = fc, s.t = t;
    s.peak_macs_per_cycle = peak_macs_per_cycle;
    s.total_cycles_ideal = total_cycles;
    s.partial_row_folds = true;
    return s;
}

BrickMapping mapBricks(const BrickShape& shape, const GemmProblem& p) {
    requirePositive(shape.channel_lanes, "channel lanes");
    requirePositive(shape.filter_lanes, "filter lanes");
    requirePositive(shape.pixel_lanes, "pixel lanes");
    requirePositive(shape.steps_per_tap, "steps per tap");
    requirePositive(p.m, "m");
    requirePositive(p.k, "k");
    requirePositive(p.n, "n");
    BrickMapping m;
    m.shape = shape;
    m.m = p.m, m.n = p.n;
    // k = channels x taps; anything else (no tap information) is one tap per element.
    m.taps = (p.taps >= 1 && p.k % p.taps == 0) ? p.taps : 1;
    m.channels = p.k / m.taps;
    m.fr = ceilDiv(m.channels, shape.channel_lanes);
    m.fc = ceilDiv(m.n, shape.filter_lanes);
    m.groups = ceilDiv(m.m, shape.pixel_lanes);
    m.steps_per_group = m.taps * shape.steps_per_tap;
    m.t = m.groups * m.steps_per_group;
    m.total_cycles = m.fr * m.fc * m.t;
    m.peak_macs_per_cycle = double(m.lanes()) / double(shape.steps_per_tap);
    return m;
}

BrickRun brickRun(const BrickMapping& m, int64_t fi0, int64_t fi1, int64_t fj0, int64_t fj1, int64_t t0, int64_t t1,
                  int64_t e0, int64_t e1) {
    if (fi0 < 0 || fi0 > fi1 || fi1 > m.fr || fj0 < 0 || fj0 > fj1 || fj1 > m.fc || t0 < 0 || t0 > t1 || t1 > m.t)
        throw std::out_of_range("brickRun: folds [" + std::to_string(fi0) + ", " + std::to_string(fi1) + ") x [" +
                                std::to_string(fj0) + ", " + std::to_string(fj1) + ") steps [" + std::to_string(t0) +
                                ", " + std::to_string(t1) + ") outside the mapping");
    BrickRun r;
    const int64_t nfj = fj1 - fj0;
    r.cycles = (fi1 - fi0) * nfj * (t1 - t0);
    if (r.cycles == 0) return r;
    int64_t ch = m.channelsIn(fi0, fi1);
    bool first = fi0 == 0, last = fi1 == m.fr;
    if (e1 > e0) {  // a block of whole channels inside the folds
        const int64_t lo = std::max(fi0 * m.shape.channel_lanes, e0 / m.taps);
        const int64_t hi = std::min({fi1 * m.shape.channel_lanes, m.channels, ceilDiv(e1, m.taps)});
        ch = std::max<int64_t>(0, hi - lo);
        first = e0 == 0;
        last = e1 >= m.channels * m.taps;
    }
    const int64_t filters = m.filtersIn(fj0, fj1);
    const StepCounts a = countBefore(m, t0), b = countBefore(m, t1);
    const int64_t pixelTaps = b.pixel_taps - a.pixel_taps;
    r.macs = ch * filters * pixelTaps;
    r.lane_steps = r.macs * m.shape.steps_per_tap;
    r.ifmap_reads = ch * nfj * pixelTaps;
    r.weight_reads = ch * filters * (b.taps - a.taps);
    const int64_t outputs = filters * (b.finished - a.finished);
    (last ? r.final_writes : r.partial_writes) = outputs;
    if (!first) r.psum_reads = outputs;
    return r;
}

}  // namespace hcm
