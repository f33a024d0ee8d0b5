#include "bit_fusion_config.hpp"

#include "sim/common/yaml_reader.hpp"
#include "sim/config/config_limits.hpp"

namespace hcm {

namespace {

struct SynthesisPoint {
    int max_bits, min_bits;
    double um2, uw;
};

// One Fusion Unit (or the fixed-precision unit of equal throughput), 45 nm,
// 500 MHz: Sharma et al., ISCA 2018 (synthesis table), max/min precision.
constexpr SynthesisPoint kPublished[] = {
    {2, 2, 124.9, 31.6}, {4, 4, 282.2, 67.9}, {8, 8, 687.6, 171.8}, {8, 2, 1733.1, 344.3}, {16, 16, 2203.2, 542.7},
};

}  // namespace

BitFusionConfig readBitFusion(YamlMap& m) {
    BitFusionConfig c;
    c.rows = m.getInt("rows", 16, 1, kMaxConfigCount);
    c.cols = m.getInt("cols", 32, 1, kMaxConfigCount);
    c.brick_bits = static_cast<int>(m.getInt("brick_bits", 2, 1, 8));
    c.max_bits = static_cast<int>(m.getInt("max_bits", 8, 2, 32));
    if (c.max_bits % c.brick_bits != 0) m.fail("max_bits", "must be a multiple of brick_bits");

    // Default unit: the published point for this max/min pair, else the 8/2
    // Bit Fusion unit scaled by its number of bricks (an extrapolation).
    double um2 = 0, uw = 0;
    for (const auto& s : kPublished)
        if (s.max_bits == c.max_bits && s.min_bits == c.brick_bits) um2 = s.um2, uw = s.uw, c.published_point = true;
    if (!c.published_point) {
        const double bricks = double(c.max_bits / c.brick_bits) * double(c.max_bits / c.brick_bits);
        um2 = 1733.1 * bricks / 16.0;
        uw = 344.3 * bricks / 16.0;
    }
    c.unit_um2 = m.getDouble("unit_um2", um2, 0.0, 1e9);
    c.unit_uw = m.getDouble("unit_uw", uw, 0.0, 1e9);
    c.synthesis_mhz = m.getDouble("synthesis_mhz", 500.0, 1e-3, 1e6);
    if (m.has("unit_um2") || m.has("unit_uw")) c.published_point = false;  // the user's own unit
    const double bricks = double(c.max_bits / c.brick_bits) * double(c.max_bits / c.brick_bits);
    // µW / MHz = pJ per cycle of the unit, shared by its bricks.
    c.brick_pj = m.getDouble("brick_pj", c.unit_uw / c.synthesis_mhz / bricks, 0.0, 1e6);
    return c;
}

BitFusionParams bitFusionParams(const BitFusionConfig& c) {
    BitFusionParams p;
    p.rows = c.rows;
    p.cols = c.cols;
    p.brick_bits = c.brick_bits;
    p.max_bits = c.max_bits;
    p.brick_pj = c.brick_pj;
    return p;
}

}  // namespace hcm
