#include "provenance.hpp"

#include "sim/common/content_hash.hpp"
#include "sim/config/platform_fingerprint.hpp"
#include "sim/report/program_version.hpp"
#include "workloads/network_loader.hpp"

namespace hcm::cli {

using J = nlohmann::ordered_json;

namespace {

J fileRecord(const std::string& path) {
    if (path.empty()) return nullptr;
    return J{{"file", path}, {"file_hash", fileContentHash(path)}};
}

}  // namespace

bool isOutputOption(const std::string& name) {
    for (const char* o : {"--out", "--vcd", "--trace", "--report", "--plot", "-j", "--jobs"})
        if (name == o) return true;
    return false;
}

nlohmann::ordered_json provenanceJson(const ProvenanceInputs& in) {
    J j;
    j["program"] = "hcmsim";
    j["version"] = programVersionNumber();
    j["git_commit"] = programGitCommit();
    J command = J::array();
    for (size_t i = 0; i < in.args.size(); ++i) {
        const std::string& a = in.args[i];
        const std::string name = a.substr(0, a.find('='));
        if (i > 0 && isOutputOption(name)) {
            if (a.find('=') == std::string::npos) ++i;  // its value is the next argument
            continue;
        }
        command.push_back(a);
    }
    j["command"] = command;
    if (in.platform) {
        const PlatformConfig& p = *in.platform;
        J hw = fileRecord(p.source);
        if (hw.is_null()) hw = J::object();
        hw["name"] = p.name;
        hw["overrides"] = p.overrides;
        hw["fingerprint"] = platformFingerprint(p);
        hw["resolved_yaml"] = p.resolved_yaml;
        j["platform"] = hw;
    }
    if (in.network) {
        const NetworkOptions& n = *in.network;
        J net = {{"spec", n.net}};
        const std::string file = networkSourceFile(n.net);
        net["file"] = file.empty() ? J(nullptr) : J(file);
        net["file_hash"] = file.empty() ? J(nullptr) : J(fileContentHash(file));
        net["quant_policy"] = fileRecord(n.quant);
        j["network"] = net;
    }
    j["calibration"] = fileRecord(in.calibration);
    return j;
}

}  // namespace hcm::cli
