#pragma once
#include <cstdint>

namespace hcm {

// The on-chip network between the DMA engines and the memory controller:
// independent read and write data channels (AXI-like), each `width_bits` per
// cycle, plus a fixed latency per transaction.
struct InterconnectParams {
    int64_t width_bits = 256;
    int64_t latency_cycles = 2;
    double energy_pj_per_bit = 0;
};

}  // namespace hcm
