#pragma once
// Where tensors live in DRAM and which byte ranges a tile covers.
//
// Activations are stored N x C x H x W and weights K x (C/groups) x R x S,
// densely packed at their bit widths (a 4-bit tensor takes half the bytes of
// an 8-bit one, a binary tensor an eighth), so DRAM traffic shrinks with
// precision as it does in silicon. A tile is a set of contiguous element runs;
// each run becomes one DMA segment covering whole bytes.
#include <cstdint>
#include <vector>

#include "hw/common/gather_list.hpp"

namespace hcm {


// A 4-D tensor (N, C, H, W) at `bits` per element from `base`.
struct TensorRegion {
    uint64_t base = 0;
    int64_t n = 1, c = 1, h = 1, w = 1;
    int bits = 8;

    int64_t elements() const { return n * c * h * w; }
    uint64_t bytes() const { return uint64_t((elements() * bits + 7) / 8); }
};

class SegmentList {
public:
    // Adds elements [e0, e1) of `t` (flat index), merging with the previous
    // segment when the byte ranges touch or overlap.
    void addRun(const TensorRegion& t, int64_t e0, int64_t e1);
    // Adds the byte range [address, address + bytes), merged like addRun.
    void addBytes(uint64_t address, uint64_t bytes);
    const std::vector<DmaSegment>& segments() const { return segs_; }
    uint64_t totalBytes() const { return total_; }
    void clear() {
        segs_.clear();
        total_ = 0;
    }

private:
    std::vector<DmaSegment> segs_;
    uint64_t total_ = 0;
};

// Channels [c0, c1), rows [h0, h1) (all columns) of images [n0, n1).
void addActivationBlock(SegmentList& out, const TensorRegion& t, int64_t n0, int64_t n1, int64_t c0, int64_t c1,
                        int64_t h0, int64_t h1);

// Filters [k0, k1), channels [c0, c1) of a K x Cg x R x S weight tensor stored
// as TensorRegion{n = K, c = Cg, h = R, w = S}.
void addWeightBlock(SegmentList& out, const TensorRegion& t, int64_t k0, int64_t k1, int64_t c0, int64_t c1);

// Output channels [k0, k1) of the flat pixels [m0, m1) over N x P x Q.
void addOutputBlock(SegmentList& out, const TensorRegion& t, int64_t k0, int64_t k1, int64_t m0, int64_t m1);

// A simple bump allocator for DRAM regions, aligned to `alignment` bytes.
class DramAllocator {
public:
    explicit DramAllocator(uint64_t capacityBytes, uint64_t alignment = 4096)
        : capacity_(capacityBytes), alignment_(alignment) {}
    // Returns the base address; throws std::length_error when DRAM is full.
    uint64_t allocate(uint64_t bytes);
    uint64_t used() const { return next_; }

private:
    uint64_t capacity_, alignment_, next_ = 0;
};

}  // namespace hcm
