#pragma once
#include <string>
#include <vector>

#include "workloads/network.hpp"

namespace hcm::cli {

// "--layers 0,3-5,conv1,layer4.*": indices, inclusive ranges, names and globs.
// Returns layer indices in network order without duplicates; empty list = all.
std::vector<size_t> selectLayers(const Network& net, const std::string& list);

}  // namespace hcm::cli
