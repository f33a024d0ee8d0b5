#include "families.hpp"

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

#include "network_chain.hpp"
#include "random_cnn.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

bool isFamilySpec(const std::string& spec) {
    for (const char* family : {"cifar_resnet", "random_cnn"})
        if (spec == family || spec.rfind(std::string(family) + ":", 0) == 0) return true;
    return false;
}

namespace {

Layer conv(const std::string& name, int64_t c, int64_t hw, int64_t k, int64_t stride) {
    Layer L;
    L.name = name;
    L.op = LayerOp::Conv;
    L.c = c;
    L.h = L.w = hw;
    L.k = k;
    L.r = L.s = 3;
    L.stride_h = L.stride_w = stride;
    L.pad_top = L.pad_bottom = L.pad_left = L.pad_right = 1;
    L.batchnorm = true;
    L.where = {"cifar_resnet", 0, 0};
    return L;
}

}  // namespace

Network makeCifarResNet(int depth, double width, int bits, int edgeBits) {
    const int n = (depth - 2) / 6;
    Network net;
    net.name = "cifar_resnet_d" + std::to_string(depth) + "_w" + [&] {
        std::ostringstream s;
        s << width;
        return s.str();
    }() + (bits > 0 ? "_b" + std::to_string(bits) : "");
    net.source = "family:cifar_resnet";
    auto ch = [&](int base) { return std::max<int64_t>(1, int64_t(std::llround(double(base) * width))); };
    net.layers.push_back(conv("conv1", 3, 32, ch(16), 1));
    int64_t c = ch(16), hw = 32;
    const int planes[3] = {16, 32, 64};
    for (int stage = 0; stage < 3; ++stage) {
        for (int b = 0; b < n; ++b) {
            const int64_t stride = (b == 0 && stage > 0) ? 2 : 1;
            const std::string pre = "layer" + std::to_string(stage + 1) + "." + std::to_string(b) + ".";
            const int64_t out = ch(planes[stage]);
            net.layers.push_back(conv(pre + "conv1", c, hw, out, stride));
            hw = (hw + 2 - 3) / stride + 1;
            net.layers.push_back(conv(pre + "conv2", out, hw, out, 1));
            Layer add;
            add.name = pre + "add";
            add.op = LayerOp::Add;
            add.c = add.k = out;
            add.h = add.w = hw;
            net.layers.push_back(add);
            c = out;
        }
    }
    Layer pool;
    pool.name = "avgpool";
    pool.op = LayerOp::Pool;
    pool.c = pool.k = c;
    pool.h = pool.w = hw;
    pool.r = pool.s = hw;
    net.layers.push_back(pool);
    Layer fc;
    fc.name = "linear";
    fc.op = LayerOp::FC;
    fc.c = c;
    fc.k = 10;
    fc.bias = true;
    net.layers.push_back(fc);
    if (bits > 0) {
        for (auto& L : net.layers) L.declared.wbits = L.declared.abits = bits;
        for (Layer* edge : {&net.layers.front(), &net.layers.back()}) {
            edge->declared.wbits = edge->declared.abits = edgeBits;
            edge->declared.obits = bits;  // the first layer feeds binary layers
        }
        net.layers.back().declared.obits = edgeBits;
    }
    return net;
}

namespace {

Network makeRandomCnnFamily(const std::string& spec, std::map<std::string, std::string> kv) {
    auto integer = [&](const std::string& key, int64_t lo, int64_t hi) -> std::optional<int64_t> {
        const auto it = kv.find(key);
        if (it == kv.end()) return std::nullopt;
        const std::string text = it->second;
        kv.erase(it);
        int64_t v = 0;
        try {
            size_t pos = 0;
            v = std::stoll(text, &pos);
            if (pos != text.size()) throw 0;
        } catch (...) {
            throwInputError({}, "--net " + spec, key + ": '" + text + "' is not an integer");
        }
        if (v < lo || v > hi)
            throwInputError({}, "--net " + spec,
                            key + ": " + text + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return v;
    };
    RandomCnnOptions o;
    o.spec = spec;
    o.seed = uint64_t(integer("seed", 0, std::numeric_limits<int64_t>::max()).value_or(0));
    if (const auto d = integer("depth", 1, 200)) o.depth = int(*d);
    if (const auto i = integer("input", 16, 1024)) o.input = int(*i);
    if (const auto it = kv.find("width"); it != kv.end()) {
        try {
            size_t pos = 0;
            o.width = std::stod(it->second, &pos);
            if (pos != it->second.size()) throw 0;
        } catch (...) {
            throwInputError({}, "--net " + spec, "width: '" + it->second + "' is not a number");
        }
        if (!(o.width > 0 && o.width <= 16)) throwInputError({}, "--net " + spec, "width must be in (0, 16]");
        kv.erase(it);
    }
    if (!kv.empty())
        throwInputError({}, "--net " + spec, "unknown parameter '" + kv.begin()->first + "' (seed, depth, input, width)");
    return makeRandomCnn(o);
}

}  // namespace

Network makeFamilyNetwork(const std::string& spec) {
    const auto colon = spec.find(':');
    std::map<std::string, std::string> kv;
    if (colon != std::string::npos) {
        std::stringstream ss(spec.substr(colon + 1));
        for (std::string item; std::getline(ss, item, ',');) {
            const auto eq = item.find('=');
            if (eq == std::string::npos) throwInputError({}, "--net " + spec, "expected key=value, got '" + item + "'");
            kv[item.substr(0, eq)] = item.substr(eq + 1);
        }
    }
    if (spec.substr(0, colon) == "random_cnn") return makeRandomCnnFamily(spec, kv);
    auto number = [&](const std::string& key, double def) {
        const auto it = kv.find(key);
        if (it == kv.end()) return def;
        try {
            size_t pos = 0;
            const double v = std::stod(it->second, &pos);
            if (pos != it->second.size()) throw 0;
            kv.erase(it);
            return v;
        } catch (...) {
            throwInputError({}, "--net " + spec, key + ": '" + it->second + "' is not a number");
        }
    };
    const double depth = number("depth", 20), width = number("width", 1), bits = number("bits", 0),
                 edge = number("edge_bits", 8);
    if (!kv.empty()) throwInputError({}, "--net " + spec, "unknown parameter '" + kv.begin()->first + "' (depth, width, bits, edge_bits)");
    if (depth < 8 || depth > 1202 || std::fmod(depth - 2, 6) != 0)
        throwInputError({}, "--net " + spec, "depth must be 6n+2 between 8 and 1202");
    if (!(width > 0 && width <= 16)) throwInputError({}, "--net " + spec, "width must be in (0, 16]");
    if (bits < 0 || bits > 32 || edge < 1 || edge > 32) throwInputError({}, "--net " + spec, "bits must be in 1..32");
    Network net = makeCifarResNet(int(depth), width, int(bits), int(edge));
    checkNetworkChain(net);
    return net;
}

}  // namespace hcm
