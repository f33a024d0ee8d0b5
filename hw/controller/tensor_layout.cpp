#include "tensor_layout.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hcm {

void SegmentList::addRun(const TensorRegion& t, int64_t e0, int64_t e1) {
    if (e1 <= e0) return;
    const uint64_t b0 = t.base + uint64_t(e0 * t.bits / 8);
    const uint64_t b1 = t.base + uint64_t((e1 * t.bits + 7) / 8);
    addBytes(b0, b1 - b0);
}

void SegmentList::addBytes(uint64_t b0, uint64_t bytes) {
    if (bytes == 0) return;
    const uint64_t b1 = b0 + bytes;
    if (!segs_.empty()) {
        DmaSegment& last = segs_.back();
        const uint64_t lastEnd = last.address + last.bytes;
        if (b0 <= lastEnd && b0 >= last.address) {
            // Sub-byte runs can share a byte with the previous run.
            if (b1 > lastEnd) {
                total_ += b1 - lastEnd;
                last.bytes = b1 - last.address;
            }
            return;
        }
    }
    segs_.push_back({b0, b1 - b0});
    total_ += b1 - b0;
}

void addActivationBlock(SegmentList& out, const TensorRegion& t, int64_t n0, int64_t n1, int64_t c0, int64_t c1,
                        int64_t h0, int64_t h1) {
    for (int64_t n = n0; n < n1; ++n)
        for (int64_t c = c0; c < c1; ++c) {
            const int64_t plane = (n * t.c + c) * t.h * t.w;
            out.addRun(t, plane + h0 * t.w, plane + h1 * t.w);
        }
}

void addWeightBlock(SegmentList& out, const TensorRegion& t, int64_t k0, int64_t k1, int64_t c0, int64_t c1) {
    const int64_t rs = t.h * t.w;
    for (int64_t k = k0; k < k1; ++k) {
        const int64_t filter = k * t.c * rs;
        out.addRun(t, filter + c0 * rs, filter + c1 * rs);
    }
}

void addOutputBlock(SegmentList& out, const TensorRegion& t, int64_t k0, int64_t k1, int64_t m0, int64_t m1) {
    const int64_t pq = t.h * t.w;
    const int64_t nFirst = m0 / pq, nLast = (m1 - 1) / pq;
    for (int64_t n = nFirst; n <= nLast; ++n) {
        const int64_t p0 = std::max<int64_t>(m0 - n * pq, 0), p1 = std::min<int64_t>(m1 - n * pq, pq);
        for (int64_t k = k0; k < k1; ++k) {
            const int64_t plane = (n * t.c + k) * pq;
            out.addRun(t, plane + p0, plane + p1);
        }
    }
}

uint64_t DramAllocator::allocate(uint64_t bytes) {
    const uint64_t base = next_;
    const uint64_t size = (bytes + alignment_ - 1) / alignment_ * alignment_;
    if (size > capacity_ || base > capacity_ - size)
        throw std::length_error("the network does not fit in DRAM: needs more than " + std::to_string(capacity_) +
                                " bytes");
    next_ = base + size;
    return base;
}

}  // namespace hcm
