#include "gpu_sm_mapping.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "hw/common/buffer_role.hpp"
#include "hw/common/design_error.hpp"

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t packed(int64_t elements, int bits) { return (elements * bits + 7) / 8; }

// Tiles [b0, b1) of `unit` over `size` elements: how many are whole and how
// many elements the partial last one (if any, and if in range) holds.
struct EdgeSplit {
    int64_t whole = 0, partial = 0, partialSize = 0;
};

EdgeSplit split(int64_t size, int64_t unit, int64_t b0, int64_t b1) {
    EdgeSplit e;
    const int64_t tiles = ceilDiv(size, unit);
    const bool lastPartial = size % unit != 0;
    e.whole = b1 - b0;
    if (lastPartial && b1 == tiles && b1 > b0) {
        e.whole -= 1;
        e.partial = 1;
        e.partialSize = size - (tiles - 1) * unit;
    }
    return e;
}

// Sectors the SMs' L1 misses take from the L2 over the whole problem, for
// the tile choice only (before any tile is staged): activation repeats over
// the taps are taken to hit the L1.
double l2SectorsEstimate(const KernelConfig& k, const GemmProblem& prob, int64_t fr, int64_t fc) {
    const GlobalIteration a = globalIteration(k, prob, double(k.shape.bm), 0);
    const GlobalIteration b = globalIteration(k, prob, 0, double(k.shape.bn));
    const double taps = double(std::max<int64_t>(1, prob.taps));
    return double(fr * fc * k.iterations) * (a.sectors / taps + b.sectors);
}

}  // namespace

int64_t GpuSmMapping::pixelsIn(int64_t fi0, int64_t fi1) const {
    return std::min(problem.m, fi1 * kernel.shape.bm) - std::min(problem.m, fi0 * kernel.shape.bm);
}

int64_t GpuSmMapping::filtersIn(int64_t fj0, int64_t fj1) const {
    return std::min(problem.n, fj1 * kernel.shape.bn) - std::min(problem.n, fj0 * kernel.shape.bn);
}

FoldSpace GpuSmMapping::foldSpace() const {
    FoldSpace s;
    s.row_dim = GemmDim::M, s.row_unit = kernel.shape.bm;
    s.col_dim = GemmDim::N, s.col_unit = kernel.shape.bn;
    s.time_dim = GemmDim::K, s.time_unit = time_unit;
    s.steps_per_group = steps_per_unit;
    s.fr = fr, s.fc = fc;
    s.t = units * steps_per_unit;
    s.peak_macs_per_cycle = peak_macs_per_cycle;
    s.total_cycles_ideal = total_cycles;
    // The SMs run a tile's CTAs side by side: a tile of many CTAs is not
    // longer than one of few, so the planner should not prefer thin tiles.
    s.folds_in_parallel = true;
    // Every path accumulates in 32-bit registers (int32 for the integer and
    // popcount paths, fp32 for the FMA), whatever the operand widths.
    s.acc_bits = 32;
    // Shared-memory reads of the fragments and the outputs written, stall-free.
    const double perCta = double(kernel.iterations) * double(smem.fragment_a_wavefronts);
    const double perCtaB = double(kernel.iterations) * double(smem.fragment_b_wavefronts);
    s.buffer_bytes[bufferIndex(BufferRole::Ifmap)] = int64_t(double(ctas()) * perCta * 128.0);
    s.buffer_bytes[bufferIndex(BufferRole::Weight)] = int64_t(double(ctas()) * perCtaB * 128.0);
    s.buffer_bytes[bufferIndex(BufferRole::Ofmap)] = packed(problem.m * problem.n, problem.obits);
    return s;
}

