// hcmsim export: a network's layers as Timeloop problems or a SCALE-Sim
// topology, so studies can be cross-checked in those tools.
#include <iostream>

#include "common_options.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/input_error.hpp"
#include "workloads/export/scalesim_export.hpp"
#include "workloads/export/timeloop_export.hpp"

namespace hcm::cli {

namespace {

constexpr const char* kUsage =
    "usage: hcmsim export --net NET --to timeloop DIR\n"
    "       hcmsim export --net NET --to scalesim FILE [--form conv|gemm]\n"
    "Writes the network's layers for cross-checking in other tools:\n"
    "  timeloop DIR   one Timeloop problem YAML (v0.4) per conv/fc layer, NNN_<layer>.yaml, and index.csv\n"
    "                 (file, layer, op, groups, macs, weights, bits); pool/add layers have no problem\n"
    "  scalesim FILE  a SCALE-Sim topology CSV (conv form: one image, --batch 1; gemm form: Layer, M, N, K)\n"
    "--net takes a zoo name, a .yaml or .csv network, or an ONNX model (.onnx).";

int exportTimeloop(const Network& net, const std::string& dir) {
    ensureDirectory(dir);
    const auto files = timeloopProblems(net);
    for (const auto& f : files) writeFileAtomic(dir + "/" + f.name, f.content);
    const size_t problems = files.size() - 1;  // the last file is index.csv
    std::cout << "wrote " << problems << " Timeloop problems (conv/fc layers) and index.csv to " << dir << "\n";
    if (net.layers.size() > problems)
        std::cout << (net.layers.size() - problems) << " memory-only layers (pool, add) have no Timeloop problem\n";
    return kExitOk;
}

int exportScaleSim(const Network& net, const std::string& file, const std::string& form) {
    if (form != "conv" && form != "gemm") throwInputError({}, "--form", "'" + form + "' is not one of: conv, gemm");
    const auto topo = scaleSimTopology(net, form == "conv" ? ScaleSimForm::Conv : ScaleSimForm::Gemm);
    writeFileAtomic(file, topo.csv);
    std::cout << "wrote " << topo.rows << " SCALE-Sim " << form << " rows to " << file << "\n";
    for (const auto& n : topo.notes) std::cout << "note: " << n << "\n";
    return kExitOk;
}

}  // namespace

int runExport(const Args& args) {
    NetworkOptions netOpts;
    std::vector<std::string> to;
    std::string form = "conv";
    po::options_description desc("options");
    addNetworkOptions(desc, netOpts, "");
    desc.add_options()
        ("to", po::value(&to)->multitoken(), "target and where: 'timeloop DIR' or 'scalesim FILE'")
        ("form", po::value(&form)->default_value(form), "SCALE-Sim topology form: conv | gemm");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm, kUsage)) return kExitOk;
    if (to.size() != 2 || (to[0] != "timeloop" && to[0] != "scalesim"))
        throwInputError({}, "--to", "expected 'timeloop DIR' or 'scalesim FILE'");
    if (to[1].empty()) throwInputError({}, "--to", "empty output path");
    const Network net = loadNetworkFor(netOpts);
    return to[0] == "timeloop" ? exportTimeloop(net, to[1]) : exportScaleSim(net, to[1], form);
}

}  // namespace hcm::cli
