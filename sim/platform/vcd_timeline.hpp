#pragma once
// VCD writer for GTKWave, built on SystemC's own tracing.
//
// Every declared signal becomes an sc_signal traced with sc_trace; dots in
// names become VCD scopes ("dram.queue_depth" is queue_depth under dram).
// Reports arrive ahead of sc_time_stamp() (temporal decoupling) and out of
// order across components, so they wait in a min-heap ordered by
// (time, report order) and an SC_THREAD applies them when simulated time
// reaches them; SystemC then records the values at the end of each timestep.
//
// Derived signals:
//   <signal>_mbps  bandwidth (MB/s, 1 MB = 1e6 bytes) of the last completed
//                  window for a signal used with transfer(); updated at each
//                  window boundary after a window in which data moved, and
//                  back to 0 after the first empty window.
//   <track>.busy   1 while at least one slice is open on the track (nested
//                  and back-to-back slices keep it 1).
// A signal is created for both the value and its bandwidth, because whether a
// signal is sampled or transferred is only known once the simulation runs;
// finish() drops the never-used one from the file header.
//
// How the platform drives it:
//   1. Construct during elaboration, before the modules that report to it
//      declare (all declarations must happen before sc_start()).
//   2. Run sc_start() without a time limit: it returns by starvation once the
//      components and this writer have nothing left to do. The writer's
//      thread keeps the simulation alive until every reported event has been
//      applied, so sc_time_stamp() at the end may exceed the last component
//      activity (by up to the decoupling lookahead, plus two bandwidth windows
//      after the last transfer). Measure run length from the components, not
//      from sc_time_stamp(). Do not end with sc_stop(): SystemC then never
//      records the last timestep.
//   3. Call finish() after sc_start() returned: it runs the kernel for one
//      more resolution step so SystemC writes the last timestep, closes the
//      file and renames it to the requested path.
// Without finish() (e.g. an exception unwound the run) the destructor
// removes the partial file; no file ever appears under the final name.
#include <systemc>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "hw/common/timeline_probe.hpp"

namespace hcm {

class VcdTimeline : public sc_core::sc_module, public TimelineProbe {
public:
    static constexpr uint64_t kDefaultWindowPs = 1'000'000;  // 1 us

    struct Stats {
        uint64_t eventsApplied = 0;  // samples, slice edges and window boundaries applied
        uint64_t lateEvents = 0;     // reports behind sc_time_stamp(), clamped to it
        uint64_t wakeups = 0;        // times the writer thread ran
        uint64_t droppedEvents = 0;  // still pending at finish() (simulation cut short)
        uint64_t maxPending = 0;     // largest heap size seen
    };

    // `path` is the final file (normally ending in .vcd; any other name is used
    // as given). Throws InputError if its directory cannot be written.
    VcdTimeline(sc_core::sc_module_name name, const std::string& path, uint64_t window_ps = kDefaultWindowPs);
    ~VcdTimeline() override;

    VcdTimeline(const VcdTimeline&) = delete;
    VcdTimeline& operator=(const VcdTimeline&) = delete;

    // Declaring the same name again returns the same id (bits must match).
    // std::logic_error once the simulation has started; std::invalid_argument
    // for bits outside 1..64.
    int declareSignal(const std::string& name, unsigned bits) override;
    int declareTrack(const std::string& name) override;

    void sample(int signal, uint64_t t_ps, uint64_t value) override;
    void transfer(int signal, uint64_t t_ps, uint64_t bytes) override;
    void slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) override;

    // True when no reported event is waiting to be applied.
    bool drained() const { return heap_.empty(); }
    size_t pending() const { return heap_.size(); }

    // After sc_start() returned: records the last timestep, closes the trace
    // and atomically moves it to path(). Idempotent. std::logic_error if the
    // simulation never started.
    void finish();

    const Stats& stats() const { return stats_; }
    const std::string& path() const { return path_; }
    uint64_t windowPs() const { return windowPs_; }

private:
    enum class Kind : uint8_t { Sample, SliceBegin, SliceEnd, WindowEnd };
    struct Event {
        uint64_t t;
        uint64_t seq;    // report order: ties at one time apply in that order
        uint64_t value;  // sample value, or the window index for WindowEnd
        uint32_t target;
        Kind kind;
    };
    struct Later {
        bool operator()(const Event& a, const Event& b) const {
            return a.t != b.t ? a.t > b.t : a.seq > b.seq;
        }
    };
    struct Signal {
        std::string name;  // sanitised VCD path
        unsigned bits = 0;
        bool sampled = false;
        bool transferred = false;
        std::unique_ptr<sc_core::sc_signal<sc_dt::uint64>> value;
        std::unique_ptr<sc_core::sc_signal<sc_dt::uint64>> mbps;
        // Bytes per window still to be reported; an entry exists exactly when
        // its WindowEnd event is queued, which keeps boundaries unique.
        std::map<uint64_t, uint64_t> windows;
    };
    struct Track {
        std::string name;
        uint32_t depth = 0;  // open slices
        std::unique_ptr<sc_core::sc_signal<bool>> busy;
    };

    void before_end_of_elaboration() override;
    void end_of_elaboration() override;
    void run();

    void requireElaboration(const char* what) const;
    void materialize(Signal& s);
    void materialize(Track& t);
    uint64_t clampToNow(uint64_t t_ps);
    void push(uint64_t t, Kind kind, uint32_t target, uint64_t value);
    void apply(const Event& e);
    void scheduleWake(uint64_t t, uint64_t now);
    void closeTrace();

    std::string path_;
    std::string partialBase_;  // SystemC appends ".vcd"
    uint64_t windowPs_;
    sc_core::sc_trace_file* tf_ = nullptr;
    bool materialized_ = false;
    bool finished_ = false;

    std::vector<Signal> signals_;
    std::vector<Track> tracks_;
    std::unordered_map<std::string, int> signalIds_;
    std::unordered_map<std::string, int> trackIds_;

    std::vector<Event> heap_;  // std::push_heap/pop_heap with Later
    uint64_t nextSeq_ = 0;
    static constexpr uint64_t kNoWake = ~uint64_t(0);
    uint64_t wakeAt_ = kNoWake;  // time of the pending wake notification
    sc_core::sc_event wake_;
    Stats stats_;
};

}  // namespace hcm
