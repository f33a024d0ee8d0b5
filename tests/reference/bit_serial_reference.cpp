#include "bit_serial_reference.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

namespace hcm::ref {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

}  // namespace

int64_t slice(int64_t value, int bits, int width, int i) {
    const int slices = int(ceilDiv(bits, width));
    if (i == slices - 1) return value >> (i * width);  // arithmetic shift: sign-extends a signed top slice
    return (value >> (i * width)) & ((int64_t(1) << width) - 1);
}

int64_t stripesLane(int64_t a, int abits, int64_t w, int wbits, int bpc, int64_t& cycles) {
    (void)wbits;
    int64_t acc = 0;
    cycles = 0;
    for (int i = 0; i < int(ceilDiv(abits, bpc)); ++i) {  // one activation slice a cycle
        acc += slice(a, abits, bpc, i) * w * (int64_t(1) << (i * bpc));
        ++cycles;
    }
    return acc;
}

int64_t loomLane(int64_t a, int abits, int64_t w, int wbits, int bpc, int64_t& cycles) {
    int64_t acc = 0;
    cycles = 0;
    for (int i = 0; i < int(ceilDiv(abits, bpc)); ++i)
        for (int j = 0; j < int(ceilDiv(wbits, bpc)); ++j) {  // one pair of slices a cycle
            acc += slice(a, abits, bpc, i) * slice(w, wbits, bpc, j) * (int64_t(1) << ((i + j) * bpc));  // signed: no <<
            ++cycles;
        }
    return acc;
}

int64_t fusionUnitDot(const std::vector<int64_t>& a, int abits, const std::vector<int64_t>& w, int wbits, int brick,
                      int64_t& bricksUsed) {
    if (a.size() != w.size()) throw std::invalid_argument("fusionUnitDot: vector sizes differ");
    // A binary ±1 operand is a signed value of one brick.
    const int ab = std::max(abits, brick), wb = std::max(wbits, brick);
    int64_t sum = 0;
    bricksUsed = 0;
    for (size_t e = 0; e < a.size(); ++e) {
        int64_t product = 0;
        for (int i = 0; i < int(ceilDiv(ab, brick)); ++i)
            for (int j = 0; j < int(ceilDiv(wb, brick)); ++j) {  // one BitBrick each
                product += slice(a[e], ab, brick, i) * slice(w[e], wb, brick, j) * (int64_t(1) << ((i + j) * brick));
                ++bricksUsed;
            }
        sum += product;
    }
    return sum;
}

int64_t binaryPlaneDot(const std::vector<int64_t>& a, int abits, const std::vector<int64_t>& w, int wbits,
                       int64_t& passes) {
    if (a.size() != w.size()) throw std::invalid_argument("binaryPlaneDot: vector sizes differ");
    const int64_t k = int64_t(a.size());
    passes = 0;
    if (abits == 1 && wbits == 1) {  // bipolar: bit 1 = +1, 0 = -1; XNOR + popcount
        int64_t pop = 0;
        for (int64_t e = 0; e < k; ++e) pop += ((a[e] > 0) == (w[e] > 0)) ? 1 : 0;
        passes = 1;
        return 2 * pop - k;
    }
    int64_t sum = 0;
    for (int i = 0; i < abits; ++i)
        for (int j = 0; j < wbits; ++j) {  // one binary matrix pass: AND + popcount of two planes
            int64_t pop = 0;
            for (int64_t e = 0; e < k; ++e) pop += ((a[e] >> i) & 1) & ((w[e] >> j) & 1);
            const int64_t weight = int64_t(1) << (i + j);
            sum += (j == wbits - 1 ? -weight : weight) * pop;  // the weight's MSB plane is negative
            ++passes;
        }
    return sum;
}

