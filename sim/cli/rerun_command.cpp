// hcmsim rerun: reproduces a result from the provenance record it carries
// (summary.json of `run`, the JSON of `estimate`, the reports of `calibrate`
// and `search`, the first line of a sweep's CSV, a calibration YAML, a cost
// chart): the platform as resolved
// then, the same network, policy, calibration and study files (refused if
// they have changed since), the same arguments. --check compares the new
// result with the recorded one.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>

#include "common_options.hpp"
#include "provenance.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/content_hash.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/platform_fingerprint.hpp"
#include "sim/report/program_version.hpp"
#include "sim/estimate/calibration_model.hpp"
#include "sim/study/cost_chart.hpp"
#include "sim/study/results_table.hpp"

namespace hcm::cli {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json readRecord(const std::string& path) {
    std::ifstream in(path);
    if (!in) throwInputError({path, 0, 0}, "", "cannot read the file");
    try {
        return json::parse(in);
    } catch (const json::exception& e) {
        throwInputError({path, 0, 0}, "", std::string("not JSON: ") + e.what());
    }
}

std::string stringAt(const json& j, const char* key, const std::string& record, const std::string& where) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string())
        throwInputError({record, 0, 0}, where + key, "missing from the provenance record");
    return j[key].get<std::string>();
}

// A file the record names must still hold the bytes it held then.
void requireUnchanged(const json& rec, const std::string& record, const std::string& what) {
    if (rec.is_null()) return;
    const std::string file = stringAt(rec, "file", record, "provenance." + what + ".");
    const std::string then = stringAt(rec, "file_hash", record, "provenance." + what + ".");
    const std::string now = fileContentHash(file);
    if (now.empty()) throwInputError({record, 0, 0}, "provenance." + what, "'" + file + "' no longer exists");
    if (now != then)
        throwInputError({record, 0, 0}, "provenance." + what,
                        "'" + file + "' has changed since the recorded result (content hash " + then + ", now " + now +
                            ")");
}

// The first place two results differ ("" when they agree), as a JSON path.
std::string firstDifference(const json& a, const json& b, const std::string& path) {
    if (a.type() != b.type()) return path.empty() ? "/" : path;
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key())) return path + "/" + it.key();
            const std::string d = firstDifference(it.value(), b[it.key()], path + "/" + it.key());
            if (!d.empty()) return d;
        }
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key())) return path + "/" + it.key();
        return "";
    }
    if (a.is_array()) {
        if (a.size() != b.size()) return path;
        for (size_t i = 0; i < a.size(); ++i) {
            const std::string d = firstDifference(a[i], b[i], path + "/" + std::to_string(i));
            if (!d.empty()) return d;
        }
        return "";
    }
    return a == b ? "" : path;
}

// The commands whose results carry a provenance record, and where their
// result (the file compared by --check) goes.
struct RerunOutput {
    const char* command;
    bool directory;      // --out names a directory holding `result`
    const char* result;  // the file compared (in the directory, or --report's)
};
const RerunOutput kOutputs[] = {{"run", true, "summary.json"},
                                {"estimate", false, ""},
                                {"calibrate", false, "report.json"},
                                {"search", true, "search_report.json"}};

int runArguments(std::vector<std::string> argv) {
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    return dispatch(int(cargv.size()), cargv.data());
}

// A sweep's CSV: its first line names the study file and its content hash;
// the sweep runs again from that file (refused if it has changed).
int rerunSweep(const std::string& record, const std::string& line, std::string out, bool check) {
    const size_t at = line.find("; study "), hashAt = line.rfind(" (content hash ");
    if (at == std::string::npos || hashAt == std::string::npos || hashAt < at)
        throwInputError({record, 1, 1}, "provenance", "the first line names no study file");
    const std::string study = line.substr(at + 8, hashAt - at - 8);
    const std::string then = line.substr(hashAt + 15, line.size() - hashAt - 16);
    const std::string now = fileContentHash(study);
    if (now.empty()) throwInputError({record, 1, 1}, "provenance", "the study '" + study + "' no longer exists");
    if (now != then)
        throwInputError({record, 1, 1}, "provenance",
                        "the study '" + study + "' has changed since (content hash " + then + ", now " + now + ")");
    const std::string version = line.substr(14, at - 14);
    if (version != programVersion())
        std::cerr << "hcmsim rerun: warning: the result was written by " << version << ", this is " << programVersion()
                  << ": numbers may differ\n";
    if (out.empty()) out = fs::path(record).replace_extension(".rerun.csv").string();
    const int code = runArguments({"hcmsim", "sweep", "--study", study, "--out", out});
    if (code != kExitOk || !check) return code;
    const ResultsTable a = readResults(record), b = readResults(out);
    if (a.header == b.header && a.rows == b.rows) {
        std::cerr << "hcmsim rerun: the same result as " << record << "\n";
        return kExitOk;
    }
    std::cerr << "hcmsim rerun: differs from " << record << "\n";
    return kExitInternal;
}