GpuSmMapping mapGpuSm(const GpuSmParams& p, const GemmProblem& prob) {
    if (prob.m < 1 || prob.k < 1 || prob.n < 1) throw std::invalid_argument("gpu_sm mapping: m, k and n must be >= 1");
    const bool forced = p.tile_m > 0 || p.tile_n > 0;
    GpuSmMapping best;
    double bestTime = 0;
    bool found = false;
    std::string tried;
    for (const CtaShape& shape : ctaShapes()) {
        if (forced && (shape.bm != p.tile_m || shape.bn != p.tile_n)) continue;
        GpuSmMapping m;
        m.problem = prob;
        m.kernel = kernelFor(p, prob, shape);
        tried += (tried.empty() ? "" : ", ") + shape.str() + " (" + std::to_string(m.kernel.regs_per_thread) +
                 " registers/thread, " + std::to_string(m.kernel.smem_per_cta) + " B shared)";
        if (!m.kernel.fits()) continue;
        m.cost = iterationCost(p, m.kernel, prob);
        m.smem = smemIteration(p, m.kernel);
        m.fr = ceilDiv(prob.m, shape.bm);
        m.fc = ceilDiv(prob.n, shape.bn);
        const CtaWave w = runCtas(p, m.kernel, m.cost, m.smem, m.ctas(), double(m.kernel.iterations), SliceEnds{},
                                  prob.groups);
        m.total_cycles = std::max<int64_t>(1, w.cycles);
        double time = double(m.total_cycles);
        if (p.l2_bytes_per_cycle > 0)
            time = std::max(time, l2SectorsEstimate(m.kernel, prob, m.fr, m.fc) * 32.0 / p.l2_bytes_per_cycle);
        if (!found || time < bestTime) {
            found = true;
            bestTime = time;
            best = m;
        }
    }
    if (!found)
        throw DesignError(forced ? "CTA tile " + std::to_string(p.tile_m) + "x" + std::to_string(p.tile_n) +
                                              (tried.empty() ? " is not one of the kernel tiles"
                                                             : " does not fit an SM: " + tried)
                                        : "no CTA tile fits an SM: " + tried);
    best.peak_macs_per_cycle = gpuSmPeakMacsPerCycle(p, best.kernel.path);
    // Temporal units of whole channels, as few as keep a step >= 1 cycle.
    const int64_t taps = (prob.taps >= 1 && prob.k % prob.taps == 0) ? prob.taps : 1;
    const int64_t channels = prob.k / taps;
    int64_t perUnit = 1;
    while (perUnit < channels && double(best.total_cycles) < double(best.ctas() * ceilDiv(channels, perUnit)))
        perUnit *= 2;
    perUnit = std::min(perUnit, channels);
    best.time_unit = perUnit * taps;
    best.units = ceilDiv(prob.k, best.time_unit);
    best.steps_per_unit =
        std::max<int64_t>(1, std::llround(double(best.total_cycles) / double(best.ctas() * best.units)));
    return best;
}

GpuSmRun runGpuSm(const GpuSmParams& p, const GpuSmMapping& m, int64_t fi0, int64_t fi1, int64_t fj0, int64_t fj1,
                  int64_t t0, int64_t t1) {
    const int64_t tMax = m.units * m.steps_per_unit;
    if (fi0 < 0 || fi0 > fi1 || fi1 > m.fr || fj0 < 0 || fj0 > fj1 || fj1 > m.fc || t0 < 0 || t0 > t1 || t1 > tMax)
        throw std::out_of_range("gpu_sm run: CTAs [" + std::to_string(fi0) + ", " + std::to_string(fi1) + ") x [" +
                                std::to_string(fj0) + ", " + std::to_string(fj1) + ") steps [" + std::to_string(t0) +
                                ", " + std::to_string(t1) + ") outside the mapping");
    GpuSmRun r;
    const KernelConfig& k = m.kernel;
    // The slice of the reduction, and its share of the kernel's k-iterations.
    const int64_t e0 = std::min(m.problem.k, t0 / m.steps_per_unit * m.time_unit);
    const int64_t e1 = std::min(m.problem.k, ceilDiv(t1, m.steps_per_unit) * m.time_unit);
    const int64_t kReal = e1 - e0;
    r.ctas = (fi1 - fi0) * (fj1 - fj0);
    r.iterations = double(k.iterations) * double(kReal) / double(m.problem.k);
    if (r.ctas == 0 || kReal == 0) return r;
    r.epilogue = e1 == m.problem.k;
    r.wave = runCtas(p, k, m.cost, m.smem, r.ctas, r.iterations, SliceEnds{e0 == 0, r.epilogue}, m.problem.groups);

    const int64_t pixels = m.pixelsIn(fi0, fi1), filters = m.filtersIn(fj0, fj1);
    r.macs = double(pixels) * double(filters) * double(kReal);

    // Global loads, CTA by CTA class: whole and edge tiles in each dimension.
    const EdgeSplit rows = split(m.problem.m, k.shape.bm, fi0, fi1), cols = split(m.problem.n, k.shape.bn, fj0, fj1);
    const std::pair<double, double> rowKinds[2] = {{double(rows.whole), double(k.shape.bm)},
                                                   {double(rows.partial), double(rows.partialSize)}};
    const std::pair<double, double> colKinds[2] = {{double(cols.whole), double(k.shape.bn)},
                                                   {double(cols.partial), double(cols.partialSize)}};
    const double ctaCols = double(fj1 - fj0), ctaRows = double(fi1 - fi0), iters = r.iterations;
    for (const auto& [count, px] : rowKinds) {
        const GlobalIteration a = globalIteration(k, m.problem, px, 0);
        r.global_requests += count * ctaCols * iters * a.requests;
        r.a_sectors += count * ctaCols * iters * a.sectors;
    }
    for (const auto& [count, fl] : colKinds) {
        const GlobalIteration b = globalIteration(k, m.problem, 0, fl);
        r.global_requests += count * ctaRows * iters * b.requests;
        r.b_sectors += count * ctaRows * iters * b.sectors;
    }
    r.global_sectors = r.a_sectors + r.b_sectors;
    const double perCtaIteration = double(r.ctas) * iters * double(p.shared_mem_banks) * 4.0;
    r.fragment_a_bytes = perCtaIteration * double(m.smem.fragment_a_wavefronts);
    r.fragment_b_bytes = perCtaIteration * double(m.smem.fragment_b_wavefronts);
    if (r.epilogue) r.output_bytes = double(packed(pixels * filters, m.problem.obits));
    return r;
}

}  // namespace hcm
