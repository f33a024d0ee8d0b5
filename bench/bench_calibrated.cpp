// The calibrated fast estimator on a whole network, against which the issue
// asks for >= 1000x the speed of simulating it (a ResNet-50 simulation on the
// default platform takes ~0.5 s: the target is <= 0.5 ms per estimate).
// The calibration is fitted in-process on a handful of synthetic rows; its
// coefficients do not change the cost of evaluating it.
#include <benchmark/benchmark.h>

#include "sim/config/platform_config.hpp"
#include "sim/metric/calibration.hpp"
#include "workloads/network_loader.hpp"

namespace {

hcm::Calibration someCalibration() {
    hcm::Calibration cal;
    for (auto cls : {hcm::LayerClass::Conv, hcm::LayerClass::Pointwise, hcm::LayerClass::Strided,
                     hcm::LayerClass::Depthwise, hcm::LayerClass::FC, hcm::LayerClass::Pool, hcm::LayerClass::Add}) {
        hcm::ClassCalibration c;
        c.fitted = true;
        c.efficiency = 0.7;
        c.cycles = {1.0, 0.1, 0.0, 0.0, 64.0, 1.0, 300.0};
        c.dram = {1.0, 0.0, 0.0};
        c.energy = {0.2, 0.0, 5.0, 500.0};
        cal.classes[cls] = c;
    }
    return cal;
}

void BM_CalibratedEstimateResNet50(benchmark::State& state) {
    const hcm::PlatformConfig p = hcm::loadPlatformConfig("default");
    const hcm::Network net = hcm::loadNetwork({"resnet50"});
    const hcm::Calibration cal = someCalibration();
    hcm::EngineOracle oracle(p);
    oracle.bindNetwork(net);
    for (auto _ : state) benchmark::DoNotOptimize(hcm::calibrateNetwork(p, net, cal, oracle));
}
BENCHMARK(BM_CalibratedEstimateResNet50)->Unit(benchmark::kMicrosecond);

// The first estimate of a network on a fresh oracle (no memoised plans).
void BM_CalibratedEstimateResNet50Cold(benchmark::State& state) {
    const hcm::PlatformConfig p = hcm::loadPlatformConfig("default");
    const hcm::Network net = hcm::loadNetwork({"resnet50"});
    const hcm::Calibration cal = someCalibration();
    for (auto _ : state) {
        hcm::EngineOracle oracle(p);
        benchmark::DoNotOptimize(hcm::calibrateNetwork(p, net, cal, oracle));
    }
}
BENCHMARK(BM_CalibratedEstimateResNet50Cold)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
