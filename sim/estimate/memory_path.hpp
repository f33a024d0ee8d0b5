#pragma once
// The memory path of the engine-aware estimator: a DMA transfer crosses the
// interconnect (one channel per direction, width bits a cycle, FCFS, plus its
// latency, as hw/interconnect does) to the DRAM, which serves transfers one
// after another at the characterized rates (MemoryTiming). Counts the DRAM
// bytes as the DRAM model moves them (whole bursts).
#include <systemc>

#include <cstdint>

#include "hw/interconnect/interconnect_params.hpp"
#include "memory_timing.hpp"

namespace hcm {

class SegmentList;

class MemoryPath {
public:
    MemoryPath(const MemoryTiming& timing, const InterconnectParams& link, sc_core::sc_time clock, uint64_t burstSize);

    // When the data of a read has arrived / a write is in DRAM, issued at `at`.
    sc_core::sc_time read(const SegmentList& segments, const sc_core::sc_time& at);
    sc_core::sc_time write(const SegmentList& segments, const sc_core::sc_time& at);

    uint64_t dramReadBytes() const { return readBytes_; }
    uint64_t dramWriteBytes() const { return writeBytes_; }
    void resetCounters() { readBytes_ = writeBytes_ = 0; }

private:
    sc_core::sc_time transfer(const SegmentList& segments, bool write, const sc_core::sc_time& at);

    const MemoryTiming& timing_;
    InterconnectParams link_;
    sc_core::sc_time clock_;
    uint64_t burst_;
    sc_core::sc_time linkFree_[2];   // per direction: 0 read, 1 write
    sc_core::sc_time dramFree_;      // when the DRAM has served everything queued
    bool lastWrite_ = false;
    bool anyTransfer_ = false;
    uint64_t readBytes_ = 0, writeBytes_ = 0;
};

}  // namespace hcm
