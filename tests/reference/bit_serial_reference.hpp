#pragma once
// Cycle-stepped references for the bit-serial and fusion engines, written
// independently of hw/bit_serial/*_model.cpp to prove their closed forms.
//
// 1. Arithmetic: what one lane / BitBrick unit / binary DPU actually computes
//    each cycle, so the step counts of the timing laws are the ones that give
//    the exact product (signed two's-complement operands: the most
//    significant slice of a signed operand carries negative weight).
// 2. Schedule: a channel-brick array (Stripes, Loom, Bit Fusion) and BISMO's
//    binary matrix engine executing Run commands one cycle at a time, with
//    lane registers that fetch an operand only when it changes, counting
//    cycles, buffer reads and writes, and computing the GEMM result itself.
#include <cstdint>
#include <vector>

namespace hcm::ref {

// ---- arithmetic -----------------------------------------------------------

// Slice `i` (of `width` bits) of a `bits`-bit two's-complement value: the top
// slice is sign-extended, the others are unsigned.
int64_t slice(int64_t value, int bits, int width, int i);

// Stripes lane: `a` (unsigned, abits) fed `bpc` bits a cycle against the
// bit-parallel weight `w` (signed, wbits <= parallel bits). Returns the
// product and the cycles it took.
int64_t stripesLane(int64_t a, int abits, int64_t w, int wbits, int bpc, int64_t& cycles);

// Loom lane: activation (unsigned) and weight (signed) both serial, bpc x bpc
// bits a cycle, every pair of slices once.
int64_t loomLane(int64_t a, int abits, int64_t w, int wbits, int bpc, int64_t& cycles);

// Bit Fusion unit: f = floor(max/max(ba,brick))·floor(max/max(bw,brick))
// products a cycle, each assembled from brick x brick signed/unsigned partial
// products shifted into place; returns the sum of the products of the
// vectors a and w (one cycle's work when their length is f) and the bricks
// that carried real bits. Binary operands are in {-1, +1} when bits == 1.
int64_t fusionUnitDot(const std::vector<int64_t>& a, int abits, const std::vector<int64_t>& w, int wbits,
                      int brick, int64_t& bricksUsed);

// BISMO: dot product of a (unsigned, abits) and w (signed, wbits) vectors as
// abits·wbits binary passes of AND + popcount over bit planes, each shifted
// by its planes' weights (the weight's MSB plane negated). Binary (1-bit)
// operands are ±1 (bit 1 = +1) and use XNOR + popcount: 2·popcount - k.
int64_t binaryPlaneDot(const std::vector<int64_t>& a, int abits, const std::vector<int64_t>& w, int wbits,
                       int64_t& passes);

// ---- schedules ------------------------------------------------------------

struct RunCommand {
    int64_t fi0, fi1, fj0, fj1, t0, t1;
};

struct ScheduleResult {
    int64_t cycles = 0;
    int64_t ifmap_reads = 0, weight_reads = 0;
    int64_t psum_reads = 0, partial_writes = 0, final_writes = 0;
    int64_t macs = 0;
    std::vector<int64_t> out;   // m x n, row-major
};

// A channel-brick array: `cl` channels x `fl` filters x `pl` pixels of lanes,
// `spt` cycles per tap, over the GEMM ifmap[m][channels·taps] x
// weight[channels·taps][n] (k channel-major). Runs the commands cycle by cycle.
ScheduleResult brickArraySchedule(int64_t m, int64_t channels, int64_t taps, int64_t n, int64_t cl, int64_t fl,
                                  int64_t pl, int64_t spt, const std::vector<RunCommand>& runs,
                                  const std::vector<int64_t>& ifmap, const std::vector<int64_t>& weight);

// BISMO: Dm x Dn DPUs of Dk bits over ifmap[m][k] x weight[k][n], passes per
// chunk = abits·wbits. Reads are counted in bits (one plane slice per pass).
ScheduleResult binaryMatrixSchedule(int64_t m, int64_t k, int64_t n, int64_t dm, int64_t dk, int64_t dn, int abits,
                                    int wbits, const std::vector<RunCommand>& runs, const std::vector<int64_t>& ifmap,
                                    const std::vector<int64_t>& weight);

}  // namespace hcm::ref
