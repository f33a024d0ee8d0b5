#pragma once
// Limits how often values reach the trace writers. Components report every
// change (a DRAM queue depth changes at every burst: millions of times in a
// ResNet-50 run); a waveform or trace of a whole network needs at most a few
// points per interval. Per signal, the first sample of an interval is passed
// on at once and the last one of the interval when the next interval starts,
// so steps are kept and the final value is right. Transfers and slices pass
// through unchanged (the writers already sum transfers per window).
#include <cstdint>
#include <vector>

#include "hw/common/timeline_probe.hpp"

namespace hcm {

class ThrottledProbe : public TimelineProbe {
public:
    ThrottledProbe(TimelineProbe& target, uint64_t interval_ps);

    int declareSignal(const std::string& name, unsigned bits) override;
    int declareTrack(const std::string& name) override;
    void sample(int signal, uint64_t t_ps, uint64_t value) override;
    void transfer(int signal, uint64_t t_ps, uint64_t bytes) override;
    void slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) override;

    // Passes on what is still held back (call after the simulation).
    void flush();

private:
    struct Signal {
        int target = -1;
        uint64_t intervalStart = 0;
        bool started = false;
        bool pending = false;       // a held-back sample
        uint64_t pendingTime = 0, pendingValue = 0;
    };
    void emitHeld(Signal& s);

    TimelineProbe& target_;
    uint64_t interval_;
    std::vector<Signal> signals_;
};

}  // namespace hcm
