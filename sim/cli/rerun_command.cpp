// hcmsim rerun: reproduces a result from the provenance record it carries
// (summary.json of `run`, the JSON of `estimate`): the platform as resolved
// then, the same network, policy and calibration files (refused if they have
// changed since), the same arguments. --check compares the new result with
// the recorded one.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "common_options.hpp"
#include "provenance.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/content_hash.hpp"
#include "sim/common/input_error.hpp"
#include "sim/config/platform_fingerprint.hpp"
#include "sim/report/program_version.hpp"

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

}  // namespace

int runRerun(const Args& args) {
    std::string record, out;
    bool check = false;
    po::options_description desc("options");
    desc.add_options()
        ("record", po::value(&record), "summary.json of hcmsim run, or the JSON of hcmsim estimate --format json")
        ("out", po::value(&out), "where the new result goes: a directory for run (default: rerun/ beside the record), "
                                 "a file for estimate (default: stdout)")
        ("check", po::bool_switch(&check), "compare the new result with the recorded one (exit 1 if they differ)");
    po::positional_options_description pos;
    pos.add("record", 1);
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest)
        if (a == "--help" || a == "-h") {
            std::cout << "usage: hcmsim rerun RECORD.json [--out DIR|FILE] [--check]\n"
                         "Runs again what produced a result, from the provenance record in it: the platform as it was "
                         "resolved,\nthe same network, policy and calibration files (refused if changed), the same "
                         "arguments.\n\n"
                      << desc << "\n";
            return kExitOk;
        }
    po::variables_map vm;
    po::store(po::command_line_parser(rest).options(desc).positional(pos).run(), vm);
    po::notify(vm);
    if (record.empty()) throwInputError({}, "rerun", "usage: hcmsim rerun RECORD.json [--out DIR|FILE] [--check]");

    const json old = readRecord(record);
    if (!old.is_object() || !old.contains("provenance") || !old["provenance"].is_object())
        throwInputError({record, 0, 0}, "provenance", "the file carries no provenance record (written by an older hcmsim?)");
    const json& prov = old["provenance"];
    if (!prov.contains("command") || !prov["command"].is_array() || prov["command"].empty())
        throwInputError({record, 0, 0}, "provenance.command", "missing from the provenance record");
    const std::vector<std::string> command = prov["command"].get<std::vector<std::string>>();
    const std::string sub = command[0];
    if (sub != "run" && sub != "estimate")
        throwInputError({record, 0, 0}, "provenance.command", "'" + sub + "' results cannot be rerun (run, estimate)");
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

    // The platform as it was resolved: the overrides are in it already.
    char dirTemplate[] = "/tmp/hcmsim_rerun_XXXXXX";
    if (!::mkdtemp(dirTemplate)) throw std::runtime_error("cannot create a temporary directory");
    const std::string tmp = dirTemplate;
    const std::string platformFile = tmp + "/platform.yaml";
    writeFileAtomic(platformFile, resolved);
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
    std::string result;
    if (sub == "run") {
        if (out.empty()) out = (fs::path(record).parent_path() / "rerun").string();
        argv.insert(argv.end(), {"--out", out});
        result = out + "/summary.json";
    } else if (!out.empty() || check) {
        result = out.empty() ? tmp + "/estimate.json" : out;
        argv.insert(argv.end(), {"--out", result});
    }
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    const int code = dispatch(int(cargv.size()), cargv.data());
    int status = code;
    if (code == kExitOk && check) {
        json now = readRecord(result);
        json then = old;
        now.erase("provenance");
        then.erase("provenance");
        const std::string where = firstDifference(then, now, "");
        if (where.empty()) {
            std::cerr << "hcmsim rerun: the same result as " << record << "\n";
        } else {
            std::cerr << "hcmsim rerun: differs from " << record << " at " << where << "\n";
            status = kExitInternal;
        }
    }
    if (code == kExitOk && sub == "estimate" && out.empty() && check) {
        std::ifstream in(result);
        std::cout << in.rdbuf();
    }
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return status;
}

}  // namespace hcm::cli
