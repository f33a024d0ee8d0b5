#pragma once
// Random tile-like gather lists, built with the controller's own layout
// functions (hw/controller/tensor_layout.hpp): activation blocks (a run of
// rows per channel), weight blocks (a run per filter) and output blocks (a
// run of pixels per output channel, images in turn) of realistic CNN tensor
// shapes at 1..16 bits, at 4 KiB-aligned bases as DramAllocator places them.
#include <cstdint>
#include <random>
#include <string>

#include "hw/controller/tensor_layout.hpp"

namespace hcm::test {

struct TileList {
    SegmentList segments;
    std::string what;  // shape, for failure messages
};

TileList randomTileList(std::mt19937_64& rng, uint64_t capacityBytes);

}  // namespace hcm::test
