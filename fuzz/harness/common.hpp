#pragma once
// What every fuzz harness shares: the verdict on one input, and the fixtures
// (a platform, small networks) that parsed inputs are exercised against.
//
// A harness feeds one input through a parser and then through what hcmsim does
// with the result (validation, the estimator, reports), because a value a parser
// accepts but the code after it cannot handle is as much a crash as a parser bug.
// hcm::InputError is the correct way to reject an input; any other exception,
// a crash, a hang or a sanitizer report is a finding.
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#include "sim/common/input_error.hpp"
#include "sim/common/json_text.hpp"
#include "sim/config/platform_config.hpp"
#include "sim/metric/hcm_estimator.hpp"
#include "sim/report/estimate_report.hpp"
#include "workloads/network.hpp"
#include "workloads/network_loader.hpp"
#include "workloads/quant_policy.hpp"

namespace hcm::fuzz {

enum class Outcome { Accepted, Rejected };

// The message of the last rejection, for the regression tests' diagnostics.
inline std::string& lastRejection() {
    static std::string message;
    return message;
}

// Runs `body`; an InputError is a rejection, anything else escapes (a finding).
template <class Body>
Outcome guarded(Body&& body) {
    try {
        body();
        return Outcome::Accepted;
    } catch (const InputError& e) {
        lastRejection() = e.what();
        return Outcome::Rejected;
    }
}

// The starter platform every network-shaped input is estimated on.
inline const PlatformConfig& defaultPlatform() {
    static const PlatformConfig p = loadPlatformConfig("default");
    return p;
}

// conv 3x3 -> max pool -> residual add -> fc: one layer of each kind, for
// exercising a parsed platform or policy.
inline Network tinyNetwork() {
    Network net;
    net.name = "fuzz_tiny";
    net.source = "fuzz";
    Layer conv;
    conv.name = "conv1";
    conv.c = 3, conv.h = 16, conv.w = 16, conv.k = 8, conv.r = 3, conv.s = 3;
    conv.pad_top = conv.pad_left = conv.pad_bottom = conv.pad_right = 1;
    Layer pool;
    pool.name = "layer1.pool";
    pool.op = LayerOp::Pool;
    pool.c = pool.k = 8, pool.h = pool.w = 16, pool.r = pool.s = 2, pool.stride_h = pool.stride_w = 2;
    Layer add;
    add.name = "layer1.add";
    add.op = LayerOp::Add;
    add.c = add.k = 8, add.h = add.w = 8;
    Layer fc;
    fc.name = "fc";
    fc.op = LayerOp::FC;
    fc.c = 512, fc.k = 10;
    net.layers = {conv, pool, add, fc};
    return net;
}

// What hcmsim does with a network after loading its shapes (loadNetwork):
// precision resolution, validation; then what `hcmsim estimate` prints.
inline void estimateLoadedNetwork(Network& net, const PrecisionRequest& precision = {}) {
    resolvePrecision(net, precision);
    for (const auto& L : net.layers) validateLayer(L);
    const NetworkEstimate est = estimateNetwork(defaultPlatform(), net);
    jsonText(estimateJson(est, defaultPlatform()));
}

// Loaders that take only a path get the input through a per-process file,
// removed again when the harness is done with it.
class ScratchFile {
public:
    ScratchFile(const std::string& content, const std::string& extension)
        : path_("/tmp/hcmsim_fuzz_" + std::to_string(::getpid()) + extension) {
        FILE* f = std::fopen(path_.c_str(), "wb");
        if (!f) throw std::runtime_error("cannot write " + path_);
        std::fwrite(content.data(), 1, content.size(), f);
        std::fclose(f);
    }
    ~ScratchFile() { std::remove(path_.c_str()); }
    ScratchFile(const ScratchFile&) = delete;
    ScratchFile& operator=(const ScratchFile&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace hcm::fuzz
