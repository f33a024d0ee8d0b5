#include "provenance.hpp"

#include <filesystem>

#include "sim/common/content_hash.hpp"
#include "sim/config/platform_fingerprint.hpp"
#include "sim/report/program_version.hpp"
#include "workloads/network_loader.hpp"

namespace hcm::cli {

namespace fs = std::filesystem;
using J = nlohmann::ordered_json;

namespace {

J fileRecord(const std::string& path) {
    if (path.empty()) return nullptr;
    return J{{"file", path}, {"file_hash", fileContentHash(path)}};
}

// The file a --net spec reads, if any: a path, or a zoo network's YAML.
std::string networkFile(const std::string& spec) {
    std::error_code ec;
    if (fs::is_regular_file(spec, ec)) return spec;
    const fs::path zoo = fs::path(zooDirectory()) / (spec + ".yaml");
    if (spec.find('/') == std::string::npos && fs::is_regular_file(zoo, ec)) return zoo.string();
    return "";  // generated (random_cnn:..., cifar_resnet:...): the spec is the whole input
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
        const std::string file = networkFile(n.net);
        net["file"] = file.empty() ? J(nullptr) : J(file);
        net["file_hash"] = file.empty() ? J(nullptr) : J(fileContentHash(file));
        net["quant_policy"] = fileRecord(n.quant);
        j["network"] = net;
    }
    j["calibration"] = fileRecord(in.calibration);
    return j;
}

}  // namespace hcm::cli