// A cost chart: its comments hold the command that built it and the
// platform's fingerprint; the chart is built again if the platform the
// command names still has that fingerprint.
int rerunCostChart(const std::string& record, std::string out, bool check) {
    const CostChart old = loadCostChart(record);
    if (old.command.empty()) throwInputError({record, 0, 0}, "command", "the chart records no command (an older hcmsim?)");
    std::vector<std::string> command;
    try {
        command = json::parse(old.command).get<std::vector<std::string>>();
    } catch (const json::exception&) {
        throwInputError({record, 0, 0}, "command", "not a JSON list of arguments");
    }
    std::string hw = "default";
    std::vector<std::string> sets;
    for (size_t i = 1; i + 1 < command.size(); ++i) {
        if (command[i] == "--hw") hw = command[i + 1];
        if (command[i] == "--set") sets.push_back(command[i + 1]);
    }
    const size_t at = old.provenance.find("platform fingerprint ");
    const std::string then = at == std::string::npos ? "" : old.provenance.substr(at + 21, 16);
    const std::string now = platformFingerprint(loadPlatformConfig(hw, sets));
    if (then != now)
        throwInputError({record, 0, 0}, "provenance",
                        "the platform '" + hw + "' has changed since the chart was built (fingerprint " + then +
                            ", now " + now + ")");
    if (out.empty()) out = fs::path(record).replace_extension(".rerun.csv").string();
    std::vector<std::string> argv = {"hcmsim"};
    argv.insert(argv.end(), command.begin(), command.end());
    argv.insert(argv.end(), {"--out", out});
    const int code = runArguments(argv);
    if (code != kExitOk || !check) return code;
    const CostChart now2 = loadCostChart(out);
    bool same = now2.rows.size() == old.rows.size();
    for (size_t i = 0; same && i < old.rows.size(); ++i) {
        const CostChartRow &a = old.rows[i], &b = now2.rows[i];
        same = a.depth == b.depth && a.width == b.width && a.cycles == b.cycles && a.time_ns == b.time_ns &&
               a.energy_pj == b.energy_pj && a.dram_bytes == b.dram_bytes;
    }
    std::cerr << "hcmsim rerun: " << (same ? "the same result as " : "differs from ") << record << "\n";
    return same ? kExitOk : kExitInternal;
}

// A calibration YAML: its platform's settings, training networks and
// precisions are in it; the fit runs again on them.
int rerunCalibration(const std::string& record, std::string out, bool check) {
    const CalibrationModel old = loadCalibration(record);
    if (old.platform_settings.empty())
        throwInputError({record, 0, 0}, "platform_settings", "the calibration records no platform (an older hcmsim?)");
    for (const auto& in : old.inputs)
        requireUnchanged(json{{"file", in.file}, {"file_hash", in.file_hash}}, record, "inputs");
    if (out.empty()) out = (fs::path(record).parent_path() / "rerun").string();
    fs::create_directories(out);
    writeFileAtomic(out + "/platform.yaml", old.platform_settings);
    const auto joined = [](const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
        return s;
    };
    const std::string result = out + "/calibration.yaml";
    const int code = runArguments({"hcmsim", "calibrate", "--hw", out + "/platform.yaml", "--nets", joined(old.nets),
                                   "--quant-set", joined(old.quant_set), "--out", result});
    if (code != kExitOk || !check) return code;
    // The same fit: every line but the program that wrote it.
    const auto withoutProgram = [](const std::string& path) {
        std::ifstream in(path);
        std::string text;
        for (std::string line; std::getline(in, line);)
            if (line.rfind("program: ", 0) != 0) text += line + "\n";
        return text;
    };
    const bool same = withoutProgram(record) == withoutProgram(result);
    std::cerr << "hcmsim rerun: " << (same ? "the same result as " : "differs from ") << record << "\n";
    return same ? kExitOk : kExitInternal;
}

