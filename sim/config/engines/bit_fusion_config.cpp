#include "bit_fusion_config.hpp"

#include "sim/common/yaml_reader.hpp"

namespace hcm {

namespace {
constexpr int64_t kMaxCount = int64_t(1) << 20;  // PEs per side, tiles, SMs, ...
}  // namespace

BitFusionConfig readBitFusion(YamlMap& m) {
    BitFusionConfig c;
    c.rows = m.getInt("rows", 16, 1, kMaxCount);
    c.cols = m.getInt("cols", 32, 1, kMaxCount);
    c.brick_bits = static_cast<int>(m.getInt("brick_bits", 2, 1, 8));
    c.max_bits = static_cast<int>(m.getInt("max_bits", 8, 2, 32));
    if (c.max_bits % c.brick_bits != 0) m.fail("max_bits", "must be a multiple of brick_bits");
    return c;
}

}  // namespace hcm
