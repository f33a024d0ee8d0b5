#pragma once
// Cycle-stepped structural reference of an Ra x Ca systolic array, for tests
// only (slow by design). It moves operand tokens PE to PE through registers
// each cycle and computes the real product C = A*B of small unsigned integer
// matrices, so it checks the fast model's cycle counts (SystolicMapping,
// SystolicTimer), its buffer traffic (unitTraffic) and the numerics at once.
//
// Conventions follow SCALE-Sim v2 (scalesim/compute/systolic_compute_*.py),
// each fold starting at its cycle 0, folds run one after another in
// SCALE-Sim's order (column folds outer, row folds inner):
//  ws  cycles [0, Ra): the fold's weight rows enter at the top, last row first
//      (create_filter_demand_mat flips the fold), and shift down one PE row a
//      cycle, so after Ra cycles PE row r holds weight row r. Then ifmap step
//      s enters array row r at cycle Ra + s + r (the Ra-row prefix and
//      skew_matrix of create_ifmap_demand_mat) and moves right a PE a cycle;
//      psums move down a PE a cycle and leave the bottom of column c at cycle
//      2Ra - 1 + s + c (create_ofmap_demand_mat: 2Ra-1 prefix, then skew).
//  is  the same with the ifmap stationary (one pixel group per column) and
//      the filters streamed from the left (create_{ifmap,filter}_demand_mat).
//  os  ifmap step s (reduction index) enters row r at cycle s + r and moves
//      right; filter step s enters column c at cycle s + c and moves down; PE
//      (r, c) does its last MAC at T-1+r+c and puts its sum on column c's
//      output bus that same cycle. SCALE-Sim's os ofmap demand lists the
//      bottom row first (np.flip) yet ends at the same cycle; a row-0-first
//      bus is the causal order giving the same count (PEs of a column finish
//      on consecutive cycles, so the bus carries one sum a cycle). A
//      registered drain would add Ra-1 cycles that SCALE-Sim does not count.
// Partial folds still run the full array's schedule: unused rows / columns
// carry empty tokens (SCALE-Sim's -1 entries), so skew and drain are those of
// the whole array. A fold's cycles run from its first injection slot (cycle 0)
// to the cycle its last token leaves, inclusive.
//
// Precision as in the fast model (derived here independently): with `pack`,
// operands of b <= P bits travel pa / pw to a token (lanes, each a different
// pixel / filter); wider operands are split into ⌈b/P⌉ P-bit slices and each
// temporal step repeats for every (activation slice, weight slice) pass, the
// PE shifting its slice product into place. Buffer traffic is counted as the
// fast model documents it: an edge element is read on its group's first pass,
// an output is written when its last pass leaves the array, and writing onto
// a partial sum left by an earlier fold reads it first.
#include <cstdint>
#include <vector>

#include "hw/pe_array/systolic_model.hpp"

namespace hcm::ref {

struct IntMatrix {
    int64_t rows = 0, cols = 0;
    std::vector<int64_t> v;

    IntMatrix() = default;
    IntMatrix(int64_t r, int64_t c) : rows(r), cols(c), v(size_t(r * c), 0) {}
    int64_t& at(int64_t r, int64_t c) { return v[size_t(r * cols + c)]; }
    int64_t at(int64_t r, int64_t c) const { return v[size_t(r * cols + c)]; }
    bool operator==(const IntMatrix& o) const { return rows == o.rows && cols == o.cols && v == o.v; }
};

// Plain triple loop, the numeric ground truth.
IntMatrix matmul(const IntMatrix& a, const IntMatrix& b);

struct SystolicRefFold {
    int64_t fi = 0, fj = 0;
    int64_t cycles = 0;
    SystolicTraffic traffic;
};

struct SystolicRefResult {
    IntMatrix c;
    int64_t cycles = 0;                  // all folds back to back
    std::vector<SystolicRefFold> folds;  // in run order
    SystolicTraffic traffic;             // sum over folds
};

// a: m x k activations in [0, 2^abits); b: k x n weights in [0, 2^wbits).
// Throws std::logic_error if tokens ever meet out of step (a skew bug).
SystolicRefResult runSystolicReference(const SystolicArrayParams& array, const IntMatrix& a, const IntMatrix& b,
                                       int abits, int wbits);

}  // namespace hcm::ref
