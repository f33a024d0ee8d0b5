// The engine-aware estimator (sim/estimate) on whole networks: the tier that
// replays the controller's schedule without SystemC. Its speed against the
// simulation of the same network is the figure README reports.
#include <benchmark/benchmark.h>

#include <string>

#include "sim/config/platform_config.hpp"
#include "sim/estimate/engine_aware_estimator.hpp"
#include "sim/estimate/peak_memory_timing.hpp"
#include "workloads/network_loader.hpp"

namespace {

// Warm: the estimator has seen the network's layers (a search evaluating
// genomes over and over). Cold: a fresh estimator for every estimate (plans,
// tile costs and layers computed anew; repeated layers of the network reuse
// their first replay).
void replay(benchmark::State& state, const std::string& hw, const std::string& net, bool cold) {
    const hcm::PlatformConfig p = hcm::loadPlatformConfig(hw);
    const hcm::Network n = hcm::loadNetwork({net});
    const hcm::PeakMemoryTiming timing(p.dram, p.clock_mhz);
    hcm::EngineAwareEstimator warm(p, timing);
    for (auto _ : state) {
        if (cold) {
            hcm::EngineAwareEstimator fresh(p, timing);
            benchmark::DoNotOptimize(fresh.run(n));
        } else {
            benchmark::DoNotOptimize(warm.run(n));
        }
    }
}

void BM_EngineAwareResNet50(benchmark::State& s, const char* hw, bool cold) { replay(s, hw, "resnet50", cold); }
BENCHMARK_CAPTURE(BM_EngineAwareResNet50, default_cold, "default", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineAwareResNet50, default_warm, "default", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineAwareResNet50, bitfusion_cold, "bitfusion", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineAwareResNet50, isaac_cold, "isaac", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EngineAwareResNet50, gpu_sm_cold, "gpu_sm", true)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
