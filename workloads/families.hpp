#pragma once
// Parametric network families for cost charts and design-space studies (the
// second seed's method: cost against depth and width for a family of
// binary/quantized variants). A family network is named on the command line
// like a zoo network:
//
//   --net "cifar_resnet:depth=20,width=0.5,bits=1"
//
//   cifar_resnet  He et al.'s CIFAR-10 ResNet (depth = 6n+2; 16/32/64 channels
//                 times `width`, rounded to whole channels; parameter-free
//                 shortcuts), exactly the zoo's resnet20/resnet56 at width 1.
//   bits          weights and activations of every layer except the first
//                 conv and the last fc, which stay at `edge_bits` (default 8):
//                 the usual BNN/XNOR-Net convention. Without `bits`, the
//                 network default applies (w8a8).
//
//   --net "random_cnn:seed=7,depth=12,input=96,width=0.5"
//
//   random_cnn    a seeded random CNN with realistic layer statistics
//                 (workloads/random_cnn.hpp); only `seed` matters by default.
//
// Family networks chain like native YAML networks (workloads/network_chain.hpp).
#include <string>

#include "network.hpp"

namespace hcm {

bool isFamilySpec(const std::string& spec);
// Throws InputError naming the parameter for a bad spec.
Network makeFamilyNetwork(const std::string& spec);

Network makeCifarResNet(int depth, double width, int bits, int edgeBits);

}  // namespace hcm
