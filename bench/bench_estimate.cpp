// How fast the analytical HCM estimator is: layer evaluations per second
// (target >= 1 million/s) and whole-zoo estimates.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "sim/config/platform_config.hpp"
#include "sim/metric/hcm_estimator.hpp"
#include "workloads/network_loader.hpp"

namespace {

void BM_EstimateLayer(benchmark::State& state) {
    const hcm::PlatformConfig p = hcm::loadPlatformConfig("default");
    const hcm::Network net = hcm::loadNetwork({"resnet50"});
    size_t i = 0;
    for (auto _ : state) {
        benchmark::DoNotOptimize(hcm::estimateLayer(p, net.layers[i]));
        if (++i == net.layers.size()) i = 0;
    }
    state.counters["layers_per_s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EstimateLayer);

void BM_EstimateWholeZoo(benchmark::State& state) {
    const hcm::PlatformConfig p = hcm::loadPlatformConfig("default");
    std::vector<hcm::Network> nets;
    for (const auto& name : hcm::zooNames()) nets.push_back(hcm::loadNetwork({name}));
    for (auto _ : state)
        for (const auto& n : nets) benchmark::DoNotOptimize(hcm::estimateNetwork(p, n));
}
BENCHMARK(BM_EstimateWholeZoo)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