// Checks what the record names before anything runs: the platform document
// against its fingerprint, the files against their hashes; warns when
// another build wrote it. Returns the command and the resolved platform.
std::pair<std::vector<std::string>, std::string> recordedCommand(const json& prov, const std::string& record) {
    const json& cmd = prov.contains("command") ? prov["command"] : json();
    if (!cmd.is_array() || cmd.empty() || !std::all_of(cmd.begin(), cmd.end(), [](const json& a) { return a.is_string(); }))
        throwInputError({record, 0, 0}, "provenance.command", "missing from the provenance record, or not a list of strings");
    if (stringAt(prov, "git_commit", record, "provenance.") != programGitCommit())
        std::cerr << "hcmsim rerun: warning: the result was written by commit " << prov["git_commit"].get<std::string>()
                  << ", this is " << programVersion() << ": numbers may differ\n";
    const json& hw = prov.contains("platform") ? prov["platform"] : json();
    const std::string resolved = stringAt(hw, "resolved_yaml", record, "provenance.platform.");
    if (platformFingerprint(resolved) != stringAt(hw, "fingerprint", record, "provenance.platform."))
        throwInputError({record, 0, 0}, "provenance.platform.fingerprint", "does not match its resolved_yaml");
    if (prov.contains("network")) {
        const json& net = prov["network"];
        if (net.contains("file") && !net["file"].is_null()) requireUnchanged(net, record, "network");
        if (net.contains("quant_policy")) requireUnchanged(net["quant_policy"], record, "network.quant_policy");
    }
    if (prov.contains("calibration")) requireUnchanged(prov["calibration"], record, "calibration");
    return {cmd.get<std::vector<std::string>>(), resolved};
}

// The recorded arguments on the resolved platform (its overrides are in it),
// writing where `out` says; `result` is set to the file --check compares.
std::vector<std::string> rerunArguments(const std::vector<std::string>& command, const RerunOutput& output,
                                        const std::string& platformFile, const std::string& record, std::string out,
                                        bool check, const std::string& tmp, std::string& result) {
    std::vector<std::string> argv = {"hcmsim"};
    for (size_t i = 0; i < command.size(); ++i) {
        const std::string name = command[i].substr(0, command[i].find('='));
        if (i > 0 && (name == "--hw" || name == "--set")) {
            if (command[i].find('=') == std::string::npos) ++i;
            continue;
        }
        argv.push_back(command[i]);
    }
    argv.insert(argv.end(), {"--hw", platformFile});
    const std::string dir = out.empty() ? (fs::path(record).parent_path() / "rerun").string() : out;
    if (output.directory) {
        argv.insert(argv.end(), {"--out", dir});
        result = dir + "/" + output.result;
    } else if (command[0] == "calibrate") {
        fs::create_directories(dir);
        result = dir + "/" + output.result;
        argv.insert(argv.end(), {"--out", dir + "/calibration.yaml", "--report", result});
    } else if (!out.empty() || check) {
        result = out.empty() ? tmp + "/estimate.json" : out;
        argv.insert(argv.end(), {"--out", result});
    }
    return argv;
}

constexpr const char* kLayersCsvRecord = "# provenance: {";

// --check of a layers.csv: every line but the provenance record.
int compareLayersCsv(const std::string& record, const fs::path& result) {
    auto body = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        std::string first;
        std::getline(in, first);
        std::ostringstream rest;
        rest << in.rdbuf();
        return rest.str();
    };
    const bool same = body(record) == body(result.string());
    std::cerr << "hcmsim rerun: " << (same ? "the same result as " : "differs from ") << record << "\n";
    return same ? kExitOk : kExitInternal;
}

// --check: the new result against the recorded one, provenance aside.
int compareWithRecord(const json& old, const std::string& result, const std::string& record) {
    json now = readRecord(result);
    json then = old;
    now.erase("provenance");
    then.erase("provenance");
    const std::string where = firstDifference(then, now, "");
    if (where.empty()) {
        std::cerr << "hcmsim rerun: the same result as " << record << "\n";
        return kExitOk;
    }
    std::cerr << "hcmsim rerun: differs from " << record << " at " << where << "\n";
    return kExitInternal;
}

