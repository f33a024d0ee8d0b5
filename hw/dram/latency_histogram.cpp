#include "latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace hcm {

void LatencyHistogram::merge(const LatencyHistogram& o) {
    if (o.count_ == 0) return;
    if (o.counts_.size() > counts_.size()) counts_.resize(o.counts_.size(), 0);
    for (size_t i = 0; i < o.counts_.size(); ++i) counts_[i] += o.counts_[i];
    if (count_ == 0 || o.min_ < min_) min_ = o.min_;
    max_ = std::max(max_, o.max_);
    count_ += o.count_;
    sum_ += o.sum_;
}

uint64_t LatencyHistogram::percentile(double p) const {
    if (count_ == 0) return 0;
    p = std::min(1.0, std::max(0.0, p));
    // Rank of the sample that is the p-quantile (nearest-rank definition).
    uint64_t rank = uint64_t(std::ceil(p * double(count_)));
    if (rank == 0) rank = 1;
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (seen >= rank) return std::min(upperBound(i), max_);
    }
    return max_;
}

}  // namespace hcm
