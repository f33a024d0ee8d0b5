#pragma once
// The DMA engine: moves tiles between DRAM and the on-chip buffers as TLM
// transactions. It has a load channel (DRAM -> buffer) and a store channel
// (buffer -> DRAM), each serving its transfers in order, so loads of the next
// tile overlap with stores of the previous one.
//
// Ports:  `cmd` (target): DmaCommand descriptors from the layer controller;
//         `load_mem`, `store_mem` (initiators) to the interconnect;
//         `to_buffer[i]` (initiators) to the ifmap, weight and ofmap buffers.
// Timing: a load sends the transfer's DRAM segments as one scatter-gather
//         transaction (GatherList) when the channel starts it, so the DRAM
//         controller queues all their bursts together, then writes the tile
//         into the buffer when the data has arrived. A store reads the tile
//         from the buffer and writes it to DRAM the same way.
// Stats:  bytes and transfers per operand (requested bytes; the DRAM's own
//         stats count whole bursts), busy time per channel.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "hw/common/buffer_role.hpp"
#include "hw/common/timeline_probe.hpp"
#include "dma_command.hpp"
#include "tensor_layout.hpp"

namespace hcm {

// Psum: partial sums spilled to DRAM between reduction blocks and read back.
enum class Operand { Ifmap = 0, Weight = 1, Ofmap = 2, Residual = 3, Psum = 4 };
constexpr int kOperandCount = 5;
const char* toString(Operand op);

struct DmaStats {
    std::array<int64_t, kOperandCount> bytes{};      // by Operand
    std::array<int64_t, kOperandCount> transfers{};
    std::array<int64_t, kOperandCount> segments{};
    int64_t load_busy_ps = 0, store_busy_ps = 0;
    int64_t commands = 0;                            // descriptors received
};

class DmaEngine : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<DmaEngine> cmd;
    tlm_utils::simple_initiator_socket<DmaEngine> load_mem;
    tlm_utils::simple_initiator_socket<DmaEngine> store_mem;
    // One socket per on-chip buffer the engine fills or drains, at bufferIndex(role).
    std::array<std::unique_ptr<tlm_utils::simple_initiator_socket<DmaEngine>>, kBufferRoles> to_buffer;

    explicit DmaEngine(sc_core::sc_module_name name);

    // Loads `segs` of `what` into buffer `buffer` at byte offset `bufferBase`,
    // starting no earlier than `earliest`. Returns the completion time.
    sc_core::sc_time load(Operand what, int buffer, const SegmentList& segs, uint64_t bufferBase,
                          const sc_core::sc_time& earliest);
    // Stores the tile at `bufferBase` of buffer `buffer` to `segs` in DRAM.
    sc_core::sc_time store(Operand what, int buffer, const SegmentList& segs, uint64_t bufferBase,
                           const sc_core::sc_time& earliest);
    // Tells buffer `buffer` that [base, base + bytes) no longer holds data.
    void release(int buffer, uint64_t base, uint64_t bytes, const sc_core::sc_time& at);

    sc_core::sc_time loadFree() const { return loadFree_; }
    sc_core::sc_time storeFree() const { return storeFree_; }
    const DmaStats& stats() const { return stats_; }
    void setProbe(TimelineProbe* probe);
    void setSliceLabel(const std::string& label) { label_ = label; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    sc_core::sc_time transport(tlm_utils::simple_initiator_socket<DmaEngine>& port, tlm::tlm_command cmd,
                               uint64_t address, uint64_t bytes, const sc_core::sc_time& at);
    sc_core::sc_time gather(tlm_utils::simple_initiator_socket<DmaEngine>& port, tlm::tlm_command cmd,
                            const DmaSegment* segs, size_t count, uint64_t bytes, const sc_core::sc_time& at);

    sc_core::sc_time loadFree_, storeFree_;
    DmaStats stats_;
    tlm::tlm_generic_payload gp_;
    TimelineProbe* probe_ = nullptr;
    int loadTrack_ = -1, storeTrack_ = -1;
    std::string label_;
};

}  // namespace hcm
