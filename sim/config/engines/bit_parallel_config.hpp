#pragma once
// Config of the `bit_parallel` compute engine (the `compute:` section with
// kind: bit_parallel). Every field, its unit and default: docs/formats.md.
#include <cstdint>
#include <string>

namespace hcm {

class YamlMap;

// Systolic bit-parallel array (SCALE-Sim style).
struct BitParallelConfig {
    int64_t rows = 16;
    int64_t cols = 16;
    std::string dataflow = "ws";   // ws | os | is
    int mac_bits = 8;              // native operand width of a PE
    bool pack = true;              // sub-word parallelism for narrow operands
};

// Reads the fields of this kind from `compute:` (the caller calls finish()).
BitParallelConfig readBitParallel(YamlMap& compute);

}  // namespace hcm
