#pragma once
// Measures a platform's memory path by running the DRAM timing model
// (DramController, plain C++, no SystemC) on synthetic access patterns issued
// the way the DMA's gather transactions reach it (hw/dram/gather_replay.hpp).
// Deterministic: the same parameters give the same numbers, bit for bit.
#include <vector>

#include "hw/dram/dram_controller.hpp"
#include "memory_characterization.hpp"

namespace hcm {

MemoryCharacterization measureMemoryPath(const DramParams& dram, const InterconnectParams& interconnect,
                                         double clockMhz);

// Measurement helpers, shared with the validation tests. All start from a
// "warm" controller: every bank of every channel has some far-away row open,
// as after running a while with the open-page policy.
namespace memory_probe {

// A controller with refresh as in `p`, warmed up; returns the cycle the
// warm-up traffic finished.
int64_t warmUp(DramController& dram);

// Memory-clock cycles this list occupies when queued right behind an
// unrelated transfer (one row visit per channel in a bank the list reaches
// last), as a load queued behind a store: its finish minus the earlier one's.
// `predecessorWrite`: direction of the earlier transfer.
double serviceBehind(const DramParams& p, const std::vector<DmaSegment>& list, bool write, bool predecessorWrite);

// Issue to last data of the list on an idle, warm memory arriving at
// `idleGap` cycles after the warm-up; *firstData gets arrival to first data.
double transferIdle(const DramParams& p, const std::vector<DmaSegment>& list, bool write, int64_t idleGap = 200,
                    double* firstData = nullptr);

}  // namespace memory_probe

}  // namespace hcm
