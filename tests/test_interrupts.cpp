// SIGINT/SIGTERM during real runs: finished work is written, no partial file
// is left under a final name, the exit code says interrupted, and a rerun of
// a sweep resumes without redoing or losing a point.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "sim/study/results_table.hpp"
#include "support/cli_runner.hpp"

namespace fs = std::filesystem;
using hcm::test::readFile;
using hcm::test::tempDir;
using hcm::test::writeFile;

namespace {

// Starts hcmsim with `args`, sends `sig` `delay` after something appears in
// the directory `ready` (the run's temporary VCD: the process is under way
// however slowly a loaded machine starts it), returns the exit code.
int runAndSignal(const std::vector<std::string>& args, int sig, std::chrono::milliseconds delay,
                 const std::string& ready = "") {
    const pid_t pid = ::fork();
    if (pid == 0) {
        std::vector<std::string> copy = args;
        std::vector<char*> argv;
        std::string bin = HCMSIM_BINARY;
        argv.push_back(bin.data());
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::freopen("/dev/null", "w", stdout);
        ::freopen("/dev/null", "w", stderr);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    for (int i = 0; i < 2000 && !ready.empty() && fs::is_empty(ready); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(delay);
    ::kill(pid, sig);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool hasTemporaryFiles(const std::string& dir) {
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.path().filename().string().find(".tmp.") != std::string::npos ||
            e.path().filename().string().find(".partial.") != std::string::npos)
            return true;
    return false;
}

}  // namespace

TEST(Interrupts, RunWritesTheFinishedLayersAndExits130) {
    const std::string dir = tempDir("int_run");
    // VGG-16 at batch 4 takes seconds on the default platform; stop it early.
    const int code = runAndSignal({"run", "--net", "vgg16", "--batch", "4", "--out", dir, "--quiet", "--vcd", dir + "/run.vcd"}, SIGINT,
                                  std::chrono::milliseconds(250), dir);
    ASSERT_EQ(code, 130);
    const nlohmann::json j = nlohmann::json::parse(readFile(dir + "/summary.json"));
    EXPECT_FALSE(j["complete"].get<bool>());
    EXPECT_GT(j["layers"].size(), 0u);
    EXPECT_LT(j["layers"].size(), 22u);
    EXPECT_TRUE(fs::exists(dir + "/layers.csv"));
    EXPECT_TRUE(fs::exists(dir + "/run.vcd"));
    EXPECT_FALSE(hasTemporaryFiles(dir));
}

TEST(Interrupts, SigtermBehavesLikeSigint) {
    const std::string dir = tempDir("int_term");
    const int code = runAndSignal({"run", "--net", "vgg16", "--batch", "4", "--out", dir, "--quiet", "--vcd", dir + "/run.vcd"},
                                  SIGTERM, std::chrono::milliseconds(250), dir);
    EXPECT_EQ(code, 130);
    EXPECT_TRUE(fs::exists(dir + "/summary.json"));
    EXPECT_FALSE(hasTemporaryFiles(dir));
}

TEST(Interrupts, SweepResumesWithoutRedoingOrLosingPoints) {
    const std::string dir = tempDir("int_sweep");
    writeFile(dir + "/study.yaml",
              "name: s\nnet: resnet18\naxes:\n  compute.rows: [8, 16, 32, 64]\n  precision: [w8a8, w4a4]\n"
              "collect: [cycles]\n");
    const int code = runAndSignal({"sweep", "--study", dir + "/study.yaml", "-j", "1", "--out", dir + "/res.csv"}, SIGINT,
                                  std::chrono::milliseconds(400));
    EXPECT_EQ(code, 130);
    const hcm::ResultsTable partial = hcm::readResults(dir + "/res.csv");
    for (const auto& row : partial.rows) EXPECT_EQ(row[3], "ok");  // an interrupted point is not a failure
    const size_t done = partial.rows.size();
    EXPECT_LT(done, 8u);
    const auto again = hcm::test::runHcmsim({"sweep", "--study", dir + "/study.yaml", "--out", dir + "/res.csv"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_NE(again.err.find(std::to_string(8 - done) + " run, " + std::to_string(done) + " already done"), std::string::npos)
        << again.err;
    const hcm::ResultsTable all = hcm::readResults(dir + "/res.csv");
    EXPECT_EQ(all.rows.size(), 8u);
    // Identical to an uninterrupted sweep.
    const auto clean = hcm::test::runHcmsim({"sweep", "--study", dir + "/study.yaml", "--out", dir + "/clean.csv"});
    ASSERT_EQ(clean.exitCode, 0);
    EXPECT_EQ(readFile(dir + "/res.csv"), readFile(dir + "/clean.csv"));
}
