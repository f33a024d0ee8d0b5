#pragma once
// A per-layer ratio (utilisation, cycles per MAC, ...) reported through the
// engine's cumulative counters.
//
// The platform reports an engine counter per layer as (value at the end of
// the layer) - (value at its start), so additive counts need nothing special.
// A ratio is not additive; this helper returns a running sum of finished
// layers' ratios plus the current layer's ratio, and closes the current layer
// when the engine is configured for the next one (the layer controller
// configures the engine once per conv/fc layer, all groups included). The
// difference over a layer is then that layer's ratio (0 for layers that never
// configure the engine, such as pooling). Ratios are rounded to 2^-20 so the running sum and the
// platform's subtraction are exact in double precision.
#include <cmath>

namespace hcm {

class LayerRatio {
public:
    // The engine was configured for a new layer: the current ratio is final.
    void beginLayer() {
        closed_ += value();
        num_ = den_ = 0;
    }
    void add(double numerator, double denominator) {
        num_ += numerator;
        den_ += denominator;
    }
    // The current layer's ratio so far (0 before any work).
    double value() const { return den_ > 0 ? std::round(num_ / den_ * kScale) / kScale : 0.0; }
    double cumulative() const { return closed_ + value(); }

private:
    static constexpr double kScale = 1048576.0;  // 2^20
    double closed_ = 0, num_ = 0, den_ = 0;
};

}  // namespace hcm
