#include "common_options.hpp"

#include <iostream>

#include "sim/common/input_error.hpp"
#include "workloads/network_loader.hpp"

namespace hcm::cli {

void addPlatformOptions(po::options_description& desc, PlatformOptions& o) {
    desc.add_options()
        ("hw", po::value(&o.hw)->default_value(o.hw), "hardware config: a YAML file or a starter config name (hcmsim list)")
        ("set", po::value(&o.sets)->composing(), "override a config key, e.g. --set compute.rows=32 (repeatable)");
}

void addNetworkOptions(po::options_description& desc, NetworkOptions& o, const std::string& defaultNet) {
    o.net = defaultNet;
    auto net = po::value(&o.net);
    if (!defaultNet.empty()) net->default_value(defaultNet);
    desc.add_options()
        ("net", net, "network: a zoo name (hcmsim list), a .yaml network, a SCALE-Sim .csv topology, an ONNX model (.onnx) or a family such as cifar_resnet:depth=20,width=0.5,bits=1 or random_cnn:seed=7")
        ("quant", po::value(&o.quant), "quantization policy YAML (per-layer precision by name or glob)")
        ("wbits", po::value(&o.wbits), "default weight bits for every layer: 1..32, or fp16/fp32 (floating point)")
        ("abits", po::value(&o.abits), "default input-activation bits for every layer: 1..32, or fp16/fp32")
        ("obits", po::value(&o.obits), "default output-activation bits (1..32, fp16, fp32); default: the layer's abits")
        ("batch", po::value(&o.batch), "batch size (default: the network's)")
        ("im2col-first-layer", po::bool_switch(&o.im2colFirstLayer),
         "run the first convolution as the host-side im2col matrix product Bit Fusion's simulator uses: a 1x1 "
         "convolution over the P x Q x (C*R*S) window matrix (same MACs and weights, a larger input)");
}

PlatformConfig loadPlatform(const PlatformOptions& o) { return loadPlatformConfig(o.hw, o.sets); }

Network loadNetworkFor(const NetworkOptions& o) {
    NetworkRequest r;
    r.spec = o.net;
    if (o.net.empty()) throwInputError({}, "--net", "a network is required");
    for (const auto& [key, text] : {std::pair<std::string, const std::string*>{"wbits", &o.wbits},
                                    {"abits", &o.abits},
                                    {"obits", &o.obits}}) {
        if (text->empty()) continue;
        const std::string err = r.cli.set(key, *text);
        if (!err.empty()) throwInputError({}, "--" + key, err);
    }
    if (o.batch != NetworkOptions::kNotGiven) {
        if (o.batch < 1 || o.batch > (int64_t(1) << 20)) throwInputError({}, "--batch", "must be in 1..1048576");
        r.batch = o.batch;
    }
    r.quantPolicyFile = o.quant;
    r.im2colFirstLayer = o.im2colFirstLayer;
    std::vector<std::string> warnings;
    Network net = loadNetwork(r, &warnings);
    for (const auto& w : warnings) std::cerr << "hcmsim: warning: " << w << "\n";
    return net;
}

bool parseCommandLine(const Args& args, const po::options_description& desc, po::variables_map& vm,
                      const std::string& usage) {
    std::vector<std::string> rest(args.begin() + 1, args.end());
    for (const auto& a : rest) {
        if (a == "--help" || a == "-h") {
            std::cout << usage << "\n\n" << desc << "\n";
            return false;
        }
    }
    po::store(po::command_line_parser(rest).options(desc).run(), vm);
    po::notify(vm);
    return true;
}

}  // namespace hcm::cli
