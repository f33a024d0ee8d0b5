// hcmsim list: what --net and --hw accept by name.
#include <iostream>

#include "common_options.hpp"
#include "sim/report/text_table.hpp"
#include "workloads/network_loader.hpp"

namespace hcm::cli {

int runList(const Args& args) {
    po::options_description desc("options");
    po::variables_map vm;
    if (!parseCommandLine(args, desc, vm, "usage: hcmsim list\nLists the zoo networks and the starter hardware configs."))
        return kExitOk;
    std::cout << "zoo networks (" << zooDirectory() << "):\n";
    TextTable nets({"name", "layers", "MACs", "weights"});
    for (const auto& name : zooNames()) {
        const Network n = loadNetworkShapes(name);
        nets.addRow({name, std::to_string(n.layers.size()), withCommas(n.totalMacs()), withCommas(n.totalWeights())});
    }
    nets.print(std::cout);
    std::cout << "\nnetwork families: cifar_resnet:depth=D,width=W,bits=B  random_cnn:seed=S,depth=D,input=I,width=W\n";
    std::cout << "\nhardware configs (" << configDirectory() << "):\n";
    TextTable cfgs({"name", "engine", "clock_MHz", "description"});
    cfgs.leftAlign(1);
    cfgs.leftAlign(3);
    for (const auto& name : configNames()) {
        const PlatformConfig p = loadPlatformConfig(name);
        cfgs.addRow({name, toString(p.compute.kind), fixed(p.clock_mhz, 0), p.description});
    }
    cfgs.print(std::cout);
    return kExitOk;
}

}  // namespace hcm::cli
