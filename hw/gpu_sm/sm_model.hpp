#pragma once
// Analytical timing of CTAs on the SMs, per thread block and k-iteration (no
// per-cycle processes). Pure C++.
//
// One k-iteration of one CTA, per warp (instructions issued):
//   math      TM·TN·words_per_iteration lane ops of the layer's op class
//   lds       fragment loads, 128-bit: ceil(TM/4) per As row + ceil(TN/4) per Bs row
//             (dot-product kernels, TM = TN = 1: (As + Bs rows) / 4, along the reduction)
//   copy      global -> shared staging, 16 bytes a lane (cp.async): stage bytes / 512 / warps
//             (the direct depthwise kernel stages only B; its A reads count as lds)
//   unpack    2 int ops per datapath word built from a narrower stored operand (widened layers)
//   overhead  iteration_overhead_instructions
// A round of b co-resident CTAs on one SM advances one k-iteration in
//   T(b) = max( nw·I,              issue: nw = ceil(b·warps / subpartitions) warps per scheduler
//               nw·math·cpi,       math pipe: cpi = warp_size / (lanes·rate) cycles per warp op
//               b·wavefronts,      shared memory: one wavefront a cycle (bank conflicts included)
//               L / (stages - 1) ) latency: the loads of a stage are issued stages - 1
//                                  iterations before it is used and take L = global_latency;
//                                  each CTA has stages - 1 stages in flight, so b CTAs keep
//                                  b·(stages - 1) in flight: occupancy hides latency (Little's
//                                  law); with one stage (no prefetch) every iteration is I + L
// and a round lasts iterations·T(b), the reduction's last iteration without
// the latency term (no next stage to wait for), + (epilogue: nw·TM·TN·
// epilogue_instructions_per_output when it finishes the reduction). The
// busiest SM holds ceil(ctas / sms) CTAs, run in rounds of the resident
// count; a set of CTAs lasts the busiest SM's rounds plus, when it starts the
// reduction, L for the first stage of the first round and, for every later
// round, whatever part of L a round of work does not cover (max(0, L -
// round)): CTAs that start while others work hide their first load.
#include <cstdint>

#include "kernel_config.hpp"
#include "smem_banks.hpp"

namespace hcm {

struct IterationCost {
    double math = 0, lds = 0, copy = 0, unpack = 0, overhead = 0;  // per warp
    double cpi = 1;                 // math-pipe cycles per warp math instruction
    double epilogue = 0;            // per warp, once per CTA
    double instructions() const { return math + lds + copy + unpack + overhead; }
};

IterationCost iterationCost(const GpuSmParams& params, const KernelConfig& kernel, const GemmProblem& problem);

// One k-iteration of b co-resident CTAs (`waitsForNextStage`: not the
// reduction's last), and a whole round of them.
double iterationCycles(const GpuSmParams& params, const KernelConfig& kernel, const IterationCost& cost,
                       const SmemIteration& smem, int64_t b, bool waitsForNextStage);
// Where a slice of the reduction sits: whether it starts it (the pipeline
// fills: one global latency) and whether it finishes it (the epilogue).
struct SliceEnds {
    bool prologue = true, epilogue = true;
};

double roundCycles(const GpuSmParams& params, const KernelConfig& kernel, const IterationCost& cost,
                   const SmemIteration& smem, int64_t b, double iterations, SliceEnds ends);

// What `ctas` CTAs running `iterations` k-iterations each did on the SMs (a
// slice of the reduction that is not a whole number of iterations costs its
// share of them). `concurrent` > 1: the CTAs are one of that many equal sets
// the kernel runs side by side (the groups of a grouped convolution, which
// one kernel launch covers); the result is that set's share of the whole.
struct CtaWave {
    int64_t cycles = 0;             // the busiest SM
    double warp_instructions = 0;
    double lane_ops = 0;            // math lane operations (masked edge lanes included)
    double warp_cycles = 0;         // sum over SMs of resident warps x cycles
    double active_sm_cycles = 0;    // sum over SMs of cycles with a CTA resident
    double smem_wavefronts = 0, smem_conflicts = 0;
};

CtaWave runCtas(const GpuSmParams& params, const KernelConfig& kernel, const IterationCost& cost,
                const SmemIteration& smem, int64_t ctas, double iterations, SliceEnds ends,
                int64_t concurrent = 1);

}  // namespace hcm
