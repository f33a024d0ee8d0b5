// Replays the fuzzers' kept inputs on the normal build: every hand-made seed
// (fuzz/seeds/<target>/) and every input a fuzzer once found a bug with
// (fuzz/regressions/<target>/) goes through the same harness as in fuzzing
// (fuzz/harness/). A regression input must be accepted or rejected with an
// hcm::InputError — no other exception, crash or sanitizer report (under
// build-asan these tests run with ASan + UBSan). The seeds are valid inputs:
// they must be accepted, which shows each harness reaches past its parser.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <typeinfo>

#include "fuzz/harness/all.hpp"
#include "support/cli_runner.hpp"

namespace fs = std::filesystem;
using hcm::fuzz::Outcome;
using hcm::fuzz::Target;

namespace {

std::vector<std::string> filesIn(const std::string& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

// Runs one input; an exception other than InputError fails the test.
std::optional<Outcome> replay(const Target& t, const std::string& path) {
    try {
        return t.run(hcm::test::readFile(path));
    } catch (const std::exception& e) {
        ADD_FAILURE() << path << ": " << typeid(e).name() << ": " << e.what();
    } catch (...) {
        ADD_FAILURE() << path << ": a non-standard exception";
    }
    return std::nullopt;
}

const Target& target(const std::string& name) {
    for (const Target& t : hcm::fuzz::allTargets())
        if (name == t.name) return t;
    throw std::runtime_error("no fuzz target " + name);
}

std::string targetName(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

std::vector<std::string> targetNames() {
    std::vector<std::string> names;
    for (const Target& t : hcm::fuzz::allTargets()) names.push_back(t.name);
    return names;
}

}  // namespace

class FuzzReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzReplay, SeedsAreAccepted) {
    const Target& t = target(GetParam());
    const auto seeds = filesIn(hcm::test::sourcePath("fuzz/seeds/" + GetParam()));
    EXPECT_GE(seeds.size(), 1u) << "every target has at least one hand-made or generated seed";
    for (const auto& path : seeds)
        EXPECT_EQ(replay(t, path), Outcome::Accepted) << path << ": " << hcm::fuzz::lastRejection();
}

TEST_P(FuzzReplay, RegressionsAreAcceptedOrRejectedCleanly) {
    const Target& t = target(GetParam());
    for (const auto& path : filesIn(hcm::test::sourcePath("fuzz/regressions/" + GetParam()))) {
        SCOPED_TRACE(path);
        replay(t, path);
    }
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, ::testing::ValuesIn(targetNames()), targetName);

// Ten parsers, ten targets: hardware YAML (+ --set), network YAML,
// quantization policy, SCALE-Sim topology CSV and config, ONNX, DRAM trace,
// study, sensitivity, calibration.
TEST(FuzzTargets, OnePerParser) { EXPECT_EQ(hcm::fuzz::allTargets().size(), 10u); }
