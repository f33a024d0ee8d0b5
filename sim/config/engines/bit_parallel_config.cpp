#include "bit_parallel_config.hpp"

#include "sim/common/yaml_reader.hpp"
#include "sim/config/config_limits.hpp"

namespace hcm {

BitParallelConfig readBitParallel(YamlMap& m) {
    BitParallelConfig c;
    c.rows = m.getInt("rows", 1, kMaxConfigCount);
    c.cols = m.getInt("cols", 1, kMaxConfigCount);
    c.dataflow = m.getEnum("dataflow", "ws", {"ws", "os", "is"});
    c.mac_bits = static_cast<int>(m.getInt("mac_bits", 8, 1, 32));
    c.pack = m.getBool("pack", true);
    return c;
}

}  // namespace hcm
