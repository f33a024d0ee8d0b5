#pragma once
// Shared-memory traffic of one CTA k-iteration and its bank conflicts. Pure C++.
//
// Shared memory has `banks` 4-byte banks and serves one wavefront a cycle:
// one distinct word per bank. A warp access of 32 lanes needs as many
// wavefronts as the busiest bank has distinct words (lanes reading the same
// word are served by a broadcast); every wavefront beyond the first is a
// bank conflict. Vector accesses count one access per 32-bit word.
//
// Layout of the staged tiles (k-major: a row holds one word of every pixel,
// resp. every filter): As[k][BM], Bs[k][BN], row pitch BM (BN) words, plus one
// with SmemLayout::Padded. The accesses of one k-iteration:
//   A staging  activations arrive pixel-contiguous (channel-packed words of
//              consecutive pixels): lanes along a row of As
//   B staging  weights arrive reduction-contiguous (filter-major): lanes
//              along a column of Bs, a transposed store
//   A, B fragments  thread (tx, ty) of the CTA's threads_n x (threads/threads_n)
//              grid reads words ty·TM + j of each As row and tx·TN + j of each
//              Bs row, j < TM (TN)
// The direct depthwise kernel (KernelConfig::direct_a) stages no A tile: its
// A reads go through the L1, the same SRAM, and count the same.
// SmemLayout::Swizzled stands for CUTLASS's XOR-permuted layouts, which are
// conflict-free for these patterns: every access takes its minimum wavefronts.
#include <cstdint>
#include <vector>

#include "kernel_config.hpp"

namespace hcm {

// Wavefronts of one warp access to 32-bit word addresses (one per lane; -1
// for an inactive lane).
int64_t accessWavefronts(const std::vector<int64_t>& words, int64_t banks);
// The minimum for those addresses: ceil(distinct words / banks), at least 1.
int64_t minimumWavefronts(const std::vector<int64_t>& words, int64_t banks);

struct SmemIteration {
    int64_t accesses = 0;          // warp-wide word accesses
    int64_t wavefronts = 0;        // what they took
    int64_t conflicts = 0;         // wavefronts beyond the minimum
    int64_t fragment_a_wavefronts = 0, fragment_b_wavefronts = 0;  // reads (the rest are staging stores)
};

// One CTA's k-iteration under the configured layout.
SmemIteration smemIteration(const GpuSmParams& params, const KernelConfig& kernel);

}  // namespace hcm
