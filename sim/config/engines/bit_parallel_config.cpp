#include "bit_parallel_config.hpp"

#include "sim/common/yaml_reader.hpp"

namespace hcm {

namespace {
constexpr int64_t kMaxCount = int64_t(1) << 20;  // PEs per side, tiles, SMs, ...
}  // namespace

BitParallelConfig readBitParallel(YamlMap& m) {
    BitParallelConfig c;
    c.rows = m.getInt("rows", 1, kMaxCount);
    c.cols = m.getInt("cols", 1, kMaxCount);
    c.dataflow = m.getEnum("dataflow", "ws", {"ws", "os", "is"});
    c.mac_bits = static_cast<int>(m.getInt("mac_bits", 8, 1, 32));
    c.pack = m.getBool("pack", true);
    return c;
}

}  // namespace hcm
