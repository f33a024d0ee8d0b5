#include "dram_target.hpp"

#include "hw/common/gather_list.hpp"

#include <cmath>

namespace hcm {

namespace {
uint64_t toPs(const sc_core::sc_time& t) {
    // The project runs with a 1 ps resolution; scale in case it does not.
    static const double psPerUnit = sc_core::sc_get_time_resolution().to_seconds() * 1e12;
    return uint64_t(std::llround(double(t.value()) * psPerUnit));
}
}  // namespace

// Forwards the model's events to a TimelineProbe, never backwards in time.
class DramTarget::ProbeAdapter : public DramObserver {
public:
    ProbeAdapter(TimelineProbe* probe, const DramTarget& owner) : probe_(probe), owner_(owner) {
        queueSignal_ = probe_->declareSignal("dram.queue_depth", 16);
        dataSignal_ = probe_->declareSignal("dram.data", 32);
    }
    void queueDepthChanged(int64_t cycle, int depth) override {
        lastQueuePs_ = std::max(lastQueuePs_, owner_.psOfCycle(cycle));
        probe_->sample(queueSignal_, lastQueuePs_, uint64_t(depth));
    }
    void requestCompleted(const DramCompletion& c) override {
        lastDataPs_ = std::max(lastDataPs_, owner_.psOfCycle(c.completion_cycle));
        probe_->transfer(dataSignal_, lastDataPs_, uint64_t(owner_.params().org.burstBytes()));
    }

private:
    TimelineProbe* probe_;
    const DramTarget& owner_;
    int queueSignal_ = -1, dataSignal_ = -1;
    uint64_t lastQueuePs_ = 0, lastDataPs_ = 0;
};

DramTarget::DramTarget(sc_core::sc_module_name name, const DramParams& params)
    : sc_core::sc_module(name),
      socket("socket"),
      ctrl_(std::make_unique<DramController>(params)),
      tckPs_(params.timing.tCK_ns * 1000.0) {
    socket.register_b_transport(this, &DramTarget::b_transport);
    socket.register_transport_dbg(this, &DramTarget::transport_dbg);
}

DramTarget::~DramTarget() = default;

const DramStats& DramTarget::stats() const {
    snapshot_ = ctrl_->stats();
    return snapshot_;
}

DramStats DramTarget::statsAt(const sc_core::sc_time& now) const {
    // Cycles completed by `now` (rounded down: background up to that edge).
    return ctrl_->stats(int64_t(std::floor(double(toPs(now)) / tckPs_ + 1e-6)));
}

void DramTarget::setProbe(TimelineProbe* probe) {
    if (probe) {
        probe_ = std::make_unique<ProbeAdapter>(probe, *this);
        ctrl_->setObserver(probe_.get());
    } else {
        ctrl_->setObserver(nullptr);
        probe_.reset();
    }
}

int64_t DramTarget::cycleAtOrAfterPs(uint64_t ps) const {
    // Tolerance: tCK = 833.33... ps is not exact in binary.
    return int64_t(std::ceil(double(ps) / tckPs_ - 1e-6));
}

uint64_t DramTarget::psOfCycle(int64_t cycle) const { return uint64_t(std::llround(double(cycle) * tckPs_)); }

void DramTarget::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    const tlm::tlm_command cmd = trans.get_command();
    const uint64_t length = trans.get_data_length();
    if (cmd == tlm::TLM_IGNORE_COMMAND || length == 0) {
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    const bool isWrite = cmd == tlm::TLM_WRITE_COMMAND;
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    const int64_t arrival = cycleAtOrAfterPs(toPs(start + delay));
    const uint64_t burst = uint64_t(ctrl_->params().org.burstBytes());
    int64_t finish = arrival;
    auto collect = [&] {
        for (const auto& c : done_) finish = std::max(finish, c.completion_cycle);
        done_.clear();
    };
    // Every burst of [address, address + bytes) enters the queue; with a
    // gather list (scatter-gather DMA) those of all segments do, so the
    // scheduler sees the next segment's rows while finishing the current one.
    auto enqueueRange = [&](uint64_t address, uint64_t bytes) {
        if (bytes == 0) return;
        const uint64_t first = address & ~(burst - 1);
        const uint64_t last = (address + bytes - 1) & ~(burst - 1);
        for (uint64_t a = first;; a += burst) {
            ctrl_->waitForSpace(a, &done_);
            ctrl_->enqueue(DramRequest{a, isWrite, arrival, nextTag_++});
            collect();
            if (a == last) break;
        }
    };
    GatherList* gather = nullptr;
    trans.get_extension(gather);
    if (gather && gather->segments) {
        for (size_t i = 0; i < gather->count; ++i) enqueueRange(gather->segments[i].address, gather->segments[i].bytes);
    } else {
        enqueueRange(trans.get_address(), length);
    }
    ctrl_->drainAll(&done_);
    collect();
    const uint64_t finishPs = psOfCycle(finish);
    const uint64_t startPs = toPs(start);
    delay = sc_core::sc_time(double(finishPs > startPs ? finishPs - startPs : 0), sc_core::SC_PS);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int DramTarget::transport_dbg(tlm::tlm_generic_payload&) {
    return 0;  // no data is stored
}

}  // namespace hcm
