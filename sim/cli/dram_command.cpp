// hcmsim dram: replay a memory trace through the DRAM model alone and print
// the measured figures as JSON (units in every key).
#include <iostream>

#include <nlohmann/json.hpp>

#include "common_options.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/trace_replay.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/input_error.hpp"

namespace hcm::cli {

int runDram(const Args& args) {
    po::options_description desc("options");
    std::string trace, preset;
    PlatformOptions platform;
    std::string presets;
    for (const auto& n : dramPresetNames()) presets += (presets.empty() ? "" : ", ") + n;
    desc.add_options()
        ("trace", po::value(&trace), "memory trace: one request per line, 'LD 0xADDR' / 'ST 0xADDR' "
                                     "(also R/W, 'ADDR R', a leading cycle, # comments); 64 bytes each");
    addPlatformOptions(desc, platform);
    desc.add_options()
        ("preset", po::value(&preset), ("DRAM preset, same as --set dram.preset=NAME (" + presets + ")").c_str());
    po::variables_map vm;
    const std::string usage =
        "usage: hcmsim dram --trace FILE [--hw FILE] [--preset NAME] [--set dram.KEY=VALUE ...]\n"
        "Replays a memory trace through the DRAM model (the --hw config's dram section, default:\n"
        "configs/default.yaml) as fast as the request queues accept, and prints JSON: cycles, ns,\n"
        "bandwidth_gbps (GB/s), avg/p99_read_latency_ns, row_hits/misses/conflicts, energy_pj, ...";
    if (!parseCommandLine(args, desc, vm, usage)) return kExitOk;
    if (trace.empty()) throwInputError({}, "--trace", "a trace file is required (see hcmsim dram --help)");
    std::vector<std::string> sets;
    if (!preset.empty()) sets.push_back("dram.preset=" + preset);
    sets.insert(sets.end(), platform.sets.begin(), platform.sets.end());
    const PlatformConfig config = loadPlatformConfig(platform.hw, sets);
    const TraceReplayResult result = replayTrace(trace, config.dram);
    std::cout << jsonText(result.toJson(config.dram), 2) << "\n";
    return kExitOk;
}

}  // namespace hcm::cli
