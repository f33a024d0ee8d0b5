#include "binary_matrix_model.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

void requirePositive(int64_t v, const char* what) {
    if (v < 1) throw std::invalid_argument(std::string("binary matrix mapping: ") + what + " must be >= 1");
}

}  // namespace

int64_t BinaryMatrixMapping::rowsUsed(int64_t fi) const { return std::min(dm, m - fi * dm); }
int64_t BinaryMatrixMapping::colsUsed(int64_t fj) const { return std::min(dn, n - fj * dn); }

int64_t BinaryMatrixMapping::elementPasses(int64_t t0, int64_t t1) const {
    if (t1 <= t0) return 0;
    // Every chunk is Dk elements wide except the last; charge the steps that
    // fall in the last chunk its real width.
    const int64_t lastWidth = k - (chunks - 1) * dk;
    const int64_t lastStart = (chunks - 1) * passes;
    const int64_t inLast = std::max<int64_t>(0, t1 - std::max(t0, lastStart));
    return dk * (t1 - t0) - (dk - lastWidth) * inLast;
}

FoldSpace BinaryMatrixMapping::foldSpace() const {
    FoldSpace s;
    s.row_dim = GemmDim::M, s.row_unit = dm;
    s.col_dim = GemmDim::N, s.col_unit = dn;
    s.time_dim = GemmDim::K, s.time_unit = dk;
    s.steps_per_group = passes;
    s.fr = fr, s.fc = fc, s.t = t;
    s.peak_macs_per_cycle = peak_macs_per_cycle;
    s.total_cycles_ideal = total_cycles;
    return s;
}

BinaryMatrixMapping mapBinaryMatrix(int64_t dm, int64_t dk, int64_t dn, const GemmProblem& p) {
    requirePositive(dm, "Dm");
    requirePositive(dk, "Dk");
    requirePositive(dn, "Dn");
    requirePositive(p.m, "m");
    requirePositive(p.k, "k");
    requirePositive(p.n, "n");
    requirePositive(p.abits, "activation bits");
    requirePositive(p.wbits, "weight bits");
    BinaryMatrixMapping m;
    m.dm = dm, m.dk = dk, m.dn = dn;
    m.m = p.m, m.k = p.k, m.n = p.n;
    m.abits = p.abits, m.wbits = p.wbits;
    m.passes = int64_t(p.abits) * int64_t(p.wbits);
    m.fr = ceilDiv(p.m, dm);
    m.fc = ceilDiv(p.n, dn);
    m.chunks = ceilDiv(p.k, dk);
    m.t = m.chunks * m.passes;
    m.total_cycles = m.fr * m.fc * m.t;
    m.peak_macs_per_cycle = double(dm * dk * dn) / double(m.passes);
    return m;
}

BinaryRun& BinaryRun::operator+=(const BinaryRun& o) {
    cycles += o.cycles;
    binary_products += o.binary_products;
    ifmap_bits += o.ifmap_bits;
    weight_bits += o.weight_bits;
    psum_reads += o.psum_reads;
    spill_writes += o.spill_writes;
    final_writes += o.final_writes;
    return *this;
}

BinaryRun BinaryMatrixTimer::run(int64_t fi, int64_t fj, int64_t t0, int64_t t1) {
    if (fi < 0 || fi >= m_.fr || fj < 0 || fj >= m_.fc || t0 < 0 || t0 > t1 || t1 > m_.t)
        throw std::out_of_range("BinaryMatrixTimer::run: fold (" + std::to_string(fi) + ", " + std::to_string(fj) +
                                ") steps [" + std::to_string(t0) + ", " + std::to_string(t1) +
                                ") outside the mapping");
    BinaryRun r;
    if (t0 == t1) return r;
    const bool continues = fi == last_fi_ && fj == last_fj_ && t0 == last_t1_;
    last_fi_ = fi, last_fj_ = fj, last_t1_ = t1;
    const int64_t rows = m_.rowsUsed(fi), cols = m_.colsUsed(fj);
    const int64_t elementPasses = m_.elementPasses(t0, t1);
    r.cycles = t1 - t0;
    r.binary_products = rows * cols * elementPasses;
    r.ifmap_bits = rows * elementPasses;
    r.weight_bits = cols * elementPasses;
    if (!continues && t0 > 0) {  // accumulators lost when the fold was left
        r.psum_reads = rows * cols;
        r.spill_writes = rows * cols;
    }
    if (t1 == m_.t) r.final_writes = rows * cols;
    return r;
}

}  // namespace hcm
