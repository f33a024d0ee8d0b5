// Sweeps, calibration, search and plots end to end through the CLI.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>

#include "sim/common/content_hash.hpp"
#include "sim/study/collectable_names.hpp"
#include "sim/study/results_table.hpp"
#include "sim/study/sweep.hpp"
#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using hcm::test::writeFile;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
const char* kStudy = R"(name: t
hw: default
net: resnet20
mode: run
axes:
  compute.rows: [8, 16]
  precision: [w8a8, w4a4]
collect: [cycles, dram_read_bytes, energy.total_pj, platform.area_mm2]
)";
}

TEST(Sweep, RunsEveryPointOnceAndResumes) {
    const std::string dir = tempDir("sweep");
    writeFile(dir + "/study.yaml", kStudy);
    const auto r = runHcmsim({"sweep", "--study", dir + "/study.yaml", "-j", "2", "--out", dir + "/res.csv"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const hcm::ResultsTable t = hcm::readResults(dir + "/res.csv");
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_EQ(t.header, (std::vector<std::string>{"point", "compute.rows", "precision", "status", "error", "cycles",
                                                   "dram_read_bytes", "energy.total_pj", "platform.area_mm2"}));
    // The first line records where the rows come from: program, commit, the
    // study file and its content hash.
    ASSERT_EQ(t.comments.size(), 1u);
    EXPECT_EQ(t.comments[0].rfind("provenance: hcmsim ", 0), 0u) << t.comments[0];
    EXPECT_NE(t.comments[0].find("study " + dir + "/study.yaml (content hash " +
                                 hcm::fileContentHash(dir + "/study.yaml") + ")"),
              std::string::npos)
        << t.comments[0];
    const auto merged = runHcmsim({"merge", dir + "/res.csv"});
    ASSERT_EQ(merged.exitCode, 0) << merged.err;
    EXPECT_EQ(merged.out.substr(0, merged.out.find('\n')), "# " + t.comments[0]);
    for (const auto& row : t.rows) {
        EXPECT_EQ(row[3], "ok");
        EXPECT_GT(std::stoll(row[5]), 0);
    }
    // Rows are in point order: rows x precision, the last axis fastest.
    EXPECT_EQ(t.rows[0][1], "8");
    EXPECT_EQ(t.rows[0][2], "w8a8");
    EXPECT_EQ(t.rows[1][2], "w4a4");
    // 4-bit traffic is below 8-bit traffic on the same array.
    EXPECT_LT(std::stoll(t.rows[1][6]), std::stoll(t.rows[0][6]));
    // A rerun runs nothing and leaves the file unchanged.
    const std::string before = readFile(dir + "/res.csv");
    const auto again = runHcmsim({"sweep", "--study", dir + "/study.yaml", "--out", dir + "/res.csv"});
    EXPECT_EQ(again.exitCode, 0);
    EXPECT_NE(again.err.find("0 run, 4 already done"), std::string::npos) << again.err;
    EXPECT_EQ(readFile(dir + "/res.csv"), before);
    // The same study with -j 1 gives a byte-identical file.
    const auto serial = runHcmsim({"sweep", "--study", dir + "/study.yaml", "-j", "1", "--out", dir + "/serial.csv"});
    EXPECT_EQ(serial.exitCode, 0);
    EXPECT_EQ(readFile(dir + "/serial.csv"), before);
}

TEST(Sweep, FailuresAreRecordedWithTheirError) {
    const std::string dir = tempDir("sweep_fail");
    writeFile(dir + "/study.yaml", "name: f\nnet: resnet20\naxes:\n  compute.rows: [0, 16]\ncollect: [cycles]\n");
    const auto r = runHcmsim({"sweep", "--study", dir + "/study.yaml", "--out", dir + "/res.csv"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    const hcm::ResultsTable t = hcm::readResults(dir + "/res.csv");
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.rows[0][2], "failed");
    EXPECT_NE(t.rows[0][3].find("compute.rows: value 0 is out of range"), std::string::npos) << t.rows[0][3];
    EXPECT_EQ(t.rows[1][2], "ok");
    // Bad study files are input errors naming the file and key.
    writeFile(dir + "/bad.yaml", "name: b\naxes:\n  precision: [w8x8]\n");
    const auto bad = runHcmsim({"sweep", "--study", dir + "/bad.yaml"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("bad.yaml:3:3: axes.precision: 'w8x8' is not a precision (w4a4, w4a4o8, fp16 or fp32)"), std::string::npos) << bad.err;
}

TEST(Sweep, MisspeltCollectAndRepeatedAxisValuesAreInputErrors) {
    const std::string dir = tempDir("sweep_names");
    writeFile(dir + "/typo.yaml", "name: t\nnet: resnet20\naxes:\n  compute.rows: [8]\ncollect: [cycles, cycels]\n");
    const auto typo = runHcmsim({"sweep", "--study", dir + "/typo.yaml", "--out", dir + "/typo.csv"});
    EXPECT_EQ(typo.exitCode, 2);
    EXPECT_NE(typo.err.find("typo.yaml:5:19: collect[1]: 'cycels' is not a result of mode run (valid: layers, "),
              std::string::npos)
        << typo.err;
    EXPECT_FALSE(fs::exists(dir + "/typo.csv"));
    // A name of the other mode is not valid either: estimate has no stalls.
    writeFile(dir + "/mode.yaml", "name: m\nnet: resnet20\nmode: estimate\ncollect: [stall_cycles]\n");
    const auto mode = runHcmsim({"sweep", "--study", dir + "/mode.yaml", "--out", dir + "/mode.csv"});
    EXPECT_EQ(mode.exitCode, 2);
    EXPECT_NE(mode.err.find("'stall_cycles' is not a result of mode estimate"), std::string::npos) << mode.err;
    writeFile(dir + "/dup.yaml", "name: d\nnet: resnet20\naxes:\n  compute.rows: [8, 16, 8]\n");
    const auto dup = runHcmsim({"sweep", "--study", dir + "/dup.yaml", "--out", dir + "/dup.csv"});
    EXPECT_EQ(dup.exitCode, 2);
    EXPECT_NE(dup.err.find("dup.yaml:4:25: axes.compute.rows: value '8' given twice"), std::string::npos) << dup.err;
}

// Every name a study may collect is present in real result files (RRAM wear
// only on an RRAM platform), so the declared list and the reports agree.
TEST(Sweep, EveryCollectableNameIsInTheResults) {
    const std::string dir = tempDir("collectable");
    for (const std::string hw : {"default", "isaac"}) {
        const auto run = runHcmsim({"run", "--hw", hw, "--net", "resnet20", "--out", dir + "/" + hw, "--quiet"});
        ASSERT_EQ(run.exitCode, 0) << run.err;
        const json summary = json::parse(readFile(dir + "/" + hw + "/summary.json"));
        for (const auto& name : hcm::collectableNames("run")) {
            const bool rram = name.rfind("rram.", 0) == 0;
            if (rram && hw != "isaac") continue;
            EXPECT_NE(hcm::collectValue(summary, name), "") << hw << " run: " << name;
        }
        const auto est = runHcmsim({"estimate", "--hw", hw, "--net", "resnet20", "--format", "json", "--out",
                                    dir + "/" + hw + ".json"});
        ASSERT_EQ(est.exitCode, 0) << est.err;
        const json estimate = json::parse(readFile(dir + "/" + hw + ".json"));
        for (const auto& name : hcm::collectableNames("estimate"))
            EXPECT_NE(hcm::collectValue(estimate, name), "") << hw << " estimate: " << name;
    }
}

// A stand-in for Slurm's sbatch: records its arguments, runs an array's tasks
// (SLURM_ARRAY_TASK_ID 1..n with the exported offset) or a plain job inline,
// and prints a job id as `sbatch --parsable` does.
const char* kFakeSbatch = R"(#!/bin/sh
here=$(dirname "$0")
echo "$@" >> "$here/calls.txt"
n=$(cat "$here/next_id" 2>/dev/null || echo 100); n=$((n + 1)); echo $n > "$here/next_id"
array=""; offset=0; script=""
for a in "$@"; do
  case "$a" in
    --array=1-*) array=${a#--array=1-} ;;
    --export=ALL,HCMSIM_OFFSET=*) offset=${a#--export=ALL,HCMSIM_OFFSET=} ;;
    *.sh) script=$a ;;
  esac
done
if [ -n "$array" ]; then
  i=1
  while [ $i -le $array ]; do SLURM_ARRAY_TASK_ID=$i HCMSIM_OFFSET=$offset sh "$script" >/dev/null 2>&1; i=$((i + 1)); done
else
  sh "$script" 2>> "$here/merge.err"
fi
echo "$n;cluster"
)";

TEST(Sweep, EmitJobsForGnuParallelAndSlurmThenMerge) {
    const std::string dir = tempDir("emit");
    writeFile(dir + "/study.yaml", kStudy);
    // Four points, at most three tasks per job array: two arrays, then the merge.
    const auto r = runHcmsim({"sweep", "--study", dir + "/study.yaml", "--emit-jobs", dir + "/jobs",
                              "--max-array-size", "3"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string cmds = readFile(dir + "/jobs/commands.txt");
    EXPECT_EQ(std::count(cmds.begin(), cmds.end(), '\n'), 4);
    EXPECT_NE(readFile(dir + "/jobs/run_parallel.sh").find("parallel"), std::string::npos);
    fs::create_directories(dir + "/bin");
    writeFile(dir + "/bin/sbatch", kFakeSbatch);
    fs::permissions(dir + "/bin/sbatch", fs::perms::owner_all);
    const std::string submit = "PATH='" + dir + "/bin':\"$PATH\" sh '" + dir + "/jobs/slurm_submit.sh' > /dev/null";
    ASSERT_EQ(std::system(submit.c_str()), 0);
    EXPECT_EQ(readFile(dir + "/bin/calls.txt"),
              "--parsable --array=1-3 --export=ALL,HCMSIM_OFFSET=0 slurm_array.sh\n"
              "--parsable --array=1-1 --export=ALL,HCMSIM_OFFSET=3 slurm_array.sh\n"
              "--parsable --dependency=afterany:101:102 slurm_merge.sh\n");
    // The merge job found every point and wrote them in point order.
    const hcm::ResultsTable points = hcm::readResults(dir + "/jobs/points.csv");
    const hcm::ResultsTable merged = hcm::readResults(dir + "/jobs/merged.csv");
    ASSERT_EQ(points.rows.size(), 4u);
    ASSERT_EQ(merged.rows.size(), 4u);
    for (size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(merged.rows[i][0], points.rows[i][0]);
        EXPECT_EQ(merged.rows[i][3], "ok");
    }
    EXPECT_NE(readFile(dir + "/bin/merge.err").find("4 points: 4 ok, 0 failed, 0 infeasible, 0 missing"),
              std::string::npos);
    // Slurm's logs go to logs/, not beside the inputs.
    EXPECT_NE(readFile(dir + "/jobs/slurm_array.sh").find("#SBATCH --output=" + fs::absolute(dir).string() +
                                                            "/jobs/logs/%A_%a.out"),
              std::string::npos);
    EXPECT_TRUE(fs::is_directory(dir + "/jobs/logs"));

    // Three points per task: the four points fit two tasks, one array.
    const auto grouped = runHcmsim({"sweep", "--study", dir + "/study.yaml", "--emit-jobs", dir + "/grouped",
                                    "--max-array-size", "3", "--points-per-task", "3"});
    ASSERT_EQ(grouped.exitCode, 0) << grouped.err;
    fs::remove(dir + "/bin/calls.txt");
    const std::string submitGrouped =
        "PATH='" + dir + "/bin':\"$PATH\" sh '" + dir + "/grouped/slurm_submit.sh' > /dev/null";
    ASSERT_EQ(std::system(submitGrouped.c_str()), 0);
    EXPECT_EQ(readFile(dir + "/bin/calls.txt"),
              "--parsable --array=1-2 --export=ALL,HCMSIM_OFFSET=0 slurm_array.sh\n"
              "--parsable --dependency=afterany:104 slurm_merge.sh\n");
    const hcm::ResultsTable mergedGrouped = hcm::readResults(dir + "/grouped/merged.csv");
    ASSERT_EQ(mergedGrouped.rows.size(), 4u);
    for (size_t i = 0; i < 4; ++i) EXPECT_EQ(mergedGrouped.rows[i], merged.rows[i]);
    EXPECT_EQ(runHcmsim({"sweep", "--study", dir + "/study.yaml", "--emit-jobs", dir + "/x", "--points-per-task", "0"})
                  .exitCode,
              2);

    // A point without a result: an error naming it, unless asked to go on.
    fs::remove(dir + "/jobs/results/" + points.rows[2][0] + ".csv");
    std::vector<std::string> results;
    for (size_t i : {0, 1, 3}) results.push_back(dir + "/jobs/results/" + points.rows[i][0] + ".csv");
    std::vector<std::string> args = {"merge", "--points", dir + "/jobs/points.csv"};
    args.insert(args.end(), results.begin(), results.end());
    const auto missing = runHcmsim(args);
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_NE(missing.err.find("points.csv: point: 1 of 4 points have no result: " + points.rows[2][0]),
              std::string::npos)
        << missing.err;
    args.insert(args.end(), {"--allow-missing", "--out", dir + "/partial.csv"});
    const auto partial = runHcmsim(args);
    ASSERT_EQ(partial.exitCode, 0) << partial.err;
    EXPECT_EQ(hcm::readResults(dir + "/partial.csv").rows.size(), 3u);
    // A result of another study is not silently merged in.
    writeFile(dir + "/other.csv", readFile(results[0]) + "deadbeefdeadbeef,8,w8a8,ok,,1,2,3,4\n");
    const auto other = runHcmsim({"merge", "--points", dir + "/jobs/points.csv", dir + "/other.csv"});
    EXPECT_EQ(other.exitCode, 2);
    EXPECT_NE(other.err.find("point 'deadbeefdeadbeef', which this list does not have"), std::string::npos)
        << other.err;
}

TEST(Calibrate, BeatsTheRooflineOnAHeldOutNetwork) {
    const std::string dir = tempDir("calibrate");
    const auto r = runHcmsim({"calibrate", "--nets", "resnet18,mobilenet_v2", "--heldout", "resnet34",
                              "--quant-set", "w8a8,w4a4,w2a2", "--out", dir + "/cal.yaml", "--report",
                              dir + "/report.json", "-j", "2"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json rep = json::parse(readFile(dir + "/report.json"));
    EXPECT_EQ(rep["provenance"]["command"][0], "calibrate");
    EXPECT_FALSE(rep["provenance"]["platform"]["fingerprint"].get<std::string>().empty());
    const json& h = rep["heldout"]["resnet34"];
    for (const char* k : {"mape_cycles_uncalibrated", "mape_cycles_calibrated", "max_ape_cycles_uncalibrated",
                          "max_ape_cycles_calibrated", "kendall_tau", "mape_dram_bytes_uncalibrated",
                          "mape_dram_bytes_calibrated", "max_ape_dram_bytes_calibrated", "mape_energy_uncalibrated",
                          "mape_energy_calibrated", "max_ape_energy_calibrated"})
        EXPECT_TRUE(h.contains(k)) << k;
    // Calibration helps traffic and energy too, and the worst layer gets better.
    EXPECT_LT(h["max_ape_cycles_calibrated"].get<double>(), h["max_ape_cycles_uncalibrated"].get<double>());
    EXPECT_LT(h["mape_energy_calibrated"].get<double>(), h["mape_energy_uncalibrated"].get<double>());
    // The issue's targets: calibrated latency MAPE <= 5 % and Kendall tau >= 0.9.
    EXPECT_LE(h["mape_cycles_calibrated"].get<double>(), 5.0) << h.dump();
    EXPECT_GE(h["kendall_tau"].get<double>(), 0.9);
    EXPECT_LT(h["mape_cycles_calibrated"].get<double>(), h["mape_cycles_uncalibrated"].get<double>());
    // The calibration file drives `estimate --calibration`.
    const auto e = runHcmsim({"estimate", "--net", "resnet34", "--calibration", dir + "/cal.yaml", "--format", "json"});
    ASSERT_EQ(e.exitCode, 0) << e.err;
    const json est = json::parse(e.out);
    EXPECT_GT(est["totals"]["calibrated"]["cycles"].get<double>(), 0.0);
    EXPECT_TRUE(est["layers"][0].contains("calibrated"));
    // The report draws as an estimator-vs-simulator scatter.
    const auto sc = runHcmsim({"plot", "scatter", dir + "/report.json", "--out", dir + "/scatter.svg"});
    ASSERT_EQ(sc.exitCode, 0) << sc.err;
    EXPECT_NE(readFile(dir + "/scatter.svg").find("<svg"), std::string::npos);
    // Training on the held-out network is refused.
    const auto bad = runHcmsim({"calibrate", "--nets", "resnet20", "--heldout", "resnet20", "--out", dir + "/x.yaml"});
    EXPECT_EQ(bad.exitCode, 2);
}

// The estimator on CNN families the zoo does not have, on every engine kind
// (docs/studies.md, Estimator accuracy): calibrate on four zoo networks at
// w8a8 and w4a4, then estimate torch.onnx exports of GoogLeNet and MnasNet
// and a seeded random CNN, layer by layer against the simulation.
//
// With DRAM refresh off, the bounds the estimator is built to: engine-aware
// (uncalibrated) and calibrated cycle MAPE <= 3 % per network, no layer off
// by more than 20 %, Kendall tau >= 0.95. With refresh on, a layer of a few
// hundred cycles pays a whole refresh (about 0.3 us) or none depending on
// where the refresh timer stands when it runs, which no estimator without
// the absolute time can know: there the MAPE bound is 5 % and the worst
// layer is not bounded.
struct HeldOutCase {
    const char* hw;
    bool refresh;
};

void PrintTo(const HeldOutCase& c, std::ostream* os) { *os << c.hw << (c.refresh ? "" : "_no_refresh"); }

class EstimatorOnHeldOutFamilies : public ::testing::TestWithParam<HeldOutCase> {};

TEST_P(EstimatorOnHeldOutFamilies, MeetsTheAccuracyBounds) {
    const HeldOutCase c = GetParam();
    const std::string dir = tempDir(std::string("heldout_") + c.hw + (c.refresh ? "" : "_nr"));
    std::vector<std::string> args = {"calibrate", "--hw", c.hw, "--nets",
                                     "resnet18,mobilenet_v2,squeezenet1_1,efficientnet_b0", "--heldout",
                                     hcm::test::sourcePath("tests/data/onnx/googlenet.onnx") + "," +
                                         hcm::test::sourcePath("tests/data/onnx/mnasnet1_0.onnx") + ",random_cnn:seed=3",
                                     "--quant-set", "w8a8,w4a4", "--out", dir + "/cal.yaml", "--report",
                                     dir + "/report.json", "-j", "2"};
    if (!c.refresh) args.insert(args.end(), {"--set", "dram.refresh=false"});
    const auto r = runHcmsim(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json rep = json::parse(readFile(dir + "/report.json"));
    ASSERT_EQ(rep["heldout"].size(), 3u);
    const double mapeBound = 3.0;
    for (const auto& [net, h] : rep["heldout"].items()) {
        SCOPED_TRACE(net);
        EXPECT_GE(h["layers"].get<int>(), 20);
        EXPECT_LE(h["mape_cycles_engine_aware"].get<double>(), mapeBound);
        EXPECT_LE(h["mape_cycles_calibrated"].get<double>(), mapeBound);
        EXPECT_GE(h["kendall_tau"].get<double>(), 0.95);
        // Far from the roofline, which is what the tiers are for.
        EXPECT_GT(h["mape_cycles_uncalibrated"].get<double>(), 5 * h["mape_cycles_calibrated"].get<double>());
        if (!c.refresh) {
            EXPECT_LE(h["max_ape_cycles_engine_aware"].get<double>(), 20.0);
            EXPECT_LE(h["max_ape_cycles_calibrated"].get<double>(), 20.0);
        }
        // DRAM bytes are the plan's: exact.
        EXPECT_LT(h["mape_dram_bytes_engine_aware"].get<double>(), 1e-6);
    }
}

std::vector<HeldOutCase> heldOutCases() {
    std::vector<HeldOutCase> v;
    for (const char* hw : {"default", "stripes", "loom", "bismo", "bitfusion", "isaac", "gpu_sm", "jetson_like"})
        for (bool refresh : {true, false}) v.push_back({hw, refresh});
    return v;
}

INSTANTIATE_TEST_SUITE_P(Engines, EstimatorOnHeldOutFamilies, ::testing::ValuesIn(heldOutCases()),
                         [](const ::testing::TestParamInfo<HeldOutCase>& i) {
                             return std::string(i.param.hw) + (i.param.refresh ? "" : "_no_refresh");
                         });

TEST(Search, CalibratedFitnessSensitivityAndHardwareGenes) {
    const std::string d = tempDir("search_cal");
    const auto r = runHcmsim({"search", "--net", "resnet20", "--calibration",
                              sourcePath("fuzz/seeds/calibration/default.cal.yaml"), "--sensitivity",
                              sourcePath("studies/resnet20_sensitivity.yaml"), "--hw-axis", "compute.rows=8,16",
                              "--population", "8", "--generations", "4", "--seed", "3", "--verify", "2", "--out", d,
                              "--plot", d + "/front.svg"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.err.find("no --calibration"), std::string::npos) << r.err;
    const hcm::ResultsTable t = hcm::readResults(d + "/pareto.csv");
    ASSERT_GE(t.rows.size(), 1u);
    EXPECT_EQ(t.header.back(), "compute.rows");  // the hardware gene is a column
    for (const auto& row : t.rows) EXPECT_TRUE(row.back() == "8" || row.back() == "16") << row.back();
    const json rep = json::parse(readFile(d + "/search_report.json"));
    EXPECT_GE(rep["verified_points"].get<int>(), 1);
    EXPECT_EQ(rep["provenance"]["command"][0], "search");
    EXPECT_EQ(rep["provenance"]["network"]["spec"], "resnet20");
    EXPECT_NE(readFile(d + "/front.svg").find("<svg"), std::string::npos);
    // `plot pareto` draws the same front from the CSV on its own.
    const auto p = runHcmsim({"plot", "pareto", d + "/pareto.csv", "--out", d + "/again.svg"});
    ASSERT_EQ(p.exitCode, 0) << p.err;
    EXPECT_NE(readFile(d + "/again.svg").find("<svg"), std::string::npos);
}

TEST(Search, WarnsWhenFitnessIsUncalibrated) {
    const std::string d = tempDir("search_uncal");
    const auto r = runHcmsim({"search", "--net", "resnet20", "--population", "8", "--generations", "1", "--verify",
                              "0", "--out", d});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.err.find("warning: no --calibration"), std::string::npos) << r.err;
}

TEST(Search, DeterministicParetoFrontVerifiedBySimulation) {
    const std::string a = tempDir("search_a"), b = tempDir("search_b");
    for (const auto& d : {a, b}) {
        const auto r = runHcmsim({"search", "--net", "resnet20", "--population", "16", "--generations", "10",
                                  "--seed", "7", "--verify", "2", "--out", d});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    EXPECT_EQ(readFile(a + "/pareto.csv"), readFile(b + "/pareto.csv"));
    const hcm::ResultsTable t = hcm::readResults(a + "/pareto.csv");
    ASSERT_GE(t.rows.size(), 2u);
    const json rep = json::parse(readFile(a + "/search_report.json"));
    EXPECT_GE(rep["verified_points"].get<int>(), 2);
    EXPECT_TRUE(rep["baselines"].contains("uniform w8a8"));
    // Front is sorted by latency; a faster point never has a better proxy than a slower one on the front.
    for (size_t i = 1; i < t.rows.size(); ++i) EXPECT_LE(std::stod(t.rows[i - 1][1]), std::stod(t.rows[i][1]));
}

// The roofline's memory roof bounds every measured layer: total traffic
// (reads + writes) over time never exceeds mem_total_bits_per_s. Bit Fusion's
// link (192 bits a cycle each way) is narrower than its DRAM, so layers that
// read and write at once go beyond one direction's width (the roof used to be
// that width, with points above it).
TEST(Plot, MemoryRoofBoundsEveryLayer) {
    for (const std::string hw : {"bitfusion", "default"}) {
        const std::string dir = tempDir("roof_" + hw);
        ASSERT_EQ(runHcmsim({"run", "--hw", hw, "--net", "resnet18", "--out", dir, "--quiet"}).exitCode, 0);
        const json s = json::parse(readFile(dir + "/summary.json"));
        const double roof = s["platform"]["mem_total_bits_per_s"].get<double>();
        EXPECT_GE(roof, s["platform"]["mem_bits_per_s"].get<double>());
        double highest = 0;
        for (const auto& l : s["layers"]) {
            const double rate = l["traffic_bits"].get<double>() / (l["time_ns"].get<double>() * 1e-9);
            highest = std::max(highest, rate / roof);
        }
        EXPECT_LE(highest, 1.0) << hw;
        if (hw == "bitfusion") {
            EXPECT_GT(highest * roof, s["platform"]["mem_bits_per_s"].get<double>());
        }
    }
}

TEST(Plot, RooflineOfARun) {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) GTEST_SKIP() << "gnuplot not installed";
    const std::string dir = tempDir("plot");
    ASSERT_EQ(runHcmsim({"run", "--net", "resnet20", "--out", dir, "--quiet"}).exitCode, 0);
    const auto r = runHcmsim({"plot", "roofline", dir + "/summary.json", "--out", dir + "/roof.svg"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(readFile(dir + "/roof.svg").find("<svg"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir + "/roof.svg.gp"));
    const auto bad = runHcmsim({"plot", "roofline", dir + "/summary.json", "--out", dir + "/roof.pdf"});
    EXPECT_EQ(bad.exitCode, 2);
}

// Sweep results as lines and as a heat map. The script beside the image
// redraws it, and draws other data of the same form; the data and the SVG
// say where they come from.
TEST(Plot, SweepLinesAndHeatmapWithReusableScripts) {
    if (std::system("command -v gnuplot >/dev/null 2>&1") != 0) GTEST_SKIP() << "gnuplot not installed";
    const std::string dir = tempDir("plot_sweep");
    writeFile(dir + "/study.yaml",
              "name: s\nnet: resnet20\nmode: estimate\naxes:\n  compute.rows: [8, 16, 32]\n  precision: [w8a8, w4a4]\n"
              "  buffers.weight.capacity_kib: [32, 64]\ncollect: [engine_aware.cycles]\n");
    ASSERT_EQ(runHcmsim({"sweep", "--study", dir + "/study.yaml", "--out", dir + "/r.csv", "-j", "2"}).exitCode, 0);
    const auto line = runHcmsim({"plot", "sweep", dir + "/r.csv", "--x", "compute.rows", "--y", "engine_aware.cycles",
                                 "--where", "buffers.weight.capacity_kib=64", "--out", dir + "/line.svg"});
    ASSERT_EQ(line.exitCode, 0) << line.err;
    const std::string dat = readFile(dir + "/line.svg.dat");
    // One block per precision, rows in ascending compute.rows.
    EXPECT_NE(dat.find("\"precision=w8a8\"\n8 "), std::string::npos) << dat;
    EXPECT_NE(dat.find("\"precision=w4a4\"\n8 "), std::string::npos) << dat;
    EXPECT_NE(dat.find("(content hash " + hcm::fileContentHash(dir + "/r.csv") + ")"), std::string::npos) << dat;
    EXPECT_NE(readFile(dir + "/line.svg").find("<!-- hcmsim plot sweep of " + dir + "/r.csv"), std::string::npos);
    // The script on other data of the same form, from another directory.
    std::string other = dat;
    other.replace(other.find("\n8 "), 3, "\n9 ");
    writeFile(dir + "/other.dat", other);
    const std::string redraw = "cd / && gnuplot -c '" + dir + "/line.svg.gp' '" + dir + "/other.dat' '" + dir +
                               "/other.svg' 2>/dev/null";
    ASSERT_EQ(std::system(redraw.c_str()), 0);
    EXPECT_NE(readFile(dir + "/other.svg").find("<svg"), std::string::npos);

    const auto heat = runHcmsim({"plot", "heatmap", dir + "/r.csv", "--x", "compute.rows", "--y", "precision", "--z",
                                 "engine_aware.cycles", "--out", dir + "/heat.svg"});
    EXPECT_EQ(heat.exitCode, 2);
    EXPECT_NE(heat.err.find("buffers.weight.capacity_kib: varies too (32, 64): a heat map needs it fixed, e.g. --where "
                            "buffers.weight.capacity_kib=32"),
              std::string::npos)
        << heat.err;
    const auto fixed = runHcmsim({"plot", "heatmap", dir + "/r.csv", "--x", "compute.rows", "--y", "precision", "--z",
                                  "engine_aware.cycles", "--where", "buffers.weight.capacity_kib=32", "--out",
                                  dir + "/heat.svg"});
    ASSERT_EQ(fixed.exitCode, 0) << fixed.err;
    const std::string cells = readFile(dir + "/heat.svg.dat");
    EXPECT_EQ(std::count(cells.begin(), cells.end(), '\n'), 2 + 3 * 2 + 2);  // header, 3 x 2 cells, row breaks
    const auto typo = runHcmsim({"plot", "sweep", dir + "/r.csv", "--x", "rows", "--y", "engine_aware.cycles", "--out",
                                 dir + "/t.svg"});
    EXPECT_EQ(typo.exitCode, 2);
    EXPECT_NE(typo.err.find("'rows' is not an axis of the study (axes: compute.rows, precision, "
                            "buffers.weight.capacity_kib)"),
              std::string::npos)
        << typo.err;
}

TEST(Family, CifarResNetMatchesTheZooAndScales) {
    const auto zoo = runHcmsim({"estimate", "--net", "resnet56", "--format", "json"});
    const auto fam = runHcmsim({"estimate", "--net", "cifar_resnet:depth=56", "--format", "json"});
    ASSERT_EQ(fam.exitCode, 0) << fam.err;
    EXPECT_EQ(json::parse(zoo.out)["totals"]["macs"], json::parse(fam.out)["totals"]["macs"]);
    // Width 0.5 halves every channel count: conv MACs fall by 4 except the
    // first conv (3 input channels, halved outputs) and the fc.
    const auto half = runHcmsim({"estimate", "--net", "cifar_resnet:depth=20,width=0.5,bits=1", "--format", "json"});
    const json h = json::parse(half.out);
    EXPECT_EQ(h["layers"][0]["wbits"].get<int>(), 8);   // first conv stays at 8 bits
    EXPECT_EQ(h["layers"][1]["wbits"].get<int>(), 1);   // inner layers binary
    EXPECT_EQ(h["layers"].back()["wbits"].get<int>(), 8);
    const auto bad = runHcmsim({"estimate", "--net", "cifar_resnet:depth=21"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("depth must be 6n+2"), std::string::npos) << bad.err;
}

TEST(CostChart, TabulatesAndInterpolates) {
    const std::string dir = tempDir("costchart");
    const auto r = runHcmsim({"costchart", "--depths", "8,14", "--widths", "0.5,1", "--bits", "1", "--out",
                              dir + "/chart.csv", "-j", "2"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string chart = readFile(dir + "/chart.csv");
    EXPECT_EQ(std::count(chart.begin(), chart.end(), '\n'), 8);  // 3 comments (what, provenance, command), header, 4 rows
    EXPECT_NE(chart.find("# provenance: hcmsim "), std::string::npos) << chart;
    EXPECT_NE(chart.find("# command: [\"costchart\",\"--depths\",\"8,14\""), std::string::npos) << chart;
    if (std::system("command -v gnuplot >/dev/null 2>&1") == 0) {
        const auto p = runHcmsim({"plot", "costchart", dir + "/chart.csv", "--y", "energy_pj", "--out", dir + "/c.svg"});
        ASSERT_EQ(p.exitCode, 0) << p.err;
        const std::string dat = readFile(dir + "/c.svg.dat");
        EXPECT_NE(dat.find("\"width 0.5\"\n8 "), std::string::npos) << dat;
        EXPECT_NE(dat.find("\"width 1\"\n8 "), std::string::npos) << dat;
        const auto bad = runHcmsim({"plot", "costchart", dir + "/chart.csv", "--y", "watts", "--out", dir + "/c.svg"});
        EXPECT_EQ(bad.exitCode, 2);
        EXPECT_NE(bad.err.find("'watts' is not one of"), std::string::npos) << bad.err;
    }
    auto lookup = [&](const std::string& d, const std::string& w) {
        const auto q = runHcmsim({"costchart", "--chart", dir + "/chart.csv", "--depth", d, "--width", w});
        EXPECT_EQ(q.exitCode, 0) << q.err;
        return json::parse(q.out);
    };
    // A grid point returns the simulated value; a point in between lies between its corners.
    const json corner = lookup("14", "1");
    const json small = lookup("8", "0.5");
    const json mid = lookup("11", "0.7071");
    EXPECT_GT(corner["cycles"].get<double>(), small["cycles"].get<double>());
    EXPECT_GT(mid["cycles"].get<double>(), small["cycles"].get<double>());
    EXPECT_LT(mid["cycles"].get<double>(), corner["cycles"].get<double>());
    // The grid corner equals a fresh simulation of that network.
    const std::string run = tempDir("costchart_run");
    ASSERT_EQ(runHcmsim({"run", "--net", "cifar_resnet:depth=14,width=1,bits=1", "--out", run, "--quiet"}).exitCode, 0);
    EXPECT_DOUBLE_EQ(corner["cycles"].get<double>(),
                     json::parse(readFile(run + "/summary.json"))["totals"]["cycles"].get<double>());
    const auto outside = runHcmsim({"costchart", "--chart", dir + "/chart.csv", "--depth", "20", "--width", "1"});
    EXPECT_EQ(outside.exitCode, 2);
}
