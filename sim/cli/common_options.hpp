#pragma once
// Options shared by the subcommands that take a platform and a network
// (estimate, run, calibrate, sweep, ...), so they mean the same everywhere.
#include <boost/program_options.hpp>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "sim/config/platform_config.hpp"
#include "workloads/network.hpp"

namespace hcm::cli {

namespace po = boost::program_options;

struct PlatformOptions {
    std::string hw = "default";
    std::vector<std::string> sets;
};

struct NetworkOptions {
    std::string net;
    std::string quant;
    static constexpr int kNotGiven = -1000000;
    std::string wbits, abits, obits;  // "" not given; else 1..32, fp16 or fp32
    int64_t batch = kNotGiven;
    bool im2colFirstLayer = false;
};

void addPlatformOptions(po::options_description& desc, PlatformOptions& o);
void addNetworkOptions(po::options_description& desc, NetworkOptions& o, const std::string& defaultNet);

PlatformConfig loadPlatform(const PlatformOptions& o);
// Loads the network with precision resolved; policy warnings go to stderr.
Network loadNetworkFor(const NetworkOptions& o);

// Parses `args` (args[0] is the subcommand) against `desc`. Returns false if
// --help was given (usage already printed to stdout).
bool parseCommandLine(const Args& args, const po::options_description& desc, po::variables_map& vm,
                      const std::string& usage);

}  // namespace hcm::cli
