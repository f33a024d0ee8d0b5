#include "bit_serial_config.hpp"

#include "sim/common/yaml_reader.hpp"
#include "sim/config/config_limits.hpp"

namespace hcm {

BitSerialConfig readBitSerial(YamlMap& m) {
    BitSerialConfig c;
    c.serial = m.getEnum("serial", {"activations", "both", "binary_matrix"});
    if (c.serial == "binary_matrix") {
        c.dm = m.getInt("dm", 1, kMaxConfigCount);
        c.dk = m.getInt("dk", 1, kMaxConfigCount);
        c.dn = m.getInt("dn", 1, kMaxConfigCount);
    } else {
        c.rows = m.getInt("rows", 1, kMaxConfigCount);
        c.cols = m.getInt("cols", 1, kMaxConfigCount);
        c.windows = m.getInt("windows", 16, 1, kMaxConfigCount);
        c.parallel_bits = static_cast<int>(m.getInt("parallel_bits", 16, 1, 32));
        c.bits_per_cycle = static_cast<int>(m.getInt("bits_per_cycle", 1, 1, 4));
        if (c.bits_per_cycle == 3) m.fail("bits_per_cycle", "must be 1, 2 or 4");
    }
    c.bit_op_pj = m.getDouble("bit_op_pj", c.bit_op_pj, 0.0, 1e6);
    c.bit_op_um2 = m.getDouble("bit_op_um2", c.bit_op_um2, 0.0, 1e9);
    return c;
}

BitSerialParams bitSerialParams(const BitSerialConfig& c) {
    BitSerialParams p;
    p.mode = parseSerialMode(c.serial).value_or(SerialMode::Activations);
    p.rows = c.rows;
    p.cols = c.cols;
    p.windows = c.windows;
    p.parallel_bits = c.parallel_bits;
    p.bits_per_cycle = c.bits_per_cycle;
    p.dm = c.dm, p.dk = c.dk, p.dn = c.dn;
    p.bit_op_pj = c.bit_op_pj;
    return p;
}

}  // namespace hcm
