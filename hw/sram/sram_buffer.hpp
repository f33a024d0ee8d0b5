#pragma once
// A banked on-chip SRAM buffer as a TLM-2.0 target.
//
// Params: see SramParams (capacity, banks, port width, latencies, pJ/bit).
// Ports:  `socket` (multi-passthrough target): the DMA engine writes tiles in
//         and reads results out; the compute engine reads operands and writes
//         outputs. Addresses are byte offsets inside the buffer.
// Timing: latency + ceil(bits / (banks x width)) cycles per transaction; the
//         banks of double-buffered halves are separate, so the DMA filling one
//         half does not contend with the engine reading the other.
// Streaming width: a transaction whose streaming width is below its length
//         re-accesses the same range (an engine re-reading a resident tile);
//         all of its bytes count for time and energy.
// Occupancy: a WRITE makes its byte range valid; a transaction with
//         TLM_IGNORE_COMMAND releases its range (the controller recycling a
//         buffer half). Any access beyond the capacity is answered with
//         TLM_ADDRESS_ERROR_RESPONSE: an overflow is an error, never a wrap.
// Stats:  SramStats (bytes, accesses, busy cycles, energy, occupancy).
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include <map>

#include "hw/common/timeline_probe.hpp"
#include "sram_params.hpp"
#include "sram_stats.hpp"

namespace hcm {

class SramBuffer : public sc_core::sc_module {
public:
    tlm_utils::multi_passthrough_target_socket<SramBuffer> socket;

    SramBuffer(sc_core::sc_module_name name, const SramParams& params, sc_core::sc_time clockPeriod);

    const SramParams& params() const { return params_; }
    const SramStats& stats() const { return stats_; }
    void setProbe(TimelineProbe* probe);

private:
    void b_transport(int port, tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void markValid(uint64_t begin, uint64_t end);
    void release(uint64_t begin, uint64_t end);
    void reportOccupancy(const sc_core::sc_time& at);

    SramParams params_;
    sc_core::sc_time clock_;
    SramStats stats_;
    std::map<uint64_t, uint64_t> valid_;  // disjoint [begin, end) ranges holding data
    TimelineProbe* probe_ = nullptr;
    int occupancySignal_ = -1;
};

}  // namespace hcm
