#include "throttled_probe.hpp"

namespace hcm {

ThrottledProbe::ThrottledProbe(TimelineProbe& target, uint64_t interval_ps)
    : target_(target), interval_(interval_ps == 0 ? 1 : interval_ps) {}

int ThrottledProbe::declareSignal(const std::string& name, unsigned bits) {
    Signal s;
    s.target = target_.declareSignal(name, bits);
    signals_.push_back(s);
    return int(signals_.size()) - 1;
}

int ThrottledProbe::declareTrack(const std::string& name) { return target_.declareTrack(name); }

void ThrottledProbe::emitHeld(Signal& s) {
    if (s.pending) target_.sample(s.target, s.pendingTime, s.pendingValue);
    s.pending = false;
}

void ThrottledProbe::sample(int signal, uint64_t t, uint64_t value) {
    Signal& s = signals_.at(size_t(signal));
    if (!s.started || t >= s.intervalStart + interval_) {
        emitHeld(s);
        s.started = true;
        s.intervalStart = t - t % interval_;
        target_.sample(s.target, t, value);
        return;
    }
    s.pending = true;
    s.pendingTime = t;
    s.pendingValue = value;
}

void ThrottledProbe::transfer(int signal, uint64_t t, uint64_t bytes) {
    target_.transfer(signals_.at(size_t(signal)).target, t, bytes);
}

void ThrottledProbe::slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) {
    target_.slice(track, begin_ps, end_ps, name);
}

void ThrottledProbe::flush() {
    for (auto& s : signals_) emitHeld(s);
}

}  // namespace hcm
