#pragma once
// How components report what they do over time, for VCD and Chrome traces.
//
// Components never write trace files themselves: they hold an optional
// TimelineProbe* (null when tracing is off, costing one branch) and report
// values and activity slices at absolute simulated times. The platform
// connects the probe to the VCD writer (sc_trace) and the Chrome-trace writer.
// Times may run ahead of sc_time_stamp() under temporal decoupling, but a
// component must never report a time earlier than sc_time_stamp().
#include <cstdint>
#include <string>

namespace hcm {

class TimelineProbe {
public:
    virtual ~TimelineProbe() = default;

    // Declares a numeric signal (e.g. "dram.queue_depth") and returns its id.
    virtual int declareSignal(const std::string& name, unsigned bits) = 0;
    // Declares a track of activity slices (e.g. "dma", "pe_array") and returns its id.
    virtual int declareTrack(const std::string& name) = 0;

    // The signal takes `value` from time `t_ps` on.
    virtual void sample(int signal, uint64_t t_ps, uint64_t value) = 0;
    // `bytes` moved at `t_ps` on the named signal's data path; the writer turns
    // these into bandwidth over a window.
    virtual void transfer(int signal, uint64_t t_ps, uint64_t bytes) = 0;
    // An activity occupied [begin_ps, end_ps) on a track.
    virtual void slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) = 0;
};

}  // namespace hcm
