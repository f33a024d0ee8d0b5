#include "bit_serial_config.hpp"

#include "sim/common/yaml_reader.hpp"

namespace hcm {

namespace {
constexpr int64_t kMaxCount = int64_t(1) << 20;  // PEs per side, tiles, SMs, ...
}  // namespace

BitSerialConfig readBitSerial(YamlMap& m) {
    BitSerialConfig c;
    c.serial = m.getEnum("serial", {"activations", "both", "binary_matrix"});
    if (c.serial == "binary_matrix") {
        c.dm = m.getInt("dm", 1, kMaxCount);
        c.dk = m.getInt("dk", 1, kMaxCount);
        c.dn = m.getInt("dn", 1, kMaxCount);
    } else {
        c.rows = m.getInt("rows", 1, kMaxCount);
        c.cols = m.getInt("cols", 1, kMaxCount);
        c.parallel_bits = static_cast<int>(m.getInt("parallel_bits", 16, 1, 32));
        c.bits_per_cycle = static_cast<int>(m.getInt("bits_per_cycle", 1, 1, 4));
        if (c.bits_per_cycle == 3) m.fail("bits_per_cycle", "must be 1, 2 or 4");
    }
    return c;
}

}  // namespace hcm
