// hcmsim run: simulate a network on a platform and measure every layer.
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "common_options.hpp"
#include "provenance.hpp"
#include "layer_selection.hpp"
#include "sim/common/json_text.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "sim/platform/chrome_trace.hpp"
#include "sim/platform/platform.hpp"
#include "sim/platform/probe_fanout.hpp"
#include "sim/platform/throttled_probe.hpp"
#include "sim/platform/vcd_timeline.hpp"
#include "sim/report/run_report.hpp"
#include "sim/report/text_table.hpp"
#include "sim/study/process_pool.hpp"

namespace hcm::cli {

namespace {

volatile std::sig_atomic_t gStop = 0;
extern "C" void onSignal(int) { gStop = 1; }

}  // namespace

int runSimulation(const Args& args) {
    PlatformOptions platformOpts;
    NetworkOptions netOpts;
    std::string outDir, vcdPath, tracePath, layerList, calibrationFile;
    bool ideal = false, quiet = false, compare = false;
    double probeIntervalNs = 1000;
    po::options_description desc("options");
    addPlatformOptions(desc, platformOpts);
    addNetworkOptions(desc, netOpts, "resnet18");
    desc.add_options()
        ("out", po::value(&outDir), "directory for layers.csv and summary.json (default traces/<net>_<hw>)")
        ("vcd", po::value(&vcdPath), "write a VCD waveform (GTKWave) of busy signals, occupancy, DRAM queue and bandwidth")
        ("trace", po::value(&tracePath), "write a Chrome trace JSON (Perfetto UI) of DMA transfers and compute tiles")
        ("ideal-memory", po::bool_switch(&ideal), "infinitely fast memory: compute-only timing (compare with SCALE-Sim)")
        ("layers", po::value(&layerList), "run only these layers: indices, ranges (3-7), names or globs, comma-separated")
        ("probe-interval-ns", po::value(&probeIntervalNs)->default_value(probeIntervalNs),
         "VCD/trace resolution of sampled values such as queue depth and occupancy (ns)")
        ("compare-estimate", po::bool_switch(&compare),
         "put the estimators' tiers (HCM roofline, engine-aware, calibrated with --calibration) next to the "
         "simulated figures per layer: estimate.json beside summary.json, `estimate_tiers` in it, a table")
        ("calibration", po::value(&calibrationFile), "calibration YAML for --compare-estimate's calibrated tier")
        ("quiet", po::bool_switch(&quiet), "no table on stdout");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm,
                          "usage: hcmsim run [--hw FILE] [--net NET] [--quant FILE] [--out DIR] [--vcd FILE] "
                          "[--trace FILE] [--ideal-memory] [--layers LIST]\n"
                          "Simulates the network on the platform (SystemC TLM-2.0) and measures per layer: cycles, "
                          "stalls by cause, DRAM traffic,\nbits moved per BOP, energy, next to the HCM estimate."))
        return kExitOk;

    if (!(probeIntervalNs >= 0.001 && probeIntervalNs <= 1e9))
        throwInputError({}, "--probe-interval-ns", "must be in [0.001, 1e9]");
    const PlatformConfig platform = loadPlatform(platformOpts);
    const Network net = loadNetworkFor(netOpts);
    RunOptions opts;
    opts.ideal_memory = ideal;
    opts.layers = selectLayers(net, layerList);
    opts.progress = ::isatty(2) != 0;
    opts.stop = &gStop;
    if (outDir.empty()) outDir = "traces/" + net.name + "_" + platform.name;
    ensureDirectory(outDir);
    for (const std::string* p : {&vcdPath, &tracePath})
        if (!p->empty()) ensureDirectory(std::filesystem::path(*p).parent_path().string());

    // Trace writers must exist before elaboration ends: components declare
    // their signals and tracks while the platform is built.
    std::unique_ptr<VcdTimeline> vcd;
    std::unique_ptr<ChromeTrace> chrome;
    ProbeFanout fanout;
    if (!vcdPath.empty()) {
        vcd = std::make_unique<VcdTimeline>("vcd", vcdPath);
        fanout.add(vcd.get());
    }
    if (!tracePath.empty()) {
        chrome = std::make_unique<ChromeTrace>();
        fanout.add(chrome.get());
    }
    // Values are kept to a few points per interval: enough to see a whole
    // network's behaviour without millions of events.
    ThrottledProbe throttled(fanout, uint64_t(probeIntervalNs * 1000.0));
    if (vcd || chrome) opts.probe = &throttled;

    struct sigaction sa {};
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);

    Platform sim(platform, net, opts);
    const RunResult result = sim.run();
    throttled.flush();
    if (vcd) vcd->finish();
    if (chrome) chrome->finish(tracePath);

    RunReport report(platform, net, result, ideal);
    report.provenance = provenanceJson({args, &platform, &netOpts, calibrationFile});
    nlohmann::json tiers;
    if (compare && !ideal) {
        // The estimators run in a child process: SystemC allows one
        // simulation per process, and the engine-aware tier builds an engine.
        std::vector<std::string> est = {"estimate", "--hw", platformOpts.hw, "--net", netOpts.net, "--format", "json",
                                        "--tiers", "all", "--out", outDir + "/estimate.json"};
        for (const auto& s : platformOpts.sets) est.insert(est.end(), {"--set", s});
        if (!netOpts.quant.empty()) est.insert(est.end(), {"--quant", netOpts.quant});
        if (!netOpts.wbits.empty()) est.insert(est.end(), {"--wbits", netOpts.wbits});
        if (!netOpts.abits.empty()) est.insert(est.end(), {"--abits", netOpts.abits});
        if (!netOpts.obits.empty()) est.insert(est.end(), {"--obits", netOpts.obits});
        if (netOpts.batch != NetworkOptions::kNotGiven) est.insert(est.end(), {"--batch", std::to_string(netOpts.batch)});
        if (netOpts.im2colFirstLayer) est.push_back("--im2col-first-layer");
        if (!calibrationFile.empty()) est.insert(est.end(), {"--calibration", calibrationFile});
        int code = -1;
        std::string why;
        ProcessPool(1).run({{"estimate", est, outDir + "/estimate.log"}}, [&](const ChildResult& r) {
            code = r.exitCode;
            why = r.lastErrorLine;
        });
        if (code != 0) throwInputError({}, "--compare-estimate", "the estimate failed: " + why);
        {
            // Its warnings (a calibration fitted on other settings) are the user's to see.
            std::ifstream log(outDir + "/estimate.log");
            for (std::string line; std::getline(log, line);)
                if (line.find("warning:") != std::string::npos) std::cerr << line << "\n";
        }
        std::filesystem::remove(outDir + "/estimate.log");
        std::ifstream in(outDir + "/estimate.json");
        tiers = nlohmann::json::parse(in);
        report.tiers = &tiers;
    }
    writeFileAtomic(outDir + "/layers.csv", [&](std::ostream& os) { writeLayersCsv(os, report); });
    writeFileAtomic(outDir + "/summary.json", jsonText(summaryJson(report), 2) + "\n");
    if (!quiet) writeRunTable(std::cout, report);
    if (!quiet && report.tiers) writeTierTable(std::cout, report);
    const double secs = result.host_seconds > 0 ? result.host_seconds : 1e-9;
    std::cerr << "hcmsim run: simulated " << result.tlm_transactions << " TLM transactions and " << result.dram_bursts
              << " DRAM bursts in " << fixed(secs, 3) << " s (" << fixed(double(result.tlm_transactions) / secs / 1e6, 2)
              << " M transactions/s, " << fixed(double(result.dram_bursts) / secs / 1e6, 2) << " M bursts/s)\n";
    std::cerr << "hcmsim run: wrote " << outDir << "/layers.csv and summary.json"
              << (vcdPath.empty() ? "" : ", " + vcdPath) << (tracePath.empty() ? "" : ", " + tracePath) << "\n";
    if (!result.complete) {
        std::cerr << "hcmsim run: interrupted after " << result.layers.size() << " layers\n";
        return kExitInterrupted;
    }
    return kExitOk;
}

}  // namespace hcm::cli
