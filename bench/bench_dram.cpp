// DRAM timing model throughput: simulated burst requests per wall-clock
// second, through the plain C++ controller (the path DramTarget and the trace
// replay use). Target: >= 5 M requests/s on streaming.
#include <benchmark/benchmark.h>

#include <random>
#include <sstream>
#include <vector>

#include "hw/dram/dram_controller.hpp"
#include "hw/dram/dram_presets.hpp"
#include "hw/dram/trace_replay.hpp"

namespace {

using namespace hcm;

// In-order front end issuing `addrs` (one burst each) as fast as the queues accept.
int64_t drive(const DramParams& p, const std::vector<uint64_t>& addrs) {
    DramController d(p);
    int64_t t = 0;
    uint64_t tag = 0;
    for (const uint64_t a : addrs) {
        d.waitForSpace(a, nullptr);
        t = d.enqueue({a, false, t, tag++});
    }
    d.drainAll(nullptr);
    return d.stats().last_completion_cycle;
}

std::vector<uint64_t> streamAddrs(const DramParams& p, size_t n) {
    std::vector<uint64_t> v(n);
    for (size_t i = 0; i < n; ++i) v[i] = uint64_t(i) * uint64_t(p.org.burstBytes());
    return v;
}

void runPattern(benchmark::State& state, const DramParams& p, const std::vector<uint64_t>& addrs) {
    for (auto _ : state) benchmark::DoNotOptimize(drive(p, addrs));
    state.SetItemsProcessed(int64_t(state.iterations()) * int64_t(addrs.size()));
    state.counters["requests_per_s"] =
        benchmark::Counter(double(addrs.size()), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Ddr4StreamingReads(benchmark::State& state) {
    const DramParams p = dramPreset("ddr4_2400");
    runPattern(state, p, streamAddrs(p, 1 << 20));
}
BENCHMARK(BM_Ddr4StreamingReads)->Unit(benchmark::kMillisecond);

void BM_Ddr4RandomReads(benchmark::State& state) {
    const DramParams p = dramPreset("ddr4_2400");
    std::mt19937_64 rng(1);
    std::vector<uint64_t> addrs(1 << 18);
    for (auto& a : addrs) a = (rng() % uint64_t(p.org.capacityBytes())) & ~uint64_t(63);
    runPattern(state, p, addrs);
}
BENCHMARK(BM_Ddr4RandomReads)->Unit(benchmark::kMillisecond);

void BM_Hbm2StreamingReads(benchmark::State& state) {
    const DramParams p = dramPreset("hbm2");
    runPattern(state, p, streamAddrs(p, 1 << 20));
}
BENCHMARK(BM_Hbm2StreamingReads)->Unit(benchmark::kMillisecond);

void BM_TraceReplayParseAndSimulate(benchmark::State& state) {
    const DramParams p = dramPreset("ddr4_2400");
    std::ostringstream text;
    const int n = 1 << 18;
    for (int i = 0; i < n; ++i) text << "LD 0x" << std::hex << uint64_t(i) * 64 << "\n";
    const std::string s = text.str();
    for (auto _ : state) {
        std::istringstream in(s);
        benchmark::DoNotOptimize(replayTrace(in, "bench", p).cycles);
    }
    state.SetItemsProcessed(int64_t(state.iterations()) * n);
}
BENCHMARK(BM_TraceReplayParseAndSimulate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
