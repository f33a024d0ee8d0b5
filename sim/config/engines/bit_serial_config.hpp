#pragma once
// Config of the `bit_serial` compute engine (the `compute:` section with
// kind: bit_serial). Every field, its unit and default: docs/formats.md.
#include <cstdint>
#include <string>

namespace hcm {

class YamlMap;

// Bit-serial arrays: Stripes (serial activations), Loom (both serial), BISMO.
struct BitSerialConfig {
    std::string serial = "activations";  // activations | both | binary_matrix
    int64_t rows = 16;             // serial MAC lanes = rows x cols
    int64_t cols = 256;
    int parallel_bits = 16;        // width of the operand that is not serial (Stripes weights)
    int bits_per_cycle = 1;        // serial bits consumed per cycle (Loom: 1, 2 or 4)
    int64_t dm = 8, dk = 256, dn = 8;  // BISMO binary matrix engine dimensions
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
BitSerialConfig readBitSerial(YamlMap& compute);

}  // namespace hcm
