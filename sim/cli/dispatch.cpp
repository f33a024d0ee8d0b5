#include <boost/program_options/errors.hpp>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <iostream>
#include <map>
#include <vector>

#include "commands.hpp"
#include "sim/common/input_error.hpp"

#ifndef HCMSIM_VERSION
#define HCMSIM_VERSION "dev"
#endif

namespace hcm::cli {

namespace {

struct Command {
    int (*run)(const Args&);  // null: runs in the helper executable hcmsim-NAME
    const char* summary;
};

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table = {
        {"estimate", {runEstimate, "analytical HCM estimate of a network on a platform (no simulation)"}},
        {"run", {runSimulation, "simulate a network on a platform (SystemC TLM-2.0), measure per layer"}},
        {"dram", {runDram, "replay a memory trace through the DRAM model alone"}},
        {"list", {runList, "list zoo networks and starter hardware configs"}},
        {"export", {runExport, "write a network as Timeloop problems or a SCALE-Sim topology"}},
        {"sweep", {runSweepCommand, "architecture study: run every point of a parameter sweep (one process each)"}},
        {"merge", {runMerge, "combine study result CSVs"}},
        {"calibrate", {runCalibrate, "fit the fast estimator to simulations of a platform, report held-out errors"}},
        {"search", {nullptr, "NSGA-II search over per-layer precisions (and hardware), verified by simulation"}},
        {"plot", {runPlot, "roofline, Pareto front or estimator-vs-simulator plots (gnuplot)"}},
        {"rerun", {runRerun, "reproduce a result (summary.json, estimate JSON) from the provenance record in it"}},
        {"costchart", {runCostChart, "cost charts: simulated cost of a network family against depth and width"}},
    };
    return table;
}

void printUsage(std::ostream& os) {
    os << "usage: hcmsim <command> [options]   (hcmsim <command> --help for its options)\n\ncommands:\n";
    for (const auto& [name, cmd] : commands()) {
        os << "  " << name << std::string(12 - name.size(), ' ') << cmd.summary << "\n";
    }
    os << "\nexit codes: 0 success, 1 internal failure, 2 bad input, 130 interrupted\n";
}

}  // namespace

int dispatch(int argc, char** argv) {
    if (argc < 2) {
        printUsage(std::cerr);
        return kExitBadInput;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        printUsage(std::cout);
        return kExitOk;
    }
    if (name == "--version") {
        std::cout << "hcmsim " << HCMSIM_VERSION << "\n";
        return kExitOk;
    }
    const auto it = commands().find(name);
    if (it == commands().end()) {
        std::cerr << "hcmsim: error: unknown command '" << name << "' (see hcmsim --help)\n";
        return kExitBadInput;
    }
    if (!it->second.run) {
        // Replace this process by the helper: the same arguments, stdin,
        // stdout, stderr, signals and exit code.
        const std::string helper = helperExecutable(name);
        std::vector<char*> helperArgv;
        helperArgv.push_back(const_cast<char*>(helper.c_str()));
        for (int i = 2; i < argc; ++i) helperArgv.push_back(argv[i]);
        helperArgv.push_back(nullptr);
        ::execv(helper.c_str(), helperArgv.data());
        std::cerr << "hcmsim " << name << ": internal error: cannot run " << helper << ": " << std::strerror(errno)
                  << "\n";
        return kExitInternal;
    }
    return runCommand(name, it->second.run, Args(argv + 1, argv + argc));
}

std::string helperExecutable(const std::string& name) {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    std::string dir = ".";
    if (n > 0) {
        const std::string self(buf, size_t(n));
        const size_t slash = self.rfind('/');
        if (slash != std::string::npos) dir = self.substr(0, slash);
    }
    return dir + "/hcmsim-" + name;
}

int runCommand(const std::string& name, int (*run)(const Args&), const Args& args) {
    try {
        return run(args);
    } catch (const InputError& e) {
        std::cerr << "hcmsim " << name << ": error: " << e.what() << "\n";
        return kExitBadInput;
    } catch (const boost::program_options::error& e) {
        std::cerr << "hcmsim " << name << ": error: " << e.what() << " (see hcmsim " << name << " --help)\n";
        return kExitBadInput;
    } catch (const std::exception& e) {
        std::cerr << "hcmsim " << name << ": internal error: " << e.what() << "\n";
        return kExitInternal;
    }
}

}  // namespace hcm::cli
