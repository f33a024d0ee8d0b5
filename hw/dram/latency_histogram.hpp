#pragma once
// Log-linear histogram of non-negative integer latencies (cycles): exact below
// 128, then 64 buckets per power of two (relative bucket width <= 1/64), so
// memory stays bounded (< 4k buckets) however many samples are added.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hcm {

class LatencyHistogram {
public:
    void add(uint64_t value) {
        const size_t i = indexOf(value);
        if (i >= counts_.size()) counts_.resize(i + 1, 0);
        ++counts_[i];
        ++count_;
        sum_ += value;
        if (count_ == 1 || value < min_) min_ = value;
        if (value > max_) max_ = value;
    }
    void merge(const LatencyHistogram& o);

    uint64_t count() const { return count_; }
    uint64_t min() const { return count_ ? min_ : 0; }
    uint64_t max() const { return max_; }
    uint64_t sum() const { return sum_; }
    double mean() const { return count_ ? double(sum_) / double(count_) : 0.0; }
    // Smallest bucket upper bound with at least p of the samples at or below
    // it (p in [0, 1]), capped at the largest sample: exact below 128.
    uint64_t percentile(double p) const;

    static size_t indexOf(uint64_t v) {
        if (v < 2 * kSub) return size_t(v);
        const int e = 63 - __builtin_clzll(v);          // floor(log2 v) >= 7
        const int s = e - kSubBits;                     // >= 1
        return size_t(s) * kSub + size_t(v >> s);       // v >> s in [64, 127]
    }
    static uint64_t upperBound(size_t i) {
        if (i < 2 * kSub) return uint64_t(i);
        const int s = int(i / kSub) - 1;
        const uint64_t sub = kSub + i % kSub;
        return ((sub + 1) << s) - 1;
    }

private:
    static constexpr int kSubBits = 6;
    static constexpr uint64_t kSub = uint64_t(1) << kSubBits;
    std::vector<uint64_t> counts_;
    uint64_t count_ = 0;
    uint64_t sum_ = 0;  // exact: latencies are whole cycles
    uint64_t min_ = 0, max_ = 0;
};

}  // namespace hcm
