#pragma once
// Parameters of one banked on-chip SRAM buffer (scratchpad).
#include <cstdint>
#include <string>

namespace hcm {

struct SramParams {
    std::string name;
    int64_t capacity_bytes = 0;
    int64_t banks = 1;                  // accessed in parallel (interleaved lines)
    int64_t width_bits = 64;            // port width of one bank
    int64_t read_latency_cycles = 1;
    int64_t write_latency_cycles = 1;
    double read_energy_pj_per_bit = 0;
    double write_energy_pj_per_bit = 0;

    // Bits one access moves across all banks in a cycle.
    int64_t bitsPerCycle() const { return banks * width_bits; }
};

}  // namespace hcm
