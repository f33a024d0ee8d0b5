// Provenance: every result records where it came from (program and commit,
// the command, the platform as resolved with its fingerprint, the network
// and policy files with their hashes, the calibration), `hcmsim rerun`
// reproduces a result from that record alone and refuses when an input file
// has changed, and a calibration applied to a platform with other settings
// is a warning naming them (an error with --strict).
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "sim/common/content_hash.hpp"
#include "sim/config/platform_config.hpp"
#include "sim/config/platform_fingerprint.hpp"
#include "sim/estimate/calibration_model.hpp"
#include "support/cli_runner.hpp"
#include "workloads/network_loader.hpp"

namespace {

namespace fs = std::filesystem;
using hcm::test::readFile;
using hcm::test::runHcmsim;
using nlohmann::json;

json withoutProvenance(json j) {
    j.erase("provenance");
    return j;
}

TEST(Provenance, FingerprintIsTheSettingsNotTheName) {
    const hcm::PlatformConfig base = hcm::loadPlatformConfig("default");
    const hcm::PlatformConfig renamed = hcm::loadPlatformConfig("default", {"name=mine"});
    const hcm::PlatformConfig other = hcm::loadPlatformConfig("default", {"dram.refresh=false"});
    EXPECT_EQ(hcm::platformFingerprint(base), hcm::platformFingerprint(renamed));
    EXPECT_NE(hcm::platformFingerprint(base), hcm::platformFingerprint(other));
    EXPECT_EQ(hcm::settingDifferences(base.resolved_yaml, other.resolved_yaml),
              std::vector<std::string>{"dram.refresh: (absent) -> false"});
    // The resolved document reads back as the same platform.
    const hcm::PlatformConfig again = hcm::parsePlatformConfig(other.resolved_yaml, "resolved");
    EXPECT_EQ(again.dram.refresh, false);
    EXPECT_EQ(hcm::platformFingerprint(again), hcm::platformFingerprint(other));
}

TEST(Provenance, EstimateRecordsItsInputs) {
    const std::string dir = hcm::test::tempDir("provenance_estimate");
    const std::string policy = dir + "/policy.yaml";
    hcm::test::writeFile(policy, "default: {wbits: 4, abits: 4}\n");
    const auto r = runHcmsim({"estimate", "--net", "resnet20", "--quant", policy, "--set", "dram.refresh=false",
                              "--format", "json", "--out", dir + "/e.json"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const json p = json::parse(readFile(dir + "/e.json"))["provenance"];
    EXPECT_EQ(p["program"], "hcmsim");
    EXPECT_FALSE(p["version"].get<std::string>().empty());
    EXPECT_FALSE(p["git_commit"].get<std::string>().empty());
    // Output destinations change no number: left out.
    EXPECT_EQ(p["command"], json({"estimate", "--net", "resnet20", "--quant", policy, "--set", "dram.refresh=false",
                                  "--format", "json"}));
    EXPECT_EQ(p["platform"]["overrides"], json({"dram.refresh=false"}));
    EXPECT_EQ(p["platform"]["fingerprint"],
              hcm::platformFingerprint(hcm::loadPlatformConfig("default", {"dram.refresh=false"})));
    EXPECT_EQ(p["platform"]["file_hash"], hcm::fileContentHash(hcm::test::sourcePath("configs/default.yaml")));
    EXPECT_EQ(p["network"]["file_hash"], hcm::fileContentHash(hcm::zooDirectory() + "/resnet20.yaml"));
    EXPECT_EQ(p["network"]["quant_policy"]["file_hash"], hcm::fileContentHash(policy));
    EXPECT_TRUE(p["calibration"].is_null());
}

TEST(Provenance, RerunReproducesARunFromItsRecord) {
    const std::string dir = hcm::test::tempDir("provenance_rerun");
    const auto r = runHcmsim({"run", "--hw", "stripes", "--net", "resnet20", "--layers", "0-4", "--wbits", "5",
                              "--abits", "3", "--set", "dram.refresh_phase_cycles=100", "--out", dir + "/a", "--quiet"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const auto again = runHcmsim({"rerun", dir + "/a/summary.json", "--out", dir + "/b", "--check"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_NE(again.err.find("the same result as"), std::string::npos) << again.err;
    // layers.csv: the run's record on its first line, then the same rows.
    const auto body = [](const std::string& csv) { return csv.substr(csv.find('\n') + 1); };
    const std::string csvA = readFile(dir + "/a/layers.csv"), csvB = readFile(dir + "/b/layers.csv");
    EXPECT_EQ(body(csvA), body(csvB));
    const json a = json::parse(readFile(dir + "/a/summary.json")), b = json::parse(readFile(dir + "/b/summary.json"));
    EXPECT_EQ(withoutProvenance(a), withoutProvenance(b));
    EXPECT_EQ(a["provenance"]["platform"]["fingerprint"], b["provenance"]["platform"]["fingerprint"]);
    ASSERT_EQ(csvA.rfind("# provenance: ", 0), 0u);
    EXPECT_EQ(json::parse(csvA.substr(14, csvA.find('\n') - 14)), a["provenance"]);

    // The CSV alone is enough to rerun the run; --check compares its rows.
    const auto fromCsv = runHcmsim({"rerun", dir + "/a/layers.csv", "--out", dir + "/c", "--check"});
    ASSERT_EQ(fromCsv.exitCode, 0) << fromCsv.err;
    EXPECT_NE(fromCsv.err.find("the same result as"), std::string::npos) << fromCsv.err;
    EXPECT_EQ(body(readFile(dir + "/c/layers.csv")), body(csvA));
    // A changed row is a difference (exit 1), not a silent pass.
    std::string edited = csvA;
    edited.insert(edited.size() - 1, "1");  // the last field of the last row
    hcm::test::writeFile(dir + "/edited.csv", edited);
    const auto differs = runHcmsim({"rerun", dir + "/edited.csv", "--out", dir + "/d", "--check"});
    EXPECT_EQ(differs.exitCode, 1) << differs.err;
    EXPECT_NE(differs.err.find("differs from"), std::string::npos) << differs.err;
    hcm::test::writeFile(dir + "/broken.csv", "# provenance: {\"command\": [\"estimate\"]}\nindex\n");
    EXPECT_EQ(runHcmsim({"rerun", dir + "/broken.csv"}).exitCode, 2);
}

// The reports of calibrate and search, and a sweep's CSV, rerun too.
TEST(Provenance, RerunOfACalibrationReportAndASweep) {
    const std::string dir = hcm::test::tempDir("provenance_studies");
    const auto cal = runHcmsim({"calibrate", "--hw", "bismo", "--nets", "resnet20", "--heldout", "resnet56",
                                "--quant-set", "w2a2", "--out", dir + "/cal.yaml", "--report", dir + "/report.json",
                                "-j", "2"});
    ASSERT_EQ(cal.exitCode, 0) << cal.err;
    const auto again = runHcmsim({"rerun", dir + "/report.json", "--out", dir + "/again", "--check"});
    ASSERT_EQ(again.exitCode, 0) << again.err;
    EXPECT_NE(again.err.find("the same result as"), std::string::npos) << again.err;
    EXPECT_TRUE(fs::exists(dir + "/again/calibration.yaml"));
    // The calibration YAML alone: its platform, networks and precisions.
    const auto yaml = runHcmsim({"rerun", dir + "/cal.yaml", "--out", dir + "/yaml", "--check"});
    ASSERT_EQ(yaml.exitCode, 0) << yaml.err;
    EXPECT_NE(yaml.err.find("the same result as"), std::string::npos) << yaml.err;
    // It records its networks' files by content hash: a changed one is refused.
    const std::string calText = readFile(dir + "/cal.yaml");
    const std::string zooFile = hcm::zooDirectory() + "/resnet20.yaml";
    const std::string hash = hcm::fileContentHash(zooFile);
    ASSERT_NE(calText.find("file: \"" + zooFile + "\", file_hash: \"" + hash + "\""), std::string::npos) << calText;
    std::string stale = calText;
    stale.replace(stale.find(hash), hash.size(), std::string(hash.size(), '0'));
    hcm::test::writeFile(dir + "/stale.yaml", stale);
    const auto refused = runHcmsim({"rerun", dir + "/stale.yaml", "--out", dir + "/stale"});
    EXPECT_EQ(refused.exitCode, 2) << refused.err;
    EXPECT_NE(refused.err.find("has changed since"), std::string::npos) << refused.err;
    // A cost chart: the command and the platform's fingerprint it records.
    ASSERT_EQ(runHcmsim({"costchart", "--hw", "bismo", "--depths", "8,14", "--widths", "0.5,1", "--out",
                         dir + "/chart.csv"})
                  .exitCode,
              0);
    const auto chart = runHcmsim({"rerun", dir + "/chart.csv", "--check"});
    ASSERT_EQ(chart.exitCode, 0) << chart.err;
    EXPECT_NE(chart.err.find("the same result as"), std::string::npos) << chart.err;

    hcm::test::writeFile(dir + "/study.yaml", "name: s\nnet: resnet20\nmode: estimate\naxes:\n  compute.rows: [8, 16]\n"
                                              "collect: [engine_aware.cycles]\n");
    ASSERT_EQ(runHcmsim({"sweep", "--study", dir + "/study.yaml", "--out", dir + "/r.csv"}).exitCode, 0);
    const auto sweep = runHcmsim({"rerun", dir + "/r.csv", "--check"});
    ASSERT_EQ(sweep.exitCode, 0) << sweep.err;
    EXPECT_NE(sweep.err.find("the same result as"), std::string::npos) << sweep.err;
    EXPECT_TRUE(fs::exists(dir + "/r.rerun.csv"));
    hcm::test::writeFile(dir + "/study.yaml", readFile(dir + "/study.yaml") + "# edited\n");
    const auto changed = runHcmsim({"rerun", dir + "/r.csv"});
    EXPECT_EQ(changed.exitCode, 2);
    EXPECT_NE(changed.err.find("has changed since"), std::string::npos) << changed.err;
}

TEST(Provenance, RerunRefusesAChangedNetworkFile) {
    const std::string dir = hcm::test::tempDir("provenance_changed");
    const std::string net = dir + "/net.yaml";
    fs::copy_file(hcm::zooDirectory() + "/resnet20.yaml", net);
    ASSERT_EQ(runHcmsim({"estimate", "--net", net, "--format", "json", "--out", dir + "/e.json"}).exitCode, 0);
    hcm::test::writeFile(net, readFile(net) + "\n# edited\n");
    const auto r = runHcmsim({"rerun", dir + "/e.json"});
    EXPECT_EQ(r.exitCode, 2) << r.err;
    EXPECT_NE(r.err.find("has changed since the recorded result"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(net), std::string::npos) << r.err;
    // A record without provenance is an input error too.
    hcm::test::writeFile(dir + "/old.json", "{\"layers\": []}\n");
    const auto old = runHcmsim({"rerun", dir + "/old.json"});
    EXPECT_EQ(old.exitCode, 2);
    EXPECT_NE(old.err.find("carries no provenance record"), std::string::npos) << old.err;
}

TEST(Provenance, CalibrationOnOtherSettingsWarnsOrFailsWhenStrict) {
    const std::string dir = hcm::test::tempDir("provenance_calibration");
    const hcm::PlatformConfig fitted = hcm::loadPlatformConfig("default");
    hcm::CalibrationModel m;
    m.platform = fitted.name;
    m.engine = "bit_parallel";
    m.nets = {"resnet20"};
    m.quant_set = {"w8a8"};
    m.program = "test";
    m.platform_fingerprint = hcm::platformFingerprint(fitted);
    m.platform_settings = fitted.resolved_yaml;
    const std::string cal = dir + "/cal.yaml";
    hcm::saveCalibration(m, cal);
    EXPECT_EQ(hcm::loadCalibration(cal).platform_settings, fitted.resolved_yaml);

    const auto same = runHcmsim({"estimate", "--net", "resnet20", "--calibration", cal});
    ASSERT_EQ(same.exitCode, 0) << same.err;
    EXPECT_EQ(same.err.find("warning"), std::string::npos) << same.err;
    const std::vector<std::string> other = {"estimate", "--net", "resnet20", "--calibration", cal, "--set",
                                            "dram.refresh=false", "--set", "buffers.weight.capacity_kib=32"};
    const auto warned = runHcmsim(other);
    ASSERT_EQ(warned.exitCode, 0) << warned.err;
    EXPECT_NE(warned.err.find("differs from this one in 2 settings: buffers.weight.capacity_kib: 64 -> 32; "
                              "dram.refresh: (absent) -> false"),
              std::string::npos)
        << warned.err;
    std::vector<std::string> strict = other;
    strict.push_back("--strict");
    const auto failed = runHcmsim(strict);
    EXPECT_EQ(failed.exitCode, 2);
    EXPECT_NE(failed.err.find("(--strict)"), std::string::npos) << failed.err;
    // The record of an estimate names the calibration and its hash.
    const auto rec = runHcmsim({"estimate", "--net", "resnet20", "--calibration", cal, "--format", "json"});
    ASSERT_EQ(rec.exitCode, 0) << rec.err;
    EXPECT_EQ(json::parse(rec.out)["provenance"]["calibration"]["file_hash"], hcm::fileContentHash(cal));
}

}  // namespace