ScheduleResult brickArraySchedule(int64_t m, int64_t channels, int64_t taps, int64_t n, int64_t cl, int64_t fl,
                                  int64_t pl, int64_t spt, const std::vector<RunCommand>& runs,
                                  const std::vector<int64_t>& ifmap, const std::vector<int64_t>& weight) {
    const int64_t k = channels * taps, spg = taps * spt, groups = ceilDiv(m, pl);
    const int64_t fr = ceilDiv(channels, cl);
    ScheduleResult res;
    res.out.assign(size_t(m * n), 0);
    std::vector<int64_t> psum(size_t(m * n), 0);  // partial sums in the output buffer
    std::vector<int64_t> acc(size_t(m * n), 0);   // the array's accumulators
    for (const RunCommand& r : runs) {
        for (int64_t fj = r.fj0; fj < r.fj1; ++fj) {
            const int64_t f0 = fj * fl, f1 = std::min(n, f0 + fl);
            for (int64_t g = r.t0 / spg; g < ceilDiv(r.t1, spg) && g < groups; ++g) {
                const int64_t p0 = g * pl, p1 = std::min(m, p0 + pl);
                const int64_t s0 = std::max(r.t0, g * spg), s1 = std::min(r.t1, (g + 1) * spg);
                for (int64_t fi = r.fi0; fi < r.fi1; ++fi) {
                    const int64_t c0 = fi * cl, c1 = std::min(channels, c0 + cl);
                    for (int64_t s = s0; s < s1; ++s) {
                        ++res.cycles;
                        if ((s % spg) % spt != 0) continue;  // serial steps of a tap already fetched
                        const int64_t tap = (s % spg) / spt;
                        res.ifmap_reads += (c1 - c0) * (p1 - p0);
                        res.weight_reads += (c1 - c0) * (f1 - f0);
                        for (int64_t p = p0; p < p1; ++p)
                            for (int64_t f = f0; f < f1; ++f)
                                for (int64_t c = c0; c < c1; ++c) {
                                    const int64_t kk = c * taps + tap;
                                    acc[size_t(p * n + f)] += ifmap[size_t(p * k + kk)] * weight[size_t(kk * n + f)];
                                    ++res.macs;
                                }
                    }
                }
                if ((g + 1) * spg > r.t1) continue;  // the group finishes in a later Run
                for (int64_t p = p0; p < p1; ++p)
                    for (int64_t f = f0; f < f1; ++f) {
                        int64_t& a = acc[size_t(p * n + f)];
                        if (r.fi0 > 0) {
                            a += psum[size_t(p * n + f)];
                            ++res.psum_reads;
                        }
                        if (r.fi1 == fr) {
                            res.out[size_t(p * n + f)] = a;
                            ++res.final_writes;
                        } else {
                            psum[size_t(p * n + f)] = a;
                            ++res.partial_writes;
                        }
                        a = 0;
                    }
            }
        }
    }
    return res;
}

ScheduleResult binaryMatrixSchedule(int64_t m, int64_t k, int64_t n, int64_t dm, int64_t dk, int64_t dn, int abits,
                                    int wbits, const std::vector<RunCommand>& runs, const std::vector<int64_t>& ifmap,
                                    const std::vector<int64_t>& weight) {
    const int64_t passes = int64_t(abits) * wbits, chunks = ceilDiv(k, dk), t = chunks * passes;
    ScheduleResult res;
    res.out.assign(size_t(m * n), 0);
    std::map<std::pair<int64_t, int64_t>, std::vector<int64_t>> saved;  // spilled accumulators per fold
    std::vector<int64_t> acc;
    int64_t lastFi = -1, lastFj = -1, lastT1 = -1;
    for (const RunCommand& r : runs) {
        for (int64_t fj = r.fj0; fj < r.fj1; ++fj)
            for (int64_t fi = r.fi0; fi < r.fi1; ++fi) {
                if (r.t0 == r.t1) continue;
                const int64_t m0 = fi * dm, m1 = std::min(m, m0 + dm), n0 = fj * dn, n1 = std::min(n, n0 + dn);
                const int64_t rows = m1 - m0, cols = n1 - n0;
                const bool continues = fi == lastFi && fj == lastFj && r.t0 == lastT1;
                if (!continues) {
                    if (lastFi >= 0) saved[{lastFi, lastFj}] = acc;  // the array leaves a fold
                    acc.assign(size_t(rows * cols), 0);
                    if (r.t0 > 0) {
                        acc = saved[{fi, fj}];
                        res.psum_reads += rows * cols;
                        res.partial_writes += rows * cols;  // the matching spill
                    }
                }
                for (int64_t s = r.t0; s < r.t1; ++s) {
                    ++res.cycles;
                    const int64_t chunk = s / passes, pass = s % passes;
                    const int ai = int(pass / wbits), wj = int(pass % wbits);
                    const int64_t e0 = chunk * dk, e1 = std::min(k, e0 + dk);
                    res.ifmap_reads += rows * (e1 - e0);
                    res.weight_reads += cols * (e1 - e0);
                    for (int64_t i = m0; i < m1; ++i)
                        for (int64_t j = n0; j < n1; ++j) {
                            int64_t pop = 0;
                            for (int64_t e = e0; e < e1; ++e) {
                                const int64_t a = ifmap[size_t(i * k + e)], w = weight[size_t(e * n + j)];
                                if (abits == 1 && wbits == 1)
                                    pop += ((a > 0) == (w > 0)) ? 2 : 0;  // XNOR, as 2·popcount
                                else
                                    pop += ((a >> ai) & 1) & ((w >> wj) & 1);
                            }
                            int64_t v;
                            if (abits == 1 && wbits == 1)
                                v = pop - (e1 - e0);
                            else
                                v = (wj == wbits - 1 ? -1 : 1) * (pop << (ai + wj));
                            acc[size_t((i - m0) * cols + (j - n0))] += v;
                        }
                }
                res.macs += rows * cols * (r.t1 - r.t0);  // binary passes x DPUs (not MACs)
                lastFi = fi, lastFj = fj, lastT1 = r.t1;
                if (r.t1 == t) {
                    for (int64_t i = m0; i < m1; ++i)
                        for (int64_t j = n0; j < n1; ++j) res.out[size_t(i * n + j)] = acc[size_t((i - m0) * cols + (j - n0))];
                    res.final_writes += rows * cols;
                }
            }
    }
    return res;
}

}  // namespace hcm::ref
