#pragma once
// Descriptors from the layer controller to the DMA engine, carried as a TLM
// extension (the engine's descriptor queue). The engine answers by annotating
// the delay until the transfer is complete.
#include <tlm>

#include "hw/common/buffer_role.hpp"
#include "tensor_layout.hpp"

namespace hcm {

enum class Operand;

struct DmaCommand : tlm::tlm_extension<DmaCommand> {
    enum class Op { Load, Store, Release };
    Op op = Op::Load;
    Operand what{};
    int buffer = 0;                  // which buffer socket: a bufferIndex(BufferRole)
    const SegmentList* segments = nullptr;
    uint64_t buffer_base = 0;
    uint64_t release_bytes = 0;      // Release: bytes from buffer_base

    // Result: when the channel actually started (it may have been busy).
    sc_core::sc_time started;

    tlm::tlm_extension_base* clone() const override { return new DmaCommand(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const DmaCommand&>(other); }
};

}  // namespace hcm
