#include "layer_controller.hpp"

#include <algorithm>
#include <stdexcept>

#include "hw/common/payload_data.hpp"
#include "hw/common/scoped_extension.hpp"
#include "hw/common/time_units.hpp"
#include "sim/common/input_error.hpp"
#include "vector_step_source.hpp"

namespace hcm {

using sc_core::sc_time;

LayerController::LayerController(sc_core::sc_module_name name, const ControllerParams& params, const Network& net,
                                 std::vector<size_t> layersToRun)
    : sc_module(name), engine("engine"), dma("dma"), params_(params), net_(net), layers_(std::move(layersToRun)) {
    gp_.set_data_ptr(dummyPayloadData());
    gp_.set_data_length(0);
    gp_.set_streaming_width(0);
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_dmi_allowed(false);
    layoutDram();
    // Every conv/fc layer of the network (not only those run), so an engine
    // that places all weights ahead sees the whole model.
    programIndex_.assign(net_.layers.size(), -1);
    for (size_t i = 0; i < net_.layers.size(); ++i)
        if (net_.layers[i].hasWeights()) {
            programIndex_[i] = int64_t(program_.size());
            program_.push_back(gemmProblemOf(net_.layers[i]));
        }
    SC_THREAD(thread);
}

void LayerController::setProbe(TimelineProbe* probe) {
    probe_ = probe;
    if (!probe_) return;
    layerSignal_ = probe_->declareSignal(std::string(name()) + ".layer", 32);
    layerTrack_ = probe_->declareTrack(std::string(name()) + ".layers");
    computeTrack_ = probe_->declareTrack("pe_array.compute");
}

void LayerController::layoutDram() { tensors_ = layoutNetworkTensors(net_, params_.dram_capacity_bytes); }

BufferPlacement bufferPlacement(const ControllerParams& p, int64_t in, int64_t wt, int64_t out) {
    BufferPlacement b;
    if (!p.shared_buffer) {
        b.slotHalf[kIfmapSlot] = uint64_t(p.ifmap_half), b.slotHalf[kWeightSlot] = uint64_t(p.weight_half);
        b.ofmapHalf = uint64_t(p.ofmap_half);
        return b;
    }
    // One buffer: each operand gets a region of one or two halves.
    const uint64_t copies = p.double_buffer ? 2 : 1;
    b.slotBase[kIfmapSlot] = 0, b.slotHalf[kIfmapSlot] = uint64_t(in);
    b.slotBase[kWeightSlot] = copies * uint64_t(in), b.slotHalf[kWeightSlot] = uint64_t(wt);
    b.ofmapBase = b.slotBase[kWeightSlot] + copies * uint64_t(wt), b.ofmapHalf = uint64_t(out);
    return b;
}

void throwLayerDesignError(const Layer& L, const DesignError& e) {
    const bool tiling = dynamic_cast<const TilingError*>(&e) != nullptr;
    throwInputError(L.where, "layer '" + L.name + "'",
                    std::string(tiling ? "cannot be tiled: " : "cannot run on this design: ") + e.what());
}

GemmProblem LayerController::gemmProblemOf(const Layer& L) {
    const GemmLayerGeometry g = GemmLayerGeometry::of(L);
    GemmProblem problem;
    problem.m = g.m(), problem.k = g.reduction(), problem.n = g.k;
    problem.abits = g.abits, problem.wbits = g.wbits, problem.obits = g.obits, problem.acc_bits = g.acc_bits;
    problem.fully_connected = L.op == LayerOp::FC;
    problem.fp = L.prec.fp;
    problem.taps = g.r * g.s;
    problem.groups = g.groups;
    problem.runtime_weights = L.runtime_weights;
    return problem;
}

FoldSpace LayerController::configureEngine(const GemmProblem& problem, int64_t programIndex) {
    ComputeCommand cmd;
    cmd.op = ComputeCommand::Op::Configure;
    cmd.problem = problem;
    cmd.program = &program_;
    cmd.program_index = programIndex;
    compute(cmd, sc_core::sc_time_stamp());
    return cmd.space;
}

sc_time LayerController::compute(ComputeCommand& cmd, const sc_time& at) {
    gp_.set_command(tlm::TLM_WRITE_COMMAND);
    gp_.set_address(0);
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time delay = at > now ? at - now : sc_core::SC_ZERO_TIME;
    {
        ScopedExtension<ComputeCommand> attach(gp_, &cmd);
        engine->b_transport(gp_, delay);
    }
    if (gp_.is_response_error()) throw std::logic_error("compute engine rejected a command");
    return now + delay;
}

sc_time LayerController::dmaTransfer(DmaCommand& cmd, const sc_time& at) {
    gp_.set_command(tlm::TLM_WRITE_COMMAND);
    gp_.set_address(0);
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    const sc_time now = sc_core::sc_time_stamp();
    sc_time delay = at > now ? at - now : sc_core::SC_ZERO_TIME;
    {
        ScopedExtension<DmaCommand> attach(gp_, &cmd);
        dma->b_transport(gp_, delay);
    }
    if (gp_.is_response_error()) throw std::logic_error("DMA engine rejected a descriptor");
    return now + delay;
}

// Temporal decoupling: run ahead of SystemC time by up to one quantum, then
// let the kernel catch up (so trace writers and other processes progress).
void LayerController::syncTo(const sc_time& t) {
    const sc_time now = sc_core::sc_time_stamp();
    if (t > now + params_.quantum) sc_core::wait(t - now);
}

void LayerController::thread() {
    // Exceptions must not cross the SystemC kernel (it would turn them into
    // its own reports): keep the first one and stop; the platform rethrows it.
    try {
        sc_time t = sc_core::sc_time_stamp();
        for (size_t index : layers_) {
            if (stopRequested_ && *stopRequested_) break;
            if (onLayerStart) onLayerStart(index, t);
            LayerRunStats stats = runLayer(index, t);
            t = fromPs(stats.end_ps);
            if (onLayerEnd) onLayerEnd(stats);
            results_.push_back(std::move(stats));
        }
        if (t > sc_core::sc_time_stamp()) sc_core::wait(t - sc_core::sc_time_stamp());
        finished_ = true;
    } catch (...) {
        error_ = std::current_exception();
        sc_core::sc_stop();
    }
    // Park instead of returning. A returning SystemC thread leaves its stack
    // through the coroutine package's abort(), which in SystemC 2.3.4 (unlike
    // yield()) does not announce the stack switch to AddressSanitizer, so ASan
    // would keep this thread's stack as the current one (see
    // sim/common/sanitizer_stack.hpp). Waiting switches through yield(); the
    // simulation still ends when nothing else is scheduled.
    sc_core::wait(parked_);
}

LayerRunStats LayerController::runLayer(size_t index, const sc_time& start) {
    const Layer& L = net_.layers[index];
    LayerRunStats stats;
    stats.index = index;
    stats.name = L.name;
    stats.start_ps = toPs(start);
    currentLayer_ = L.name;
    if (probe_) probe_->sample(layerSignal_, toPs(start), index);

    sc_time end;
    try {
        if (L.hasWeights()) {
            const GemmLayerGeometry g = GemmLayerGeometry::of(L);
            const int64_t at = programIndex_[index];
            const FoldSpace space = configureEngine(program_[size_t(at)], at);
            const TilePlan plan = planGemmTiles(g, space, params_.budget, params_.memory);
            stats.tiling = plan.str(g.taps());
            stats.engine_cycles_ideal = space.total_cycles_ideal * g.groups;
            stats.peak_macs_per_cycle = space.peak_macs_per_cycle;
            const BufferPlacement place =
                bufferPlacement(params_, plan.ifmap_tile_bytes, plan.weight_tile_bytes, plan.ofmap_tile_bytes);
            LayerTensors tensors = tensors_[index];
            tensors.psums.bits = plan.psum_bits;
            GemmStepSource steps(g, plan, space, tensors);
            end = schedule(steps, start, stats, place);
        } else {
            const VectorPlan plan = planVectorTiles(L, params_.budget);
            stats.tiling = plan.str();
            const BufferPlacement place =
                bufferPlacement(params_, plan.ifmap_tile_bytes, plan.residual_tile_bytes, plan.ofmap_tile_bytes);
            VectorStepSource steps(L, plan, tensors_[index]);
            end = schedule(steps, start, stats, place);
        }
    } catch (const DesignError& e) {
        throwLayerDesignError(L, e);
    }
    stats.end_ps = toPs(end);
    if (probe_) probe_->slice(layerTrack_, stats.start_ps, stats.end_ps, L.name);
    return stats;
}

}  // namespace hcm
