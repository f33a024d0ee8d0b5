#pragma once
// The CTAs' global loads: how they coalesce into 32-byte sectors and how
// many of them the SM's L1 serves. Pure C++.
//
// A warp request is 32 lanes x one 32-bit word. Operands sit in memory packed
// at their bit width in the vectorised layouts GPU kernels use (activations
// NC/xHWx: a word holds the channels of one pixel; weights filter-major, the
// reduction contiguous), so
//   A (activations)  lanes take consecutive pixels of one word plane: runs of
//                    min(32, Q) pixels (Q = the output row) that start at the
//                    tap's column offset, and a request touches the sectors of
//                    its runs; fully connected layers read along the reduction
//   B (weights)      lanes take the consecutive words of one filter's slice of
//                    the k-iteration, then the next filter's
// The engine sees GEMM problems, not images: Q is taken as sqrt(m) when m is a
// square (batch 1, square outputs), else 32, and the kernel as S x S with
// S = sqrt(taps), padded to "same" (docs/gpu_sm.md, limitations).
//
// L1: the im2col reads of a CTA fetch each input word up to R·S times; the
// repeats hit the L1 as long as the resident CTAs' footprints fit it.
#include <cstdint>

#include "kernel_config.hpp"

namespace hcm {

struct GlobalIteration {
    double requests = 0;     // warp requests per CTA k-iteration (A and B)
    double sectors = 0;      // sectors they touch
    double a_bytes = 0;      // activation bytes the CTA requests (im2col, with repeats)
    double b_bytes = 0;      // weight bytes
};

// Per CTA k-iteration for a CTA holding `pixels` real pixels and `filters`
// real filters (fewer than the tile at the edges).
GlobalIteration globalIteration(const KernelConfig& kernel, const GemmProblem& problem, double pixels, double filters);

// Sectors per request of the activation requests, averaged over the taps.
double activationSectorsPerRequest(const GemmProblem& problem);

struct L1Result {
    double hit_sectors = 0, miss_sectors = 0;
};

// `requested`: the CTAs' global load sectors; `uniqueActivationBytes`: what
// the activations they read occupy (the staged tile); `footprintPerSm`: bytes
// the resident CTAs keep live in L1 at once; repeats beyond what fits miss.
L1Result l1Filter(double requestedActivationSectors, double weightSectors, double uniqueActivationBytes,
                  double footprintPerSm, double l1Bytes);

}  // namespace hcm
