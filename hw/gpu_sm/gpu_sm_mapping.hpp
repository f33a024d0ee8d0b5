#pragma once
// How a GEMM problem (one group of a conv/fc layer) runs on the SMs, and what
// a tile of it does. Pure C++.
//
// Fold space (output stationary, as every CTA is): rows = output pixels in
// CTA tiles of BM, columns = filters in tiles of BN (a fold is one CTA),
// time = the reduction in units of whole channels (R·S elements each, or a
// few channels for short problems), so the controller can stage any number
// of channels. A temporal step is the GPU-wide time one CTA spends on one
// unit (the stall-free time of the problem over CTAs x units, at least 1
// cycle: units grow until it is), so the layer controller's planner, which
// predicts folds x steps, sees the SMs' parallel throughput. A Run of folds
// [fi0, fi1) x [fj0, fj1) over steps [t0, t1) is those CTAs running that
// slice of the reduction, its share of the kernel's k-iterations, scheduled
// over the SMs (sm_model.hpp); the epilogue (writing the outputs) belongs to
// the Run that finishes the reduction.
//
// Tile choice: every shape of ctaShapes() that fits an SM, the one with the
// least stall-free time (ties: the larger tile), as a library's heuristic
// picks among its kernels; GpuSmParams::tile_m/tile_n force one.
#include <cstdint>
#include <string>

#include "global_access.hpp"
#include "sm_model.hpp"

namespace hcm {

struct GpuSmMapping {
    GemmProblem problem;
    KernelConfig kernel;
    IterationCost cost;
    SmemIteration smem;
    int64_t fr = 1, fc = 1;              // CTA tiles along pixels and filters
    int64_t time_unit = 1;               // reduction elements per temporal unit (whole channels)
    int64_t units = 1;                   // ceil(k / time_unit)
    int64_t steps_per_unit = 1;
    double peak_macs_per_cycle = 0;
    int64_t total_cycles = 0;            // the whole problem, no memory stalls

    int64_t ctas() const { return fr * fc; }
    int64_t pixelsIn(int64_t fi0, int64_t fi1) const;
    int64_t filtersIn(int64_t fj0, int64_t fj1) const;
    FoldSpace foldSpace() const;
};

// Throws std::runtime_error when no tile (or the forced one) fits an SM.
GpuSmMapping mapGpuSm(const GpuSmParams& params, const GemmProblem& problem);

// What one Run did.
struct GpuSmRun {
    CtaWave wave;
    int64_t ctas = 0;
    double iterations = 0;               // k-iterations each CTA ran (a share when the slice is partial)
    bool epilogue = false;
    double macs = 0;                     // real products
    double global_requests = 0, global_sectors = 0;
    double a_sectors = 0, b_sectors = 0; // requested, by operand
    double fragment_a_bytes = 0, fragment_b_bytes = 0;  // shared-memory reads (wavefronts x 128 B)
    double output_bytes = 0;             // finished outputs written (epilogue)
};

// Throws std::out_of_range outside the mapping.
GpuSmRun runGpuSm(const GpuSmParams& params, const GpuSmMapping& m, int64_t fi0, int64_t fi1, int64_t fj0,
                  int64_t fj1, int64_t t0, int64_t t1);

}  // namespace hcm
