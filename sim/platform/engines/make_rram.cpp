#include <algorithm>

#include "engine_factory.hpp"
#include "hw/rram/rram_engine.hpp"

namespace hcm {

// The ISAAC-style crossbar chip with its NoC, tiles and eDRAMs
// (hw/rram/rram_engine.hpp); its parameters are the config's. With
// max_copies 0 (automatic), copies of a layer are capped so that one pixel
// per copy, every crossbar column a filter with 32-bit partial sums, fits
// one half of the output buffer: the controller's smallest tile.
std::unique_ptr<ComputeEngine> makeRramEngine(const PlatformConfig& c, sc_core::sc_time clock) {
    RramParams p = c.compute.rram;
    if (p.max_copies == 0) {
        const BufferSetConfig& b = c.buffers;
        const int64_t halves = b.double_buffer ? 2 : 1;
        const int64_t outBytes = b.shared ? b.unified.capacity_bytes / (3 * halves) : b.ofmap.capacity_bytes / halves;
        p.max_copies = std::max<int64_t>(1, outBytes * 8 / (p.crossbar_cols * 32));
    }
    return std::make_unique<RramEngine>("rram", p, clock);
}

}  // namespace hcm
