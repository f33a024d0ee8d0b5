#pragma once
// A memory trace replayed through the DRAM model (hcmsim dram --trace). The
// first byte picks the preset and page policy; the rest is the trace text.
// Work is bounded by the input: one 64-byte request per trace line.
#include <sstream>

#include "common.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/trace_replay.hpp"

namespace hcm::fuzz {

inline Outcome dramTrace(const std::string& input) {
    if (input.empty()) return Outcome::Rejected;
    static const char* const kPresets[] = {"ddr4_2400", "lpddr4_3200", "hbm2"};
    const unsigned char option = static_cast<unsigned char>(input[0]);
    DramParams params = dramPreset(kPresets[option % 3]);
    params.page_policy = (option / 3) % 2 ? PagePolicy::Closed : PagePolicy::Open;
    params.refresh = (option / 6) % 2 == 0;
    std::istringstream trace(input.substr(1));
    return guarded([&] {
        const TraceReplayResult r = replayTrace(trace, "fuzz.trace", params);
        jsonText(r.toJson(params));
    });
}

}  // namespace hcm::fuzz
