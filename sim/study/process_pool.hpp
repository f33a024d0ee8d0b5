#pragma once
// Runs hcmsim subcommands as child processes, N at a time. SystemC allows one
// simulation per process, so every simulated design point is its own
// process; studies, calibration and search all go through here.
#include <csignal>
#include <functional>
#include <string>
#include <vector>

namespace hcm {

struct ChildJob {
    std::string id;
    std::vector<std::string> args;   // arguments after the executable
    std::string log;                 // file receiving the child's stderr (and stdout)
};

struct ChildResult {
    std::string id;
    int exitCode = -1;               // 128 + signal when killed
    std::string lastErrorLine;       // last non-empty line of the log (the error message)
};

// Path of the running hcmsim executable (children run the same binary).
std::string selfExecutable();

class ProcessPool {
public:
    explicit ProcessPool(int parallelism) : parallelism_(parallelism < 1 ? 1 : parallelism) {}

    // Runs every job; `onDone` is called in completion order from the calling
    // thread. `stop` (if set, e.g. by SIGINT) stops launching new jobs and
    // waits for the running ones.
    void run(const std::vector<ChildJob>& jobs, const std::function<void(const ChildResult&)>& onDone,
             const volatile std::sig_atomic_t* stop = nullptr);

private:
    int parallelism_;
};

}  // namespace hcm
