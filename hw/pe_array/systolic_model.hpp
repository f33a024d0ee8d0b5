#pragma once
// Fast timing model of a bit-parallel systolic array: SCALE-Sim's stall-free
// compute model (Samajdar et al., scale-sim-v2, scalesim/compute/
// systolic_compute_{ws,os,is}.py), extended with operand-precision packing.
// Pure C++ (no SystemC): the TLM layer controller calls it on the hot path.
//
// A conv/fc layer is the GEMM  ifmap[m x k] * filter[k x n] = ofmap[m x n]
// (m = N*P*Q output pixels, k = R*S*C/groups, n = K/groups filters). Each
// dataflow maps two of the three GEMM dimensions onto the Ra x Ca PEs and
// streams the third through time:
//
//            array rows (Sr)   array columns (Sc)   temporal steps (T)
//   ws       k                 ceil(n/pw)           ceil(m/pa) * passes
//   os       ceil(m/pa)        ceil(n/pw)           k * passes
//   is       k                 ceil(m/pa)           ceil(n/pw) * passes
//
// Precision: a PE has a P-bit (mac_bits) multiplier. With `pack`, operands of
// b <= P bits are packed ⌊P/b⌋ to a word (pa for activations, pw for weights)
// and one PE does pa*pw products a cycle (each lane a different pixel or
// filter, so packing widens the pixel / filter dimensions, never k). Operands
// wider than P are split into ⌈b/P⌉ slices and multiplied slice by slice:
// passes = ⌈b_a/P⌉*⌈b_w/P⌉ cycles per temporal step, in both modes. One
// temporal step of `passes` cycles is a "group": the operand of a group is
// fetched once and held in the edge register for all its passes.
//
// Folds: Fr = ceil(Sr/Ra), Fc = ceil(Sc/Ca), each fold costs
//   os     T + Ra + Ca - 2            (skewed injection + last MAC)
//   ws/is  2*Ra + Ca + T - 2          (Ra preload + skew + psum drain)
// run one after another: total = Fr*Fc*fold. With 8-bit operands on an 8-bit
// array (pa = pw = passes = 1) this is exactly SCALE-Sim's stall-free count.
#include <cstdint>

#include "hw/pe_array/dataflow.hpp"

namespace hcm {

struct Layer;

struct SystolicArrayParams {
    int64_t rows = 32;  // Ra
    int64_t cols = 32;  // Ca
    Dataflow dataflow = Dataflow::WS;
    int mac_bits = 8;   // P: native operand width of a PE's multiplier
    bool pack = true;   // sub-word parallelism for operands narrower than P
};

// SCALE-Sim's operand matrices for one group of a layer.
struct GemmShape {
    int64_t m = 1;  // Npx = N*P*Q output pixels (fc: batch rows)
    int64_t k = 1;  // W = R*S*C/groups reduction (fc: input features)
    int64_t n = 1;  // K/groups filters (fc: output features)
};

// One group of a conv or fc layer; grouped convs run `layer.groups` of these
// one after another. Throws std::invalid_argument for pool/add (no MACs).
GemmShape gemmOf(const Layer& layer);

struct SystolicMapping {
    Dataflow dataflow = Dataflow::WS;
    int64_t rows = 1, cols = 1;  // Ra, Ca
    GemmShape gemm;
    int64_t pa = 1, pw = 1;      // activations / weights packed per PE operand
    int64_t passes = 1;          // cycles per temporal step (slice products)
    int64_t sr = 0, sc = 0, t = 0;
    int64_t fr = 0, fc = 0;
    int64_t fold_cycles = 0;     // one whole fold, including its fixed overhead
    int64_t total_cycles = 0;    // fr * fc * fold_cycles: a count of cycles
    int64_t macs = 0;            // m * k * n products at full operand precision
    double peak_macs_per_cycle = 0;  // Ra*Ca*pa*pw / passes
    double utilization = 0;          // macs / (total_cycles * peak_macs_per_cycle)

