#pragma once
// Config of the `bit_serial` compute engine (the `compute:` section with
// kind: bit_serial). Every field, its unit and default: docs/formats.md.
#include <cstdint>
#include <string>

#include "hw/bit_serial/serial_law.hpp"

namespace hcm {

class YamlMap;

// Bit-serial arrays: Stripes (serial activations), Loom (both serial), BISMO.
struct BitSerialConfig {
    std::string serial = "activations";  // activations | both | binary_matrix
    int64_t rows = 16;             // input channels per brick (lanes of one adder tree)
    int64_t cols = 256;            // filters side by side
    int64_t windows = 16;          // output pixels sharing each weight fetch
    int parallel_bits = 16;        // width of the operand that is not serial (Stripes weights)
    int bits_per_cycle = 1;        // serial bits consumed per cycle (Loom: 1, 2 or 4)
    int64_t dm = 8, dk = 256, dn = 8;  // BISMO binary matrix engine dimensions
    // Energy and area table: one 1-bit x 1-bit product slice of a lane (AND or
    // XNOR plus its share of the adder tree / popcount and accumulator).
    // Defaults are 45 nm estimates: ~3 fJ a bit product (Horowitz, ISSCC 2014:
    // a 32-bit add 0.1 pJ, an 8-bit multiply 0.2 pJ = 64 bit products) and an
    // AND2 + full adder cell pair with wiring, ~6 µm².
    double bit_op_pj = 0.003;
    double bit_op_um2 = 6.0;
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
BitSerialConfig readBitSerial(YamlMap& compute);

// The engine's parameters (hw/bit_serial/serial_law.hpp).
BitSerialParams bitSerialParams(const BitSerialConfig& config);

}  // namespace hcm
