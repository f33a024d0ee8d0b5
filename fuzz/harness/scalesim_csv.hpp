#pragma once
// SCALE-Sim topology CSV (conv and GEMM forms), then the estimate.
#include "common.hpp"
#include "workloads/scalesim_csv.hpp"

namespace hcm::fuzz {

inline Outcome scaleSimCsv(const std::string& input) {
    return guarded([&] {
        Network net = parseScaleSimCsv(input, "fuzz.csv");
        estimateLoadedNetwork(net);
    });
}

}  // namespace hcm::fuzz
