// A design that cannot run a network is an input error with the same message
// from every command: `run` (the layer controller), `estimate`, `sweep`
// (reported as an infeasible point before anything is simulated) and
// `search` (infeasible genomes never reach the front); an error inside a
// layer unwinds to a clean exit code.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/cli_runner.hpp"
#include "sim/study/results_table.hpp"

using namespace hcm::test;

namespace {

// A 128x128 array whose 8 KiB weight buffer (4 KiB a half) cannot hold one
// fold's weights: 128 reduction elements (of conv1's 3 x 7 x 7) x 64 filters
// at 8 bits = 8,192 B + a byte per filter run = 8,256 B.
const std::vector<std::string> kTooSmall = {"--set", "compute.rows=128", "--set", "compute.cols=128", "--set",
                                            "buffers.weight.capacity_kib=8"};
const std::string kMessage =
    "layer 'conv1': cannot be tiled: the smallest tile (1 pixel x 128 reduction elements x 64 filters, 24-bit "
    "partial sums) does not fit: the weight buffer needs 8256 B for it and one half holds 4096 B";

std::string lastLine(const std::string& s) {
    std::string t = s;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    const auto nl = t.rfind('\n');
    return nl == std::string::npos ? t : t.substr(nl + 1);
}

}  // namespace

TEST(Feasibility, RunAndEstimateRejectTheSameDesignWithTheSameMessage) {
    std::vector<std::string> run = {"run", "--net", "resnet18", "--quiet", "--out", tempDir("infeasible_run")};
    run.insert(run.end(), kTooSmall.begin(), kTooSmall.end());
    const auto r = runHcmsim(run);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(kMessage), std::string::npos) << r.err;
    // No half-written outputs.
    EXPECT_FALSE(std::filesystem::exists(run[5] + "/summary.json"));

    std::vector<std::string> est = {"estimate", "--net", "resnet18", "--format", "json"};
    est.insert(est.end(), kTooSmall.begin(), kTooSmall.end());
    const auto e = runHcmsim(est);
    EXPECT_EQ(e.exitCode, 2);
    EXPECT_TRUE(e.out.empty()) << "no numbers for an infeasible design";
    const std::string runError = lastLine(r.err), estError = lastLine(e.err);
    EXPECT_EQ(runError.substr(runError.find("error:")), estError.substr(estError.find("error:")));
}

TEST(Feasibility, SweepReportsInfeasiblePointsWithTheirReason) {
    const std::string dir = tempDir("infeasible_sweep");
    writeFile(dir + "/study.yaml",
              "name: feasibility\nhw: default\nnet: resnet18\nmode: estimate\n"
              "set: [\"buffers.weight.capacity_kib=8\"]\n"
              "axes:\n  compute.rows: [16, 128]\n  compute.cols: [128]\n"
              "collect: [cycles]\n");
    const auto s = runHcmsim({"sweep", "--study", dir + "/study.yaml", "--out", dir + "/out.csv", "-j", "1"});
    ASSERT_EQ(s.exitCode, 0) << s.err;
    EXPECT_NE(s.err.find("1 infeasible"), std::string::npos) << s.err;
    const hcm::ResultsTable t = hcm::readResults(dir + "/out.csv");
    ASSERT_EQ(t.rows.size(), 2u);
    const int status = t.column("status"), error = t.column("error"), cycles = t.column("cycles");
    // 16 rows x 128 columns: one fold's weights (16 x 64 at 8 bits) fit.
    EXPECT_EQ(t.rows[0][size_t(status)], "ok");
    EXPECT_FALSE(t.rows[0][size_t(cycles)].empty());
    EXPECT_EQ(t.rows[1][size_t(status)], "infeasible");
    EXPECT_NE(t.rows[1][size_t(error)].find(kMessage), std::string::npos) << t.rows[1][size_t(error)];
    EXPECT_TRUE(t.rows[1][size_t(cycles)].empty());
    // Nothing was started for the infeasible point.
    EXPECT_FALSE(std::filesystem::exists(dir + "/out.csv.points/" + t.rows[1][0]));
}

TEST(Feasibility, SearchKeepsInfeasibleGenomesOffTheFront) {
    // A hardware gene whose second value cannot run ResNet-20's layers.
    const std::string d = tempDir("infeasible_search");
    const auto r = runHcmsim({"search", "--net", "resnet20", "--set", "buffers.weight.capacity_kib=8", "--hw-axis",
                              "compute.rows=16,128", "--set", "compute.cols=128", "--population", "8",
                              "--generations", "3", "--seed", "5", "--verify", "0", "--out", d});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string csv = readFile(d + "/pareto.csv");
    EXPECT_EQ(csv.find(",128"), std::string::npos) << csv;
    const auto rep = nlohmann::json::parse(readFile(d + "/search_report.json"));
    EXPECT_GT(rep["infeasible_evaluations"].get<int>(), 0);
    EXPECT_GT(rep["pareto_points"].get<int>(), 0);
}

// The first layer runs, the second cannot be tiled: the error raised inside
// the simulation unwinds through the SystemC kernel and the platform's
// destructors (TLM payloads, modules) to exit code 2 with the layer's
// message. (The sanitizer build runs this too: no leak, no use after free.)
TEST(Feasibility, AnErrorInsideALaterLayerUnwindsCleanly) {
    const std::string dir = tempDir("infeasible_midway");
    writeFile(dir + "/net.yaml",
              "name: two_layers\nlayers:\n"
              "  - {name: conv, op: conv, in: [3, 8, 8], out: 16, kernel: 3, pad: 1}\n"
              "  - {name: fc, op: fc, in: 1024, out: 512}\n");
    std::vector<std::string> run = {"run", "--net", dir + "/net.yaml", "--quiet", "--out", dir + "/out"};
    run.insert(run.end(), kTooSmall.begin(), kTooSmall.end());
    const auto r = runHcmsim(run);
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find(dir + "/net.yaml:4:5: layer 'fc': cannot be tiled: the smallest tile (1 pixel x 128 "
                               "channels x 128 filters, 26-bit partial sums) does not fit: the weight buffer "
                               "needs 16512 B for it and one half holds 4096 B"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir + "/out/layers.csv"));
}
