#pragma once
// The implicit-GEMM kernel a layer runs as: one CTA (thread block) computes
// a BM x BN tile of outputs (pixels x filters), walking the reduction in
// k-iterations of BK elements, each staged in shared memory (pipeline_stages
// buffers: double buffering by default) and multiplied from registers. Each
// thread keeps a TM x TN block of accumulators. Pure C++.
//
// Tile shapes come from a small fixed set, as a library's kernels do (the
// CUTLASS defaults plus narrow ones for GEMV-like and depthwise problems);
// the model picks the fastest per layer (cta_model.hpp) unless one is forced.
//
// Resources and occupancy (per CTA):
//   registers/thread  TM·TN accumulators + 2·(TM+TN) fragment words (double-
//                     buffered) + 16 for addresses and loop state, rounded
//                     up to 8; a warp allocates in units of register_alloc_unit
//   shared memory     stages x (BM·BK·b_a + BN·BK·b_w)/8 bytes (+ one word
//                     per row with the padded layout; no A tile for the
//                     direct depthwise kernel)
//   resident CTAs     min(max_blocks, max_warps / warps, registers, shared memory)
// The reduction is packed in 32-bit words of the datapath (32/bits elements):
// along the channels when a group has at least a word of them, otherwise
// along the flat reduction (depthwise); channels that do not fill whole
// words are padded (pack_overhead >= 1, e.g. 4/3 for 3 channels at 8 bits).
#include <cstdint>
#include <string>
#include <vector>

#include "datapath.hpp"
#include "hw/common/compute_command.hpp"

namespace hcm {

struct CtaShape {
    int64_t bm = 128, bn = 128;   // outputs: pixels x filters
    int64_t threads = 256;
    int64_t tm = 8, tn = 8;       // accumulators per thread; tm·tn·threads = bm·bn
    std::string str() const { return std::to_string(bm) + "x" + std::to_string(bn); }
};

// The library's tile set, largest first.
const std::vector<CtaShape>& ctaShapes();

enum class OccupancyLimit { Warps = 0, Blocks = 1, Registers = 2, SharedMemory = 3 };
const char* toString(OccupancyLimit limit);

struct KernelConfig {
    CtaShape shape;
    Datapath path;
    int64_t warps = 8;                // per CTA
    int64_t threads_n = 16;           // threads along the filters (bn / tn)
    int64_t bk_words = 16;            // datapath words of the reduction per k-iteration
    int64_t bk_elems = 64;            // GEMM reduction elements per k-iteration
    double pack_overhead = 1;         // words of packed elements / words of real elements
    int64_t iterations = 1;           // k-iterations of the whole reduction: ceil(k / bk_elems)
    // Datapath words multiplied per k-iteration on average: the kernel runs
    // ceil(words / BK_words) full iterations of BK_words (the last one masked),
    // spread over the `iterations` the controller counts.
    double words_per_iteration = 16;
    int64_t a_row_words = 16;         // shared-memory words per pixel per k-iteration (at b_a)
    int64_t b_row_words = 16;         // ... per filter (at b_w)
    // The one-filter dot-product kernel (256x1, a depthwise group) is a
    // direct convolution: threads read their inputs through the L1 (which
    // serves the R·S re-reads), only the weights are staged.
    bool direct_a = false;
    int64_t regs_per_thread = 0, regs_per_cta = 0;
    int64_t smem_per_cta = 0;         // bytes
    int64_t resident_ctas = 0;        // per SM; 0: the tile does not fit an SM
    OccupancyLimit limiter = OccupancyLimit::Blocks;
    bool fits() const { return resident_ctas > 0; }
};

// The kernel of `shape` for `problem` (one group), with its occupancy.
KernelConfig kernelFor(const GpuSmParams& params, const GemmProblem& problem, const CtaShape& shape);

}  // namespace hcm
