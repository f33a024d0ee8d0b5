#pragma once
// One step of a layer's tile loop: the operand tiles that must be loaded
// first, the engine command that computes the tile, and whether the output
// tile is finished (and stored) after it. Step sources generate the steps of
// a layer lazily, so a layer with millions of tiles needs no memory for them.
#include <cstdint>
#include <string>
#include <vector>

#include "dma_engine.hpp"
#include "hw/common/compute_command.hpp"
#include "tensor_layout.hpp"

namespace hcm {

// Input slots of the buffers: slot 0 lives in the ifmap buffer, slot 1 in the
// weight buffer (weights, or the second input of an element-wise add).
constexpr int kInputSlots = 2;

struct TileLoad {
    Operand what = Operand::Ifmap;
    int slot = 0;
    SegmentList segments;
};

struct TileStep {
    std::vector<TileLoad> loads;            // tiles that change at this step
    int64_t slotTile[kInputSlots] = {-1, -1};  // tile id in use per slot (-1: unused)
    int64_t slotBytes[kInputSlots] = {0, 0};   // bytes of those tiles
    ComputeCommand compute;                 // Run or Vector; buffer bases filled by the scheduler
    int64_t outputBytes = 0;                // output tile footprint in the ofmap buffer
    bool storeAfter = false;                // the output tile is complete after this step
    SegmentList storeSegments;
    int64_t macs = 0;
};

class StepSource {
public:
    virtual ~StepSource() = default;
    // Fills `step` with the next step; false when the layer is done.
    virtual bool next(TileStep& step) = 0;
    virtual int64_t totalSteps() const = 0;
    virtual std::string describe() const = 0;
};

}  // namespace hcm
