#include "engine_aware_estimator.hpp"

#include "analytic_executor.hpp"
#include "hw/common/time_units.hpp"
#include "hw/controller/layer_controller.hpp"
#include "hw/controller/network_layout.hpp"
#include "hw/controller/tile_scheduler.hpp"
#include "hw/controller/vector_step_source.hpp"
#include "memory_path.hpp"

namespace hcm {

using sc_core::sc_time;

EngineAwareEstimator::EngineAwareEstimator(const PlatformConfig& platform, const MemoryTiming& timing)
    : platform_(platform), timing_(timing), oracle_(std::make_unique<EngineOracle>(platform)) {}

EngineAwareEstimator::~EngineAwareEstimator() = default;

ReplayedNetwork EngineAwareEstimator::run(const Network& net, const std::vector<size_t>& only) {
    const ControllerParams& cp = oracle_->controller();
    const sc_time clock = cp.clock;
    oracle_->bindNetwork(net);
    const std::vector<LayerTensors> tensors = layoutNetworkTensors(net, cp.dram_capacity_bytes);

    const BufferSetConfig& bc = platform_.buffers;
    const std::array<SramParams, 3> buffers =
        bc.shared ? std::array<SramParams, 3>{bc.unified, bc.unified, bc.unified}
                  : std::array<SramParams, 3>{bc.ifmap, bc.weight, bc.ofmap};
    MemoryPath memory(timing_, platform_.interconnect, platform_.cache, clock,
                      uint64_t(platform_.dram.org.burstBytes()));
    AnalyticExecutor exec(oracle_->engine(), buffers, memory, clock);

    std::vector<size_t> layers = only;
    if (layers.empty())
        for (size_t i = 0; i < net.layers.size(); ++i) layers.push_back(i);

    ReplayedNetwork out;
    sc_time t = sc_core::SC_ZERO_TIME;
    const uint64_t clockPs = toPs(clock);
    for (size_t index : layers) {
        const Layer& L = net.layers[index];
        ReplayedLayer r;
        r.name = L.name;
        LayerRunStats stats;
        TileScheduler<AnalyticExecutor> scheduler(exec, cp.double_buffer, clock, L.name);
        memory.resetCounters();
        exec.bufferReadBytes = {0, 0, 0};
        exec.bufferWriteBytes = {0, 0, 0};
        sc_time end;
        try {
            if (L.hasWeights()) {
                const GemmLayerGeometry g = GemmLayerGeometry::of(L);
                const FoldSpace space = oracle_->foldSpace(L);
                const GemmProblem problem = gemmProblemOf(L);
                const TilePlan plan = oracle_->plan(L);
                r.tiling = plan.str(g.taps());
                LayerTensors lt = tensors[index];
                lt.psums.bits = plan.psum_bits;
                GemmStepSource steps(g, plan, space, lt);
                exec.beginLayer(&problem, &space);
                end = scheduler.run(steps, t, stats,
                                    bufferPlacement(cp, plan.ifmap_tile_bytes, plan.weight_tile_bytes,
                                                    plan.ofmap_tile_bytes));
            } else {
                const VectorPlan plan = planVectorTiles(L, cp.budget);
                r.tiling = plan.str();
                VectorStepSource steps(L, plan, tensors[index]);
                exec.beginLayer(nullptr, nullptr);
                end = scheduler.run(steps, t, stats,
                                    bufferPlacement(cp, plan.ifmap_tile_bytes, plan.residual_tile_bytes,
                                                    plan.ofmap_tile_bytes));
            }
        } catch (const DesignError& e) {
            throwLayerDesignError(L, e);
        }
        r.cycles = int64_t((toPs(end) - toPs(t) + clockPs / 2) / clockPs);
        r.compute_cycles = int64_t(stats.compute_ps / clockPs);
        r.stall_cycles = r.cycles - r.compute_cycles;
        r.dram_read_bytes = int64_t(memory.dramReadBytes());
        r.dram_write_bytes = int64_t(memory.dramWriteBytes());
        for (int b = 0; b < 3; ++b) {
            r.buffer_read_bytes[b] = exec.bufferReadBytes[size_t(b)];
            r.buffer_write_bytes[b] = exec.bufferWriteBytes[size_t(b)];
        }
        out.totals.cycles += r.cycles;
        out.totals.compute_cycles += r.compute_cycles;
        out.totals.stall_cycles += r.stall_cycles;
        out.totals.dram_read_bytes += r.dram_read_bytes;
        out.totals.dram_write_bytes += r.dram_write_bytes;
        out.layers.push_back(std::move(r));
        t = end;
    }
    return out;
}

}  // namespace hcm
