// The layer controller's executor for the tile scheduler (tile_scheduler.hpp):
// every operation is a TLM transaction to the DMA engine or the compute engine.
#include "layer_controller.hpp"
#include "tile_scheduler.hpp"

namespace hcm {

using sc_core::sc_time;

struct LayerController::TlmExecutor {
    LayerController& c;

    sc_time now() const { return sc_core::sc_time_stamp(); }
    void syncTo(const sc_time& t) { c.syncTo(t); }
    sc_time load(TileLoad& l, int buffer, uint64_t base, const sc_time& at) {
        DmaCommand cmd;
        cmd.op = DmaCommand::Op::Load;
        cmd.what = l.what;
        cmd.buffer = buffer;
        cmd.segments = &l.segments;
        cmd.buffer_base = base;
        return c.dmaTransfer(cmd, at);
    }
    void release(int buffer, uint64_t base, uint64_t bytes, const sc_time& at) {
        DmaCommand rel;
        rel.op = DmaCommand::Op::Release;
        rel.buffer = buffer;
        rel.buffer_base = base;
        rel.release_bytes = bytes;
        c.dmaTransfer(rel, at);
    }
    sc_time store(Operand what, const SegmentList& segments, uint64_t base, const sc_time& at) {
        DmaCommand cmd;
        cmd.op = DmaCommand::Op::Store;
        cmd.what = what;
        cmd.buffer = bufferIndex(BufferRole::Ofmap);
        cmd.segments = &segments;
        cmd.buffer_base = base;
        return c.dmaTransfer(cmd, at);
    }
    sc_time compute(ComputeCommand& cmd, const sc_time& at) { return c.compute(cmd, at); }
    void computed(const sc_time& start, const sc_time& end) {
        if (c.probe_) c.probe_->slice(c.computeTrack_, toPs(start), toPs(end), c.currentLayer_);
    }
};

sc_time LayerController::schedule(StepSource& source, const sc_time& start, LayerRunStats& stats,
                                  const BufferPlacement& place) {
    TlmExecutor exec{*this};
    TileScheduler<TlmExecutor> scheduler(exec, params_.double_buffer, params_.clock, currentLayer_);
    return scheduler.run(source, start, stats, place);
}

}  // namespace hcm
