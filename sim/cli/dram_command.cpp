// hcmsim dram: replay a memory trace through the DRAM model alone and print
// the measured figures as JSON (units in every key); or, with
// --characterize, print the memory-path characterization the estimator uses.
#include <iostream>

#include <nlohmann/json.hpp>

#include "common_options.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/trace_replay.hpp"
#include "sim/estimate/characterization_cache.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/input_error.hpp"

namespace hcm::cli {

int runDram(const Args& args) {
    po::options_description desc("options");
    std::string trace, preset;
    PlatformOptions platform;
    bool characterizeOnly = false;
    std::string presets;
    for (const auto& n : dramPresetNames()) presets += (presets.empty() ? "" : ", ") + n;
    desc.add_options()
        ("trace", po::value(&trace), "memory trace: one request per line, 'LD 0xADDR' / 'ST 0xADDR' "
                                     "(also R/W, 'ADDR R', a leading cycle, # comments); 64 bytes each")
        ("characterize", po::bool_switch(&characterizeOnly),
         "print the memory-path characterization of the platform (DMA -> interconnect -> DRAM) "
         "the estimator uses, measured once per configuration and cached (docs/memory_characterization.md)");
    addPlatformOptions(desc, platform);
    desc.add_options()
        ("preset", po::value(&preset), ("DRAM preset, same as --set dram.preset=NAME (" + presets + ")").c_str());
    po::variables_map vm;
    const std::string usage =
        "usage: hcmsim dram --trace FILE [--hw FILE] [--preset NAME] [--set dram.KEY=VALUE ...]\n"
        "       hcmsim dram --characterize [--hw FILE] [--preset NAME] [--set KEY=VALUE ...]\n"
        "Replays a memory trace through the DRAM model (the --hw config's dram section, default:\n"
        "configs/default.yaml) as fast as the request queues accept, and prints JSON: cycles, ns,\n"
        "bandwidth_gbytes_per_s (GB/s), avg/p99_read_latency_ns, row_hits/misses/conflicts, energy_pj, ...\n"
        "--characterize prints what the memory path costs the estimator: sustained bandwidth per access\n"
        "pattern, first-access latency, per-row-visit costs (DRAM clock and platform clock).";
    if (!parseCommandLine(args, desc, vm, usage)) return kExitOk;
    if (trace.empty() && !characterizeOnly)
        throwInputError({}, "--trace", "a trace file or --characterize is required (see hcmsim dram --help)");
    if (!trace.empty() && characterizeOnly) throwInputError({}, "--characterize", "cannot be combined with --trace");
    std::vector<std::string> sets;
    if (!preset.empty()) sets.push_back("dram.preset=" + preset);
    sets.insert(sets.end(), platform.sets.begin(), platform.sets.end());
    const PlatformConfig config = loadPlatformConfig(platform.hw, sets);
    if (characterizeOnly) {
        nlohmann::ordered_json j = characterize(config).toJson();
        if (config.cache.enabled)
            j["l2_cache_note"] = "not modelled: the platform's L2 sits between the interconnect and the DRAM";
        std::cout << j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
        return kExitOk;
    }
    const TraceReplayResult result = replayTrace(trace, config.dram);
    std::cout << jsonText(result.toJson(config.dram), 2) << "\n";
    return kExitOk;
}

}  // namespace hcm::cli
