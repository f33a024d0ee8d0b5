// Golden outputs (Verilator style): small runs on every engine kind whose
// files must match tests/golden/<case>/ byte for byte. The same test runs in
// the Release build and in the sanitizer build (tools/quickstart.sh asan), so
// it also shows that results do not depend on the build type, and any change
// to a model's numbers shows up as a reviewed diff of these files.
//
// After an intended model change, regenerate with
//   HCMSIM_UPDATE_GOLDEN=1 ctest -R Golden
// and commit the diff of tests/golden/ with the change that caused it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "support/cli_runner.hpp"

namespace fs = std::filesystem;
using hcm::test::readFile;
using hcm::test::runHcmsim;

namespace {

struct GoldenCase {
    std::string name;
    std::vector<std::string> args;   // {out} is replaced by the case's output directory
    std::vector<std::string> files;  // what to compare, relative to {out}
};

// Small but covering: every engine family, mixed precision, a binary network,
// the traces (VCD and Chrome JSON) and the estimator's JSON.
// `hcmsim run` of a few layers, comparing layers.csv and summary.json.
GoldenCase runCase(const std::string& name, const std::string& hw, const std::string& net,
                   std::vector<std::string> options) {
    std::vector<std::string> args = {"run", "--hw", hw, "--net", net, "--out", "{out}", "--quiet"};
    args.insert(args.end(), options.begin(), options.end());
    return {name, args, {"layers.csv", "summary.json"}};
}

std::vector<GoldenCase> cases() {
    GoldenCase traced = runCase("run_default_w4a4", "default", "resnet20",
                                {"--wbits", "4", "--abits", "4", "--layers", "0-3", "--vcd", "{out}/run.vcd", "--trace",
                                 "{out}/trace.json"});
    traced.files = {"layers.csv", "summary.json", "run.vcd", "trace.json"};
    return {
        traced,
        runCase("run_stripes_w8a5", "stripes", "resnet20", {"--wbits", "8", "--abits", "5", "--layers", "0-3"}),
        runCase("run_loom_w3a6", "loom", "resnet20", {"--wbits", "3", "--abits", "6", "--layers", "18-21"}),
        runCase("run_bismo_w2a2", "bismo", "resnet20", {"--wbits", "2", "--abits", "2", "--layers", "0-2"}),
        runCase("run_bitfusion_w2a8", "bitfusion", "resnet20", {"--wbits", "2", "--abits", "8", "--layers", "0-3"}),
        runCase("run_isaac_w8a8", "isaac", "resnet20", {"--layers", "0-3"}),
        runCase("run_gpu_sm_binary", "gpu_sm", "xnor_alexnet", {"--layers", "1-3"}),
        {"estimate_jetson_mobilenet",
         {"estimate", "--hw", "jetson_like", "--net", "mobilenet_v2", "--wbits", "4", "--abits", "4", "--format", "json",
          "--out", "{out}/estimate.json"},
         {"estimate.json"}},
    };
}

std::string caseName(const ::testing::TestParamInfo<GoldenCase>& info) { return info.param.name; }

// The provenance record (program commit, file paths and hashes) changes with
// every commit and checkout: the goldens hold the result without it. It must
// be there, as the second-level object "provenance" (keys are sorted, so
// "totals" follows it).
std::string withoutProvenance(const std::string& text) {
    const size_t at = text.find("\n  \"provenance\": {");
    if (at == std::string::npos) return text;
    const size_t end = text.find("\n  },", at + 1);
    if (end == std::string::npos) return text;
    return text.substr(0, at) + text.substr(end + 5);
}

// How ctest and failure messages show a case: its name, not its bytes (found by ADL).
[[maybe_unused]] void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

}  // namespace

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, OutputsMatchByteForByte) {
    const GoldenCase& c = GetParam();
    const std::string out = hcm::test::tempDir("golden_" + c.name);
    std::vector<std::string> args;
    for (std::string a : c.args) {
        const size_t at = a.find("{out}");
        if (at != std::string::npos) a.replace(at, 5, out);
        args.push_back(a);
    }
    const auto r = runHcmsim(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;

    const fs::path golden = hcm::test::sourcePath("tests/golden/" + c.name);
    const bool update = std::getenv("HCMSIM_UPDATE_GOLDEN") != nullptr;
    for (const std::string& f : c.files) {
        std::string actual = readFile(out + "/" + f);
        ASSERT_FALSE(actual.empty()) << f << " was not written";
        if (f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0 && f != "trace.json") {
            EXPECT_NE(actual.find("\n  \"provenance\": {"), std::string::npos) << f << " records no provenance";
            actual = withoutProvenance(actual);
        }
        if (f == "layers.csv") {  // the same record, as a first comment line
            ASSERT_EQ(actual.rfind("# provenance: {", 0), 0u) << f << " records no provenance";
            actual.erase(0, actual.find('\n') + 1);
        }
        if (update) {
            fs::create_directories(golden);
            hcm::test::writeFile((golden / f).string(), actual);
            continue;
        }
        ASSERT_TRUE(fs::exists(golden / f)) << (golden / f) << " is missing: HCMSIM_UPDATE_GOLDEN=1 creates it";
        const std::string expected = readFile((golden / f).string());
        if (actual == expected) continue;
        // Point at the first difference rather than dumping both files.
        size_t at = 0;
        while (at < actual.size() && at < expected.size() && actual[at] == expected[at]) ++at;
        const size_t line = 1 + std::count(expected.begin(), expected.begin() + long(at), '\n');
        const size_t from = expected.rfind('\n', at == 0 ? 0 : at - 1);
        const size_t start = from == std::string::npos ? 0 : from + 1;
        ADD_FAILURE() << c.name << "/" << f << " differs from the golden file at line " << line << ":\n  golden: "
                      << expected.substr(start, expected.find('\n', start) - start) << "\n  actual: "
                      << actual.substr(start, actual.find('\n', start) - start)
                      << "\n(an intended change: HCMSIM_UPDATE_GOLDEN=1 ctest -R Golden, and review the diff)";
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, Golden, ::testing::ValuesIn(cases()), caseName);
