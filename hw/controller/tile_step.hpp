#pragma once
// One step of a layer's tile loop: the operand tiles that must be loaded
// first, the engine command that computes the tile, and whether the output
// tile is finished (and stored) after it. Step sources generate the steps of
// a layer lazily, so a layer with millions of tiles needs no memory for them.
#include <cstdint>
#include <string>
#include <vector>

#include "dma_engine.hpp"
#include "hw/common/buffer_role.hpp"
#include "hw/common/compute_command.hpp"
#include "tensor_layout.hpp"

namespace hcm {

// Input slots of the buffers: a slot is the index of the buffer it lives in,
// the ifmap buffer or the weight buffer (weights, or the second input of an
// element-wise add), so a slot is also the DMA buffer socket it loads through.
constexpr int kIfmapSlot = bufferIndex(BufferRole::Ifmap);
constexpr int kWeightSlot = bufferIndex(BufferRole::Weight);
constexpr int kInputSlots = 2;
static_assert(kIfmapSlot == 0 && kWeightSlot == 1, "input slots index arrays of kInputSlots");
// A load into the ofmap buffer: the partial sums of the step's output tile,
// read back from DRAM (TilePlan::reduction_outer). It goes to the half the
// output tile uses, once the tile that used that half before is stored.
constexpr int kPsumSlot = bufferIndex(BufferRole::Ofmap);

struct TileLoad {
    Operand what = Operand::Ifmap;
    int slot = kIfmapSlot;
    SegmentList segments;
};

// The GEMM block a step computes: pixels [m0, m1), reduction elements
// [k0, k1), filters [n0, n1) of group `group` (empty for memory-only steps
// and weight programming).
struct TileBlock {
    int64_t group = 0, m0 = 0, m1 = 0, k0 = 0, k1 = 0, n0 = 0, n1 = 0;
};

struct TileStep {
    std::vector<TileLoad> loads;            // tiles that change at this step
    int64_t slotTile[kInputSlots] = {-1, -1};  // tile id in use per slot (-1: unused)
    int64_t slotBytes[kInputSlots] = {0, 0};   // bytes of those tiles
    ComputeCommand compute;                 // Run or Vector; buffer bases filled by the scheduler
    int64_t outputBytes = 0;                // output tile footprint in the ofmap buffer
    bool storeAfter = false;                // the output tile is stored after this step
    Operand storeWhat = Operand::Ofmap;     // Psum: partial sums that come back later
    SegmentList storeSegments;
    int64_t macs = 0;
    TileBlock block;
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