// Runs again what a provenance record names; --check compares the new
// result with the recorded one (summary.json, or `compareCsv`: a layers.csv).
int rerunRecord(const json& old, const std::string& record, const std::string& out, bool check,
                const std::string& compareCsv = "") {
    if (!old.is_object() || !old.contains("provenance") || !old["provenance"].is_object())
        throwInputError({record, 0, 0}, "provenance", "the file carries no provenance record (written by an older hcmsim?)");
    const auto recorded = recordedCommand(old["provenance"], record);
    const std::vector<std::string>& command = recorded.first;
    const std::string& resolved = recorded.second;
    const auto output = std::find_if(std::begin(kOutputs), std::end(kOutputs),
                                     [&](const RerunOutput& o) { return command[0] == o.command; });
    if (output == std::end(kOutputs))
        throwInputError({record, 0, 0}, "provenance.command",
                        "'" + command[0] + "' results cannot be rerun (run, estimate, calibrate, search)");

    char dirTemplate[] = "/tmp/hcmsim_rerun_XXXXXX";
    if (!::mkdtemp(dirTemplate)) throw std::runtime_error("cannot create a temporary directory");
    const std::string tmp = dirTemplate;
    writeFileAtomic(tmp + "/platform.yaml", resolved);
    std::string result;
    const int code =
        runArguments(rerunArguments(command, *output, tmp + "/platform.yaml", record, out, check, tmp, result));
    int status = code;
    if (code == kExitOk && check)
        status = compareCsv.empty() ? compareWithRecord(old, result, record)
                                    : compareLayersCsv(compareCsv, fs::path(result).parent_path() / "layers.csv");
    if (code == kExitOk && command[0] == "estimate" && out.empty() && check) {
        std::ifstream in(result);
        std::cout << in.rdbuf();
    }
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return status;
}

// A run's layers.csv: its first line is the run's provenance record.
int rerunLayersCsv(const std::string& record, const std::string& line, const std::string& out, bool check) {
    json prov;
    try {
        prov = json::parse(line.substr(std::string(kLayersCsvRecord).size() - 1));
    } catch (const json::exception& e) {
        throwInputError({record, 1, 1}, "provenance", std::string("not a JSON record: ") + e.what());
    }
    if (!prov.is_object() || !prov.contains("command") || !prov["command"].is_array() || prov["command"].empty() ||
        prov["command"][0] != "run")
        throwInputError({record, 1, 1}, "provenance.command", "a layers.csv record must be a run's");
    return rerunRecord(json{{"provenance", prov}}, record, out, check, record);
}

}  // namespace

int runRerun(const Args& args) {
    std::string record, out;
    bool check = false;
    po::options_description desc("options");
    desc.add_options()
        ("record", po::value(&record),
         "summary.json or layers.csv of run, the JSON of estimate --format json, the report of calibrate or search, a sweep's CSV, "
         "a calibration YAML or a cost chart")
        ("out", po::value(&out), "where the new result goes: a directory for run, calibrate and search (default: "
                                 "rerun/ beside the record), a file for estimate (default: stdout), a sweep or a "
                                 "cost chart (default: NAME.rerun.csv beside the record NAME.csv)")
        ("check", po::bool_switch(&check), "compare the new result with the recorded one (exit 1 if they differ)");
    po::positional_options_description pos;
    pos.add("record", 1);
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << "usage: hcmsim rerun RECORD [--out DIR|FILE] [--check]\n"
                         "Runs again what produced a result, from the provenance record in it: the platform as it was "
                         "resolved,\nthe same network, policy, calibration and study files (refused if changed), the "
                         "same arguments.\n\n"
                      << desc << "\n";
            return kExitOk;
        }
    po::variables_map vm;
    po::store(po::command_line_parser(rest).options(desc).positional(pos).run(), vm);
    po::notify(vm);
    if (record.empty()) throwInputError({}, "rerun", "usage: hcmsim rerun RECORD [--out DIR|FILE] [--check]");

    {
        std::ifstream probe(record);
        std::string first;
        std::getline(probe, first);
        if (first.rfind(kLayersCsvRecord, 0) == 0) return rerunLayersCsv(record, first, out, check);
        if (first.rfind("# provenance: ", 0) == 0) return rerunSweep(record, first, out, check);
        if (first.rfind("# hcmsim cost chart", 0) == 0) return rerunCostChart(record, out, check);
        if (first.rfind("# hcmsim calibration", 0) == 0) return rerunCalibration(record, out, check);
    }
    return rerunRecord(readRecord(record), record, out, check);
}

}  // namespace hcm::cli
