#pragma once
// Subcommands of hcmsim. Each takes its own arguments (argv[0] is the
// subcommand name) and returns the process exit code:
//   0 success, 1 internal failure, 2 bad input, 130 interrupted.
#include <string>
#include <vector>

namespace hcm::cli {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitInterrupted = 130;

using Args = std::vector<std::string>;

int runEstimate(const Args& args);
int runSimulation(const Args& args);   // "run"
int runDram(const Args& args);         // "dram": replay a memory trace through the DRAM model
int runList(const Args& args);         // "list": zoo networks and starter configs
int runExport(const Args& args);       // "export": Timeloop problems / SCALE-Sim topology of a network
int runSweepCommand(const Args& args); // "sweep": architecture studies
int runMerge(const Args& args);        // "merge": combine study result files
int runCalibrate(const Args& args);    // "calibrate": fit the fast estimator to simulations
int runSearchCommand(const Args& args);// "search": NSGA-II mixed-precision search
int runPlot(const Args& args);         // "plot": roofline, Pareto front, estimator scatter
int runCostChart(const Args& args);    // "costchart": cost against depth and width
int runRerun(const Args& args);        // "rerun": reproduce a result from its provenance record

// Parses argv, runs the subcommand, turns exceptions into exit codes.
// `search` runs in the helper executable hcmsim-search next to hcmsim.
int dispatch(int argc, char** argv);

// Runs one subcommand on its arguments (args[0]: its name), turning
// exceptions into exit codes.
int runCommand(const std::string& name, int (*run)(const Args&), const Args& args);

// The executable a subcommand that lives in a helper runs: `hcmsim-NAME`
// next to the running hcmsim.
std::string helperExecutable(const std::string& name);

}  // namespace hcm::cli