    // Preload + skew fill + drain of one fold: what an interrupted fold pays again.
    int64_t overheadCycles() const { return fold_cycles - t; }
    int64_t folds() const { return fr * fc; }
    // PE rows / columns that hold real work in row fold fi / column fold fj.
    int64_t rowsUsed(int64_t fi) const;
    int64_t colsUsed(int64_t fj) const;
    // SCALE-Sim reports "total cycles" as the index of the last cycle of its
    // demand matrices (double_buffered_scratchpad_mem.py: total_cycles =
    // ofmap_serviced_cycles[-1]), one less than the number of cycles. Use this
    // when comparing with numbers SCALE-Sim printed.
    int64_t scaleSimReportedCycles() const { return total_cycles - 1; }
};

// Throws std::invalid_argument on non-positive sizes or bit widths.
SystolicMapping mapGemm(const SystolicArrayParams& params, const GemmShape& gemm, int abits, int wbits);

// mapGemm(params, gemmOf(layer), layer.prec.abits, layer.prec.wbits): one group.
SystolicMapping mapLayer(const SystolicArrayParams& params, const Layer& layer);

// Buffer traffic of one unit of work, in operand elements (multiply by the
// operand's bits for bytes). Only real elements are counted: unused PE rows /
// columns of partial folds and empty lanes of a partly filled packed word are
// not. Per dataflow (R, C = real reduction indices / items on the fold's used
// rows / columns, S = real items of the groups the unit touches):
//   ws  filter  R*C once per segment (weights shifted in again after any interruption)
//       ifmap   R*S for the pixel groups started in the unit (pa pixels per row per step)
//       ofmap   C*S for the pixel groups finished in the unit (psums leave the bottom)
//   is  the same with ifmap and filter swapped (pixels stationary, filters streamed)
//   os  ifmap   R*S and filter C*S for the reduction indices started in the unit
//       ofmap   R*C when the unit finishes the fold (outputs drained once)
// psum_reads: ws/is row folds fi > 0 add to the partial sums the earlier row
// folds left in the output buffer (SCALE-Sim's order: for fj, for fi), so each
// output written there is also read. os keeps its sums in the PEs; a segment
// that resumes a fold at t0 > 0 restores them (psum_reads R*C) and is charged
// the matching spill of the interrupted segment (ofmap R*C) at the same time.
// Summed over any contiguous chunking of whole folds the counts are the
// whole-fold counts; SCALE-Sim's ifmap_reads / filter_reads / ofmap_writes for
// pa = pw = passes = 1 (its os ofmap_writes adds a spurious rows+cols per fold).
struct SystolicTraffic {
    int64_t ifmap_reads = 0;
    int64_t filter_reads = 0;
    int64_t ofmap_writes = 0;
    int64_t psum_reads = 0;

    SystolicTraffic& operator+=(const SystolicTraffic& o) {
        ifmap_reads += o.ifmap_reads;
        filter_reads += o.filter_reads;
        ofmap_writes += o.ofmap_writes;
        psum_reads += o.psum_reads;
        return *this;
    }
    bool operator==(const SystolicTraffic& o) const {
        return ifmap_reads == o.ifmap_reads && filter_reads == o.filter_reads && ofmap_writes == o.ofmap_writes &&
               psum_reads == o.psum_reads;
    }
};

// Traffic of fold (fi, fj), temporal steps [t0, t1); segment_start says the
// unit does not continue the previous one (see SystolicTimer). O(1).
SystolicTraffic unitTraffic(const SystolicMapping& m, int64_t fi, int64_t fj, int64_t t0, int64_t t1,
                            bool segment_start);

// Cycles of the units a layer controller issues for one layer (or one group):
// "fold (fi, fj), temporal steps [t0, t1)". A segment is a maximal run of
// calls on the same fold with contiguous steps (t0 == previous t1); it costs
// its steps plus the fold's overhead (fold_cycles - T), charged on its first
// call. Running every fold whole, in any chunking, gives total_cycles;
// leaving a fold and coming back pays the overhead again, as the hardware
// would (stationary operand shifted in again, pipeline refilled and drained).
// No allocation, O(1) per call.
class SystolicTimer {
public:
    explicit SystolicTimer(const SystolicMapping& mapping) : m_(mapping) {}

    // Throws std::out_of_range for a fold or step range outside the mapping.
    // An empty range (t0 == t1) costs nothing and leaves the state alone.
    int64_t run(int64_t fi, int64_t fj, int64_t t0, int64_t t1, SystolicTraffic* traffic = nullptr);

    // Forget the open segment and the counters (next group or layer).
    void reset();

    const SystolicMapping& mapping() const { return m_; }
    int64_t cycles() const { return cycles_; }      // sum of run() results
    int64_t segments() const { return segments_; }  // overheads charged

private:
    SystolicMapping m_;
    int64_t last_fi_ = -1, last_fj_ = -1, last_t1_ = -1;
    int64_t cycles_ = 0, segments_ = 0;
};

}  // namespace hcm
