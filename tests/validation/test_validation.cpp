// The validation suite: one test per row of tests/validation/figures.yaml, a
// published figure the models reproduce. Each test runs the row's hcmsim
// command, evaluates the row's `value` on the command's JSON and checks
//   * drift: ours equals the row's `recorded` value to 6 significant digits;
//   * accuracy: |ours / published - 1| <= tolerance_pct / 100, unless the row
//     is a documented `known_deviation`.
// With HCMSIM_VALIDATION_OUT=DIR set, each test also writes DIR/<id>.json
// (the row, ours, the ratio, the status): tools/studies/validation.sh renders
// docs/validation.md's table from those files. ctest label: `validation`.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/cli_runner.hpp"

namespace fs = std::filesystem;
using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using nlohmann::json;

namespace {

struct Row {
    std::string id, system, figure, source, unit, tolerance_reason, value, status, note;
    size_t index = 0;  // position in figures.yaml
    double published = 0, tolerance_pct = 0;
    bool has_recorded = false;
    double recorded = 0;
    std::vector<std::string> command;
};

const char* const kFigures = "tests/validation/figures.yaml";

std::string required(const YAML::Node& n, const char* key, size_t index) {
    if (!n[key] || !n[key].IsScalar())
        throw std::runtime_error(std::string(kFigures) + ": row " + std::to_string(index) + ": `" + key +
                                 "` missing or not a scalar");
    return n[key].as<std::string>();
}

double number(const YAML::Node& n, const char* key, size_t index) {
    const std::string s = required(n, key, index);
    size_t used = 0;
    double v = 0;
    try {
        v = std::stod(s, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != s.size() || !std::isfinite(v))
        throw std::runtime_error(std::string(kFigures) + ": row " + std::to_string(index) + ": `" + key +
                                 "` is not a number: " + s);
    return v;
}

bool validId(const std::string& id) {
    if (id.empty()) return false;
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
    return true;
}

// Every row of figures.yaml; throws on a malformed file.
std::vector<Row> parseRows() {
    const YAML::Node doc = YAML::LoadFile(sourcePath(kFigures));
    if (!doc.IsSequence()) throw std::runtime_error(std::string(kFigures) + ": expected a list of rows");
    std::vector<Row> rows;
    std::set<std::string> ids;
    for (size_t i = 0; i < doc.size(); ++i) {
        const YAML::Node& n = doc[i];
        Row r;
        r.index = i;
        r.id = required(n, "id", i);
        if (!validId(r.id)) throw std::runtime_error(std::string(kFigures) + ": id `" + r.id + "`: letters, digits, _");
        if (!ids.insert(r.id).second) throw std::runtime_error(std::string(kFigures) + ": id `" + r.id + "` twice");
        r.system = required(n, "system", i);
        r.figure = required(n, "figure", i);
        r.source = required(n, "source", i);
        r.unit = required(n, "unit", i);
        r.tolerance_reason = required(n, "tolerance_reason", i);
        r.value = required(n, "value", i);
        r.published = number(n, "published", i);
        r.tolerance_pct = number(n, "tolerance_pct", i);
        if (r.published == 0 || r.tolerance_pct < 0)
            throw std::runtime_error(std::string(kFigures) + ": " + r.id + ": published must be non-zero, tolerance >= 0");
        if (n["recorded"]) {
            r.has_recorded = true;
            r.recorded = number(n, "recorded", i);
        }
        if (n["status"]) {
            r.status = required(n, "status", i);
            if (r.status != "known_deviation")
                throw std::runtime_error(std::string(kFigures) + ": " + r.id + ": status is `known_deviation` or absent");
            if (!r.has_recorded)
                throw std::runtime_error(std::string(kFigures) + ": " + r.id + ": a known deviation needs `recorded`");
        }
        if (n["note"]) r.note = required(n, "note", i);
        const YAML::Node& cmd = n["command"];
        if (!cmd || !cmd.IsSequence() || cmd.size() == 0)
            throw std::runtime_error(std::string(kFigures) + ": " + r.id + ": `command` must be a non-empty list");
        for (const auto& a : cmd) r.command.push_back(a.as<std::string>());
        rows.push_back(r);
    }
    return rows;
}

// The rows for the parameterized test; a malformed file gives none here and
// fails Validation.FiguresFileIsWellFormed instead of the test discovery.
std::vector<Row> rowsOrNone() {
    try {
        return parseRows();
    } catch (const std::exception&) {
        return {};
    }
}

// A JSON number at a dotted path: object keys and array indices.
double atPath(const json& doc, const std::string& path) {
    const json* cur = &doc;
    std::stringstream ss(path);
    std::string seg;
    while (std::getline(ss, seg, '.')) {
        if (cur->is_array()) {
            size_t used = 0;
            size_t idx = 0;
            try {
                idx = std::stoul(seg, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used == 0 || used != seg.size() || idx >= cur->size())
                throw std::runtime_error("`" + path + "`: no element `" + seg + "`");
            cur = &(*cur)[idx];
        } else if (cur->is_object() && cur->contains(seg)) {
            cur = &(*cur)[seg];
        } else {
            throw std::runtime_error("`" + path + "`: no key `" + seg + "`");
        }
    }
    if (!cur->is_number()) throw std::runtime_error("`" + path + "` is not a number");
    return cur->get<double>();
}

std::string trim(const std::string& s) {
    const size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

double factor(const json& doc, const std::string& token) {
    const std::string t = trim(token);
    if (t.empty()) throw std::runtime_error("empty factor");
    size_t used = 0;
    double v = 0;
    try {
        v = std::stod(t, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == t.size()) return v;
    return atPath(doc, t);
}

// `value`: factors (numbers or dotted paths) joined by `*` and `/`, left to right.
double evaluate(const json& doc, const std::string& expr) {
    double result = 0;
    char op = 0;
    std::string token;
    for (size_t i = 0; i <= expr.size(); ++i) {
        const char c = i < expr.size() ? expr[i] : '\0';
        if (c == '*' || c == '/' || c == '\0') {
            const double f = factor(doc, token);
            if (op == 0) result = f;
            else if (op == '*') result *= f;
            else result /= f;
            op = c;
            token.clear();
        } else {
            token += c;
        }
    }
    return result;
}

// Paths in a command are relative to the repository root.
std::vector<std::string> resolvedArgs(const std::vector<std::string>& command) {
    std::vector<std::string> args;
    for (const std::string& a : command) {
        if (a.find('/') != std::string::npos && a[0] != '/' && fs::exists(sourcePath(a)))
            args.push_back(sourcePath(a));
        else
            args.push_back(a);
    }
    return args;
}

json runRow(const Row& r) {
    std::vector<std::string> args = resolvedArgs(r.command);
    std::string outDir;
    if (args.front() == "run") {
        outDir = tempDir("validation_" + r.id);
        args.insert(args.end(), {"--out", outDir, "--quiet"});
    }
    const hcm::test::CliResult res = runHcmsim(args);
    if (res.exitCode != 0)
        throw std::runtime_error("hcmsim exited with " + std::to_string(res.exitCode) + ": " + res.err);
    const json doc = json::parse(outDir.empty() ? res.out : readFile(outDir + "/summary.json"));
    if (!outDir.empty()) fs::remove_all(outDir);
    return doc;
}

bool sameTo6Digits(double a, double b) {
    if (a == b) return true;
    return std::fabs(a - b) <= 5e-6 * std::max(std::fabs(a), std::fabs(b));
}

void writeResult(const Row& r, double ours, bool ran, const std::string& status, const std::string& error) {
    const char* dir = std::getenv("HCMSIM_VALIDATION_OUT");
    if (dir == nullptr || *dir == '\0') return;
    json j;
    j["index"] = r.index;
    j["id"] = r.id;
    j["system"] = r.system;
    j["figure"] = r.figure;
    j["source"] = r.source;
    j["published"] = r.published;
    j["unit"] = r.unit;
    j["tolerance_pct"] = r.tolerance_pct;
    j["tolerance_reason"] = r.tolerance_reason;
    j["value"] = r.value;
    j["command"] = r.command;
    if (ran) {
        j["hcmsim"] = ours;
        j["ratio"] = ours / r.published;
    }
    if (r.has_recorded) j["recorded"] = r.recorded;
    if (!r.note.empty()) j["note"] = r.note;
    j["status"] = status;
    if (!error.empty()) j["error"] = error;
    fs::create_directories(dir);
    std::ofstream(std::string(dir) + "/" + r.id + ".json") << j.dump(2) << "\n";
}

// gtest prints the parameter of a failed test with this, not as bytes.
[[maybe_unused]] void PrintTo(const Row& r, std::ostream* os) { *os << r.id; }

class Validation : public ::testing::TestWithParam<Row> {};

TEST_P(Validation, Reproduces) {
    const Row& r = GetParam();
    double ours = 0;
    try {
        ours = evaluate(runRow(r), r.value);
    } catch (const std::exception& e) {
        writeResult(r, 0, false, "error", e.what());
        FAIL() << r.id << ": " << e.what();
    }
    const double deviation = std::fabs(ours / r.published - 1.0);
    const bool within = deviation <= r.tolerance_pct / 100.0 + 1e-12;
    const bool drifted = r.has_recorded && !sameTo6Digits(ours, r.recorded);
    std::string status = r.status == "known_deviation" ? "known deviation" : (within ? "ok" : "outside tolerance");
    if (drifted) status = "drifted";
    writeResult(r, ours, true, status, "");

    if (r.has_recorded) {
        EXPECT_TRUE(sameTo6Digits(ours, r.recorded))
            << r.id << ": ours " << ours << " drifted from the recorded " << r.recorded
            << " (update `recorded` in " << kFigures << " if the change is intended)";
    }
    if (r.status != "known_deviation") {
        EXPECT_TRUE(within) << r.id << ": ours " << ours << " vs published " << r.published << " " << r.unit << ": "
                            << 100.0 * deviation << "% off, tolerance " << r.tolerance_pct << "% ("
                            << r.tolerance_reason << ")";
    }
}

std::string rowName(const ::testing::TestParamInfo<Row>& info) { return info.param.id; }

INSTANTIATE_TEST_SUITE_P(Figures, Validation, ::testing::ValuesIn(rowsOrNone()), rowName);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Validation);

TEST(ValidationFile, FiguresFileIsWellFormed) {
    std::vector<Row> rows;
    ASSERT_NO_THROW(rows = parseRows());
    EXPECT_GE(rows.size(), 10u);
    for (const Row& r : rows)
        for (const std::string& a : r.command)
            if (a.rfind("tests/", 0) == 0) {
                EXPECT_TRUE(fs::exists(sourcePath(a))) << r.id << ": " << a;
            }
}

TEST(ValidationFile, ValueExpressions) {
    const json doc = json::parse(R"({"layers": [{"cycles": 10, "peak": 4}], "platform": {"clock_mhz": 200}})");
    EXPECT_DOUBLE_EQ(evaluate(doc, "layers.0.cycles"), 10);
    EXPECT_DOUBLE_EQ(evaluate(doc, "2 * layers.0.peak * platform.clock_mhz * 1e6"), 1.6e9);
    EXPECT_DOUBLE_EQ(evaluate(doc, "layers.0.cycles / layers.0.peak / 5"), 0.5);
    EXPECT_THROW(evaluate(doc, "layers.1.cycles"), std::runtime_error);
    EXPECT_THROW(evaluate(doc, "platform.name"), std::runtime_error);
    EXPECT_THROW(evaluate(doc, "layers.0.cycles *"), std::runtime_error);
    EXPECT_TRUE(sameTo6Digits(112284, 112284.4));
    EXPECT_FALSE(sameTo6Digits(112284, 112285));
}

}  // namespace
