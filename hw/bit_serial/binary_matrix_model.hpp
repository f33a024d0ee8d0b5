#pragma once
// Fast timing and traffic model of BISMO's binary matrix engine (Umuroglu et
// al., FPL 2018): Dm x Dn dot-product units, each ANDing (XNOR for ±1) Dk-bit
// slices of one LHS row and one RHS column and popcounting them every cycle.
// A b_a-bit x b_w-bit matrix product is b_a·b_w binary passes over bit planes;
// the results are shifted by the planes' weights and accumulated (the MSB
// plane of a signed operand is subtracted). Pure C++.
//
// The GEMM ifmap[m x k] * filter[k x n] (im2col, as BISMO's host lowers a
// convolution) is laid out as
//   rows    Fr = ceil(m / Dm)     pixels on the DPU rows
//   cols    Fc = ceil(n / Dn)     filters on the DPU columns
//   time    T  = ceil(k / Dk)·b_a·b_w   reduction chunks x binary passes
// cycles = Fr·Fc·T (no fill or drain). The sums stay in the DPU accumulators
// while a fold runs; leaving a fold before its last chunk spills them (at
// accumulator width) and coming back restores them.
#include <cstdint>

#include "hw/common/compute_command.hpp"

namespace hcm {

struct BinaryMatrixMapping {
    int64_t dm = 8, dk = 256, dn = 8;
    int64_t m = 1, k = 1, n = 1;
    int abits = 1, wbits = 1;
    int64_t passes = 1;            // b_a·b_w binary passes per chunk
    int64_t fr = 1, fc = 1;
    int64_t chunks = 1;            // ceil(k / Dk)
    int64_t t = 1;                 // chunks * passes
    int64_t total_cycles = 1;
    double peak_macs_per_cycle = 0;  // Dm·Dk·Dn / passes

    int64_t rowsUsed(int64_t fi) const;
    int64_t colsUsed(int64_t fj) const;
    // Sum over the steps [t0, t1) of the real reduction elements each pass covers.
    int64_t elementPasses(int64_t t0, int64_t t1) const;
    FoldSpace foldSpace() const;
};

// Throws std::invalid_argument on non-positive sizes or bits.
BinaryMatrixMapping mapBinaryMatrix(int64_t dm, int64_t dk, int64_t dn, const GemmProblem& problem);

// What a fold segment did. Reads are in bits: every pass reads one bit plane
// of its LHS and RHS slices from the buffers (each activation plane is read
// b_w times, each weight plane b_a times).
struct BinaryRun {
    int64_t cycles = 0;
    int64_t binary_products = 0;   // 1-bit products of real elements
    int64_t ifmap_bits = 0, weight_bits = 0;
    int64_t psum_reads = 0;        // accumulators restored (elements)
    int64_t spill_writes = 0;      // accumulators spilled by the interrupted segment (elements)
    int64_t final_writes = 0;      // finished outputs (elements)

    BinaryRun& operator+=(const BinaryRun& o);
};

// Cycles and traffic of the units a controller issues, with the open fold
// segment remembered (a Run that continues the previous fold at its t1 does
// not restore its accumulators). O(1) per call.
class BinaryMatrixTimer {
public:
    explicit BinaryMatrixTimer(const BinaryMatrixMapping& m) : m_(m) {}
    // Throws std::out_of_range outside the mapping.
    BinaryRun run(int64_t fi, int64_t fj, int64_t t0, int64_t t1);
    const BinaryMatrixMapping& mapping() const { return m_; }

private:
    BinaryMatrixMapping m_;
    int64_t last_fi_ = -1, last_fj_ = -1, last_t1_ = -1;
};

}  // namespace hcm
