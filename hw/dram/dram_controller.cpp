#include "dram_controller.hpp"

#include <algorithm>
#include <stdexcept>

#include "channel_engine.hpp"
#include "dram_params_check.hpp"

namespace hcm {

namespace {
const DramParams& validated(const DramParams& p) {
    validateDramParams(p);
    return p;
}
}  // namespace

DramController::DramController(const DramParams& params)
    : params_(validated(params)), mapping_(params.org, params.address_mapping) {
    stats_.tck_ns = params.timing.tCK_ns;
    stats_.peak_bytes_per_s = params.peakBytesPerSecond();
    stats_.burst_bytes = params.org.burstBytes();
    for (int c = 0; c < params.org.channels; ++c)
        channels_.push_back(std::make_unique<ChannelEngine>(params_, c, &stats_));
    nextCycle_.assign(channels_.size(), kDramNever);
    isStale_.assign(channels_.size(), 0);
}

DramController::~DramController() = default;

bool DramController::canAccept(uint64_t addr) const {
    return channels_[size_t(channelOf(addr))]->hasSpace();
}

int64_t DramController::enqueue(const DramRequest& r) {
    const DramAddress a = mapping_.decode(r.addr);
    ChannelEngine& ch = *channels_[size_t(a.channel)];
    if (!ch.hasSpace()) throw std::logic_error("DramController::enqueue: channel queue is full");
    const int64_t arrival = ch.enqueue(r, a);
    markStale(a.channel);
    ++depth_;
    if (observer_) observer_->queueDepthChanged(arrival, depth_);
    return arrival;
}

bool DramController::step(std::vector<DramCompletion>* done) {
    for (const int c : stale_) {
        ChannelEngine& ch = *channels_[size_t(c)];
        nextCycle_[size_t(c)] = ch.busy() ? ch.nextCommandCycle() : kDramNever;
        isStale_[size_t(c)] = 0;
    }
    stale_.clear();
    size_t best = 0;
    for (size_t c = 1; c < nextCycle_.size(); ++c)
        if (nextCycle_[c] < nextCycle_[best]) best = c;
    if (nextCycle_[best] >= kDramNever) return false;
    markStale(int(best));
    const bool wantCompletion = done != nullptr || observer_ != nullptr;
    if (channels_[best]->issueNext(wantCompletion ? &scratch_ : nullptr)) {
        --depth_;
        if (observer_) {
            observer_->queueDepthChanged(scratch_.issue_cycle, depth_);
            observer_->requestCompleted(scratch_);
        }
        if (done) done->push_back(scratch_);
    }
    return true;
}

void DramController::waitForSpace(uint64_t addr, std::vector<DramCompletion>* done) {
    ChannelEngine& ch = *channels_[size_t(channelOf(addr))];
    while (!ch.hasSpace())
        if (!step(done)) throw std::logic_error("DramController::waitForSpace: a full queue with nothing to issue");
}

void DramController::drainAll(std::vector<DramCompletion>* done) {
    while (step(done)) {
    }
    // Refreshes due before the last data beat happened too.
    const int64_t end = lastCompletionCycle();
    for (size_t c = 0; c < channels_.size(); ++c) {
        channels_[c]->catchUpRefresh(end);
        markStale(int(c));
    }
}

int64_t DramController::lastCompletionCycle() const { return stats_.last_completion_cycle; }

DramStats DramController::stats(int64_t endCycle) const {
    DramStats s = stats_;
    const DramEnergy& e = params_.energy;
    s.act_energy_pj = double(s.act_cmds) * e.act_pj;
    s.rd_energy_pj = double(s.rd_cmds) * e.rd_pj;
    s.wr_energy_pj = double(s.wr_cmds) * e.wr_pj;
    s.ref_energy_pj = double(s.ref_cmds) * e.ref_pj;
    const int64_t end = std::max(endCycle, s.last_completion_cycle);
    s.active_rank_cycles = 0;
    for (const auto& ch : channels_) s.active_rank_cycles += ch->activeRankCycles(end);
    s.total_rank_cycles = uint64_t(end) * uint64_t(params_.org.channels) * uint64_t(params_.org.ranks);
    if (s.active_rank_cycles > s.total_rank_cycles) s.active_rank_cycles = s.total_rank_cycles;
    // mW x ns = pJ.
    s.background_energy_pj = (double(s.active_rank_cycles) * e.background_mw +
                              double(s.total_rank_cycles - s.active_rank_cycles) * e.precharge_standby_mw) *
                             params_.timing.tCK_ns;
    return s;
}

void DramController::setCommandLog(std::vector<DramCommandRecord>* log) {
    for (auto& ch : channels_) ch->setCommandLog(log);
}

}  // namespace hcm
