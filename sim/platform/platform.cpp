#include "platform.hpp"

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <iostream>

#include "hw/cache/l2_cache.hpp"
#include "hw/common/buffer_role.hpp"
#include "hw/common/ideal_memory.hpp"
#include "hw/common/time_units.hpp"
#include "hw/controller/dma_engine.hpp"
#include "hw/controller/layer_controller.hpp"
#include "hw/dram/dram_target.hpp"
#include "hw/interconnect/interconnect.hpp"
#include "hw/sram/sram_buffer.hpp"
#include "controller_params.hpp"
#include "engines/engine_factory.hpp"
#include "sim/common/sanitizer_stack.hpp"
#include "sim/common/input_error.hpp"
#include "sim/metric/hcm_estimator.hpp"

namespace hcm {

using sc_core::sc_time;

namespace {

// --ideal-memory: buffers, link and DRAM take no time and never fill up.

SramParams idealBuffer(SramParams p) {
    p.capacity_bytes = kIdealBufferCapacity;
    p.width_bits = 0;
    p.read_latency_cycles = p.write_latency_cycles = 0;
    return p;
}

// Counters at a layer boundary, to turn run totals into per-layer deltas.
struct Snapshot {
    DmaStats dma;
    int64_t dramRead = 0, dramWrite = 0, hits = 0, misses = 0, conflicts = 0;
    double dramEnergy = 0;
    std::array<SramStats, kBufferRoles> buffers{};
    double icEnergy = 0;
    int64_t engineBusy = 0;
    EngineCounters engine;
};

}  // namespace

struct Platform::Impl {
    PlatformConfig cfg;
    const Network& net;
    RunOptions opts;
    sc_time clock;

    std::vector<std::unique_ptr<SramBuffer>> buffers;  // 3 separate or 1 shared
    std::unique_ptr<Interconnect> interconnect;
    std::unique_ptr<DramTarget> dram;
    std::unique_ptr<L2Cache> l2;  // with a `cache:` section, between the interconnect and the DRAM
    std::unique_ptr<IdealMemory> ideal;
    std::unique_ptr<ComputeEngine> array;
    std::unique_ptr<DmaEngine> dmaEngine;
    std::unique_ptr<LayerController> controller;

    Snapshot atStart;
    RunResult result;

    Impl(const PlatformConfig& c, const Network& n, const RunOptions& o) : cfg(c), net(n), opts(o) {}

    SramBuffer& bufferFor(BufferRole role) { return *buffers[buffers.size() == 1 ? 0 : size_t(bufferIndex(role))]; }

    // `at`: the layer boundary, so DRAM background energy is split by time.
    Snapshot snapshot(const sc_time& at) const {
        Snapshot s;
        s.dma = dmaEngine->stats();
        if (dram) {
            const DramStats d = dram->statsAt(at);
            s.dramRead = int64_t(d.bytes_read), s.dramWrite = int64_t(d.bytes_written);
            s.hits = int64_t(d.row_hits), s.misses = int64_t(d.row_misses), s.conflicts = int64_t(d.row_conflicts);
            s.dramEnergy = d.totalEnergyPj();
        } else {
            s.dramRead = int64_t(ideal->bytesRead()), s.dramWrite = int64_t(ideal->bytesWritten());
        }
        for (size_t i = 0; i < buffers.size(); ++i) s.buffers[i] = buffers[i]->stats();
        s.icEnergy = interconnect->stats().energy_pj;
        s.engineBusy = array->stats().busy_cycles;
        s.engine = array->counters();
        if (l2) appendL2Counters(s.engine, l2->stats());
        return s;
    }

