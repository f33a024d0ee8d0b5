#pragma once
// The native network format (see docs/formats.md):
//
//   name: resnet18
//   batch: 1
//   precision: {wbits: 8, abits: 8}        # network default (obits defaults to abits)
//   layers:
//     - {name: conv1, op: conv, in: [3, 224, 224], out: 64, kernel: 7, stride: 2, pad: 3, bn: true}
//     - {name: fc, op: fc, in: 512, out: 1000, bias: true}
//     - {name: pool1, op: pool, in: [64, 112, 112], kernel: 3, stride: 2, pad: 1}
//     - {name: add1, op: add, in: [64, 56, 56]}
#include <string>

#include "network.hpp"

namespace hcm {

Network loadNetworkYaml(const std::string& path);
Network parseNetworkYaml(const std::string& text, const std::string& name);

}  // namespace hcm
