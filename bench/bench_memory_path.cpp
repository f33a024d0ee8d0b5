// The memory-path characterization: how long measuring a platform takes, and
// what a query costs (a gather list of R runs, and the O(1) summary) next to
// replaying the same list through the DRAM model.
#include <benchmark/benchmark.h>

#include <vector>

#include "hw/controller/tensor_layout.hpp"
#include "hw/dram/dram_controller.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/gather_replay.hpp"
#include "sim/estimate/memory_characterizer.hpp"

namespace {

using namespace hcm;

DramParams preset(int which) {
    static const char* names[] = {"ddr4_2400", "lpddr4_3200", "hbm2"};
    return dramPreset(names[which]);
}

void BM_Characterize(benchmark::State& state) {
    const DramParams p = preset(int(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(measureMemoryPath(p, InterconnectParams{}, 1000.0));
}
BENCHMARK(BM_Characterize)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

// An activation tile: `runs` channels of 14 rows of a 56x56 plane (784 B each).
SegmentList tile(int64_t runs) {
    TensorRegion t;
    t.base = 0x400000, t.c = 2048, t.h = 56, t.w = 56;
    SegmentList s;
    addActivationBlock(s, t, 0, 1, 0, runs, 21, 35);
    return s;
}

void BM_QueryList(benchmark::State& state) {
    const DramParams p = preset(int(state.range(0)));
    const MemoryCharacterization mc = measureMemoryPath(p, InterconnectParams{}, 1000.0);
    const SegmentList s = tile(state.range(1));
    for (auto _ : state) benchmark::DoNotOptimize(mc.transferCycles(s, false));
    state.counters["runs"] = double(s.segments().size());
}
BENCHMARK(BM_QueryList)->ArgsProduct({{0, 1, 2}, {1, 16, 256}});

void BM_QueryLongRun(benchmark::State& state) {
    const DramParams p = preset(int(state.range(0)));
    const MemoryCharacterization mc = measureMemoryPath(p, InterconnectParams{}, 1000.0);
    const std::vector<DmaSegment> run = {{0x400000, uint64_t(4) << 20}};  // one 4 MiB run
    for (auto _ : state) benchmark::DoNotOptimize(mc.transferCycles(run.data(), run.size(), false));
}
BENCHMARK(BM_QueryLongRun)->Arg(0)->Arg(1)->Arg(2);

void BM_QuerySummary(benchmark::State& state) {
    const DramParams p = preset(int(state.range(0)));
    const MemoryCharacterization mc = measureMemoryPath(p, InterconnectParams{}, 1000.0);
    const TransferSummary s{16.0 * 784.0, 16.0, false};
    for (auto _ : state) benchmark::DoNotOptimize(mc.transferCycles(s));
}
BENCHMARK(BM_QuerySummary)->Arg(0)->Arg(1)->Arg(2);

// The same tile replayed through the DRAM model, for scale.
void BM_ReplayList(benchmark::State& state) {
    const DramParams p = preset(int(state.range(0)));
    const SegmentList s = tile(state.range(1));
    for (auto _ : state) {
        DramController d(p);
        benchmark::DoNotOptimize(replayGather(d, s.segments(), false, 0).finish);
    }
}
BENCHMARK(BM_ReplayList)->ArgsProduct({{0, 1, 2}, {1, 16, 256}});

}  // namespace

BENCHMARK_MAIN();