    void onLayerEnd(const LayerRunStats& run) {
        const Snapshot end = snapshot(fromPs(run.end_ps));
        const Layer& L = net.layers[run.index];
        LayerMeasurement m;
        m.run = run;
        m.clock_ps = double(toPs(clock));
        m.dram_read_bytes = end.dramRead - atStart.dramRead;
        m.dram_write_bytes = end.dramWrite - atStart.dramWrite;
        m.dram_row_hits = end.hits - atStart.hits;
        m.dram_row_misses = end.misses - atStart.misses;
        m.dram_row_conflicts = end.conflicts - atStart.conflicts;
        const double dramBits = 8.0 * double(m.dram_read_bytes + m.dram_write_bytes);
        m.dram_energy_pj = cfg.energy.dram_pj_per_bit > 0 ? dramBits * cfg.energy.dram_pj_per_bit
                                                          : end.dramEnergy - atStart.dramEnergy;
        auto dmaBytes = [&](Operand o) {
            return end.dma.bytes[size_t(o)] - atStart.dma.bytes[size_t(o)];
        };
        m.ifmap_read_bytes = dmaBytes(Operand::Ifmap);
        m.weight_read_bytes = dmaBytes(Operand::Weight);
        m.residual_read_bytes = dmaBytes(Operand::Residual);
        m.ofmap_write_bytes = dmaBytes(Operand::Ofmap);
        m.psum_bytes = dmaBytes(Operand::Psum);
        for (size_t i = 0; i < kOperandCount; ++i) m.dma_transfers += end.dma.transfers[i] - atStart.dma.transfers[i];
        m.shared_buffer = buffers.size() == 1;
        for (size_t i = 0; i < buffers.size(); ++i) {
            BufferDelta& b = m.buffers[i];
            b.name = buffers[i]->params().name;
            b.read_bytes = end.buffers[i].read_bytes - atStart.buffers[i].read_bytes;
            b.write_bytes = end.buffers[i].write_bytes - atStart.buffers[i].write_bytes;
            b.energy_pj = end.buffers[i].energyPj() - atStart.buffers[i].energyPj();
            b.peak_occupancy_bytes = end.buffers[i].peak_occupancy_bytes;
        }
        m.interconnect_energy_pj = end.icEnergy - atStart.icEnergy;
        m.engine_busy_cycles = end.engineBusy - atStart.engineBusy;
        m.compute_energy_pj = double(L.macs()) * cfg.energy.mac_pj +
                              double(m.engine_busy_cycles) * cfg.energy.core_pj_per_cycle;
        m.leakage_energy_pj = cfg.energy.leakage_mw * 1e-3 * (double(run.end_ps - run.start_ps) * 1e-12) * 1e12;
        m.peak_macs_per_cycle = run.peak_macs_per_cycle;
        m.engine_counters = end.engine;
        for (size_t i = 0; i < m.engine_counters.size() && i < atStart.engine.size(); ++i)
            m.engine_counters[i].second -= atStart.engine[i].second;
        if (l2) deriveL2Ratios(m.engine_counters);
        // Engines with their own energy table (bit-serial lanes, BitBricks) report it as a counter.
        for (const auto& [name, value] : m.engine_counters)
            if (name == "engine_energy_pj") m.compute_energy_pj += value;
        result.layers.push_back(std::move(m));
        if (opts.progress) {
            std::cerr << "\r[" << result.layers.size() << "/" << (opts.layers.empty() ? net.layers.size() : opts.layers.size())
                      << "] " << L.name << std::string(24, ' ') << std::flush;
        }
    }

