#pragma once
// Architecture sweeps: every design point of a study runs as its own hcmsim
// process (one SystemC simulation per process), N in parallel; each finished
// point appends one row to the results CSV, so a rerun skips what is done.
#include <csignal>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "study_config.hpp"

namespace hcm {

struct SweepOptions {
    int jobs = 1;
    std::string out;                     // results CSV
    std::string only;                    // run just this point id
    const volatile std::sig_atomic_t* stop = nullptr; // SIGINT: finish running points, launch no more
};

struct SweepSummary {
    size_t points = 0, skipped = 0, ok = 0, failed = 0;
    size_t infeasible = 0;  // the design cannot run the network (reported with the reason)
    bool interrupted = false;
};

std::vector<std::string> resultHeader(const StudyConfig& study);
// Looks `path` up in a run summary / estimate JSON (see study_config.hpp);
// empty when absent.
std::string collectValue(const nlohmann::json& result, const std::string& path);

SweepSummary runSweep(const StudyConfig& study, const SweepOptions& options);

// Writes DIR/points.csv, DIR/commands.txt (one `sweep --only` command per
// point), DIR/run_parallel.sh (GNU parallel, --sshloginfile for many hosts)
// and the Slurm scripts: the points, `pointsPerTask` to an array task, as job
// arrays of at most `maxArraySize` tasks (the site's MaxArraySize),
// DIR/slurm_submit.sh submitting them and a merge job (`hcmsim merge`) after
// all of them; Slurm's logs go to DIR/logs/.
void emitJobs(const StudyConfig& study, const std::string& studyPath, const std::string& dir,
              size_t maxArraySize = 1000, size_t pointsPerTask = 1);

}  // namespace hcm
