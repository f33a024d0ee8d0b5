#include "network_loader.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "families.hpp"
#include "im2col.hpp"
#include "network_yaml.hpp"
#include "onnx/onnx_import.hpp"
#include "scalesim_csv.hpp"

#ifndef HCMSIM_ZOO_DIR
#define HCMSIM_ZOO_DIR "workloads/zoo"
#endif

namespace fs = std::filesystem;

namespace hcm {

std::string zooDirectory() {
    if (const char* env = std::getenv("HCMSIM_ZOO_DIR"); env && *env) return env;
    return HCMSIM_ZOO_DIR;
}

std::string networkSourceFile(const std::string& spec) {
    std::error_code ec;
    if (fs::is_regular_file(spec, ec)) return spec;
    const fs::path zoo = fs::path(zooDirectory()) / (spec + ".yaml");
    if (spec.find('/') == std::string::npos && fs::is_regular_file(zoo, ec)) return zoo.string();
    return "";
}

std::vector<std::string> zooNames() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(zooDirectory(), ec)) {
        if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

namespace {
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}
}  // namespace

Network loadNetworkShapes(const std::string& spec, std::vector<std::string>* warnings) {
    if (spec.empty()) throwInputError({}, "--net", "no network given");
    if (isFamilySpec(spec)) return makeFamilyNetwork(spec);
    const std::string ext = lower(fs::path(spec).extension().string());
    const bool looksLikeFile = spec.find('/') != std::string::npos || !ext.empty();
    if (!looksLikeFile) {
        const std::string zooFile = (fs::path(zooDirectory()) / (spec + ".yaml")).string();
        if (!fs::exists(zooFile)) {
            std::string known;
            for (const auto& n : zooNames()) known += (known.empty() ? "" : ", ") + n;
            throwInputError({}, "--net", "'" + spec + "' is neither a file nor a zoo network (zoo: " + known + ")");
        }
        Network net = loadNetworkYaml(zooFile);
        return net;
    }
    if (!fs::exists(spec)) throwInputError({spec, 0, 0}, "", "no such file");
    if (ext == ".yaml" || ext == ".yml") return loadNetworkYaml(spec);
    if (ext == ".csv") return loadScaleSimCsv(spec);
    if (ext == ".onnx") return loadOnnxNetwork(spec, warnings);
    throwInputError({spec, 0, 0}, "", "unknown network format '" + ext + "' (expected .yaml, .csv or .onnx)");
}

Network loadNetwork(const NetworkRequest& request, std::vector<std::string>* warnings) {
    Network net = loadNetworkShapes(request.spec, warnings);
    if (request.batch) {
        // Every layer scales with the batch (fc: GEMM rows, which are batch x m),
        // except a product of two activations (attention's q·kᵀ, attention·v):
        // each image has its own second operand, so there the independent
        // GEMMs (groups: heads x images) scale, with their operands.
        for (auto& L : net.layers) {
            if (L.runtime_weights && L.groups % net.batch == 0) {
                const int64_t groups = L.groups / net.batch * *request.batch;
                L.c = L.c / L.groups * groups;
                L.k = L.k / L.groups * groups;
                L.groups = groups;
            } else {
                L.n = L.n / net.batch * *request.batch;
            }
        }
        net.batch = *request.batch;
    }
    if (request.im2colFirstLayer) im2colFirstLayer(net, "--im2col-first-layer");
    PrecisionRequest pr;
    pr.cli = request.cli;
    if (!request.quantPolicyFile.empty()) pr.policy = loadQuantPolicy(request.quantPolicyFile);
    auto w = resolvePrecision(net, pr);
    if (warnings) warnings->insert(warnings->end(), w.begin(), w.end());
    for (const auto& L : net.layers) validateLayer(L);
    return net;
}

}  // namespace hcm
