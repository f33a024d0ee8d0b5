#pragma once
// Replays a memory trace through the DRAM model alone (no SystemC): every
// trace line is one 64-byte request (split into bursts when a burst is
// smaller), issued in order as fast as the channel queues accept it (a line
// with a leading cycle is not issued before that cycle).
#include <cstdint>
#include <istream>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "dram_params.hpp"
#include "dram_stats.hpp"

namespace hcm {

struct TraceReplayResult {
    std::string trace;            // name of the input
    uint64_t reads = 0;           // trace read requests (64 bytes each)
    uint64_t writes = 0;
    int64_t cycles = 0;           // first arrival to last data beat, memory clocks
    double ns = 0;
    double bandwidth_gbytes_per_s = 0;    // GB/s (1e9 bytes per second) over `ns`
    double avg_read_latency_ns = 0;  // per burst, arrival to last data beat
    double p99_read_latency_ns = 0;
    uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;  // per burst
    double energy_pj = 0;         // commands + background
    DramStats stats;              // everything else

    nlohmann::json toJson(const DramParams& params) const;
};

constexpr int kTraceRequestBytes = 64;

// Throws InputError for an unreadable file or a malformed line (file:line:column).
TraceReplayResult replayTrace(const std::string& path, const DramParams& params);
TraceReplayResult replayTrace(std::istream& in, const std::string& name, const DramParams& params);

}  // namespace hcm
