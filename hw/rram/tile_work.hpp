#pragma once
// The work a command gives one RRAM tile, carried as a TLM extension from the
// chip (RramEngine) through the NoC (RramNoc) to the tile (RramTile). The
// payload's address selects the tile; its length is the input bytes the NoC
// delivers into the tile's eDRAM.
#include <tlm>

#include <cstdint>

namespace hcm {

struct TileWork : tlm::tlm_extension<TileWork> {
    int64_t crossbars = 0;       // crossbars of the tile that compute
    int64_t vectors = 0;         // input vectors each of them processes (one copy's pixels)
    int64_t steps = 1;           // reads per input vector (input bit slices)
    uint64_t read_ps = 0;        // one read cycle
    int64_t input_bits = 0;      // NoC -> eDRAM (unique inputs of the tile's row folds)
    int64_t ima_input_bits = 0;  // eDRAM -> IMA input registers (every crossbar's rows, per vector)
    int64_t output_bits = 0;     // partial sums / outputs leaving the tile over the NoC
    // Filled in on the way back.
    uint64_t compute_ps = 0;     // the IMAs' time
    int hops = 0;                // router hops between the chip's I/O and the tile

    tlm::tlm_extension_base* clone() const override { return new TileWork(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const TileWork&>(other); }
};

}  // namespace hcm