    void build() {
        setPicosecondResolution();
        // SystemC's own info messages (e.g. "Simulation stopped by user" when a
        // run ends on an error) would break the one-line error contract.
        sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
        clock = fromPs(uint64_t(std::llround(1e6 / cfg.clock_mhz)));
        array = makeComputeEngine(cfg, clock);  // first: bad engine configs fail before anything else

        // Buffers.
        const BufferSetConfig& bc = cfg.buffers;
        auto makeBuffer = [&](SramParams p, const std::string& n) {
            p.name = n;
            if (opts.ideal_memory) p = idealBuffer(p);
            buffers.push_back(std::make_unique<SramBuffer>(n.c_str(), p, clock));
        };
        if (bc.shared) {
            makeBuffer(bc.unified, "shared_buffer");
        } else {
            makeBuffer(bc.ifmap, "ifmap_buffer");
            makeBuffer(bc.weight, "weight_buffer");
            makeBuffer(bc.ofmap, "ofmap_buffer");
        }

        InterconnectParams icp = cfg.interconnect;
        if (opts.ideal_memory) icp.width_bits = 0, icp.latency_cycles = 0;
        interconnect = std::make_unique<Interconnect>("interconnect", icp, clock);
        if (opts.ideal_memory) {
            ideal = std::make_unique<IdealMemory>("ideal_memory");
            interconnect->to_memory.bind(ideal->socket);
        } else {
            dram = std::make_unique<DramTarget>("dram", cfg.dram);
            if (cfg.cache.enabled) {
                l2 = std::make_unique<L2Cache>("l2", cfg.cache, clock);
                interconnect->to_memory.bind(l2->socket);
                l2->to_memory.bind(dram->socket);
            } else {
                interconnect->to_memory.bind(dram->socket);
            }
        }

        dmaEngine = std::make_unique<DmaEngine>("dma");

        const ControllerParams cp = controllerParamsFor(cfg, opts.ideal_memory, clock);
        std::vector<size_t> layers = opts.layers;
        if (layers.empty())
            for (size_t i = 0; i < net.layers.size(); ++i) layers.push_back(i);
        controller = std::make_unique<LayerController>("controller", cp, net, layers);
        controller->setStopFlag(opts.stop);
        controller->onLayerStart = [this](size_t, const sc_time& at) { atStart = snapshot(at); };
        controller->onLayerEnd = [this](const LayerRunStats& s) { onLayerEnd(s); };

        // Bindings: every component talks only through its sockets.
        controller->engine.bind(array->cmd);
        controller->dma.bind(dmaEngine->cmd);
        dmaEngine->load_mem.bind(interconnect->targets);
        dmaEngine->store_mem.bind(interconnect->targets);
        for (BufferRole r : {BufferRole::Ifmap, BufferRole::Weight, BufferRole::Ofmap})
            dmaEngine->to_buffer[size_t(bufferIndex(r))]->bind(bufferFor(r).socket);
        array->ifmap.bind(bufferFor(BufferRole::Ifmap).socket);
        array->weight.bind(bufferFor(BufferRole::Weight).socket);
        array->ofmap.bind(bufferFor(BufferRole::Ofmap).socket);

        if (opts.probe) {
            controller->setProbe(opts.probe);
            dmaEngine->setProbe(opts.probe);
            for (auto& b : buffers) b->setProbe(opts.probe);
            if (dram) dram->setProbe(opts.probe);
        }
    }
};

Platform::Platform(const PlatformConfig& config, const Network& net, const RunOptions& options)
    : impl_(std::make_unique<Impl>(config, net, options)) {
    impl_->build();
}

Platform::~Platform() = default;

RunResult Platform::run() {
    const auto t0 = std::chrono::steady_clock::now();
    sc_core::sc_start();
    announceMainStackToSanitizer();
    impl_->result.host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (impl_->controller->error()) std::rethrow_exception(impl_->controller->error());
    if (impl_->opts.progress) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
    RunResult& r = impl_->result;
    r.complete = impl_->controller->finished() && r.layers.size() == (impl_->opts.layers.empty()
                                                                         ? impl_->net.layers.size()
                                                                         : impl_->opts.layers.size());
    r.end_ps = r.layers.empty() ? 0 : r.layers.back().run.end_ps;
    uint64_t n = uint64_t(impl_->array->stats().commands + impl_->dmaEngine->stats().commands);
    for (const auto& b : impl_->buffers) n += uint64_t(b->stats().read_transactions + b->stats().write_transactions);
    const uint64_t link = uint64_t(impl_->interconnect->stats().transactions);
    r.tlm_transactions = n + 2 * link;  // the interconnect forwards each one to the memory
    if (impl_->dram) {
        const DramStats& d = impl_->dram->stats();
        r.dram_bandwidth_gbytes_per_s = d.bandwidthGBps();
        r.dram_avg_read_latency_ns = d.avgReadLatencyNs();
        r.dram_p99_read_latency_ns = d.p99ReadLatencyNs();
        r.dram_bursts = d.read_requests + d.write_requests;
    }
    return r;
}

}  // namespace hcm
