#pragma once
// Chrome Trace Event Format writer (opens in ui.perfetto.dev and
// chrome://tracing).
//
// One process ("hcmsim"); one thread per declared track, named with
// thread_name metadata and ordered by declaration with thread_sort_index.
//   slice     -> complete event  {"ph":"X","ts":..,"dur":..} on the track
//   sample    -> counter event   {"ph":"C","name":<signal>,"args":{"value":v}}
//   transfer  -> counter <signal>_mbps: MB/s (1 MB = 1e6 bytes, integer) of
//                each window, stamped at the window's START so the value sits
//                under the activity that moved the data, and 0 at the start of
//                the first idle window after it. (The VCD, which can only
//                write at the current time, shows the same value one window
//                later.)
// ts and dur are microseconds written exactly from integer picoseconds
// (1234567 ps -> 1.234567). Events are kept compactly (no per-event strings)
// and the JSON is streamed at the end; the output depends only on the
// reports, so identical runs give byte-identical files.
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "hw/common/timeline_probe.hpp"

namespace hcm {

class ChromeTrace : public TimelineProbe {
public:
    static constexpr uint64_t kDefaultWindowPs = 1'000'000;  // 1 us

    explicit ChromeTrace(uint64_t window_ps = kDefaultWindowPs, std::string process_name = "hcmsim");

    // Declaring the same name again returns the same id.
    int declareSignal(const std::string& name, unsigned bits) override;
    int declareTrack(const std::string& name) override;

    void sample(int signal, uint64_t t_ps, uint64_t value) override;
    void transfer(int signal, uint64_t t_ps, uint64_t bytes) override;
    void slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) override;

    // Streams the whole trace as JSON.
    void write(std::ostream& out) const;
    // Writes the trace to `path` atomically (temporary file + rename).
    void finish(const std::string& path) const;

    size_t sliceCount() const { return slices_.size(); }
    size_t sampleCount() const { return samples_.size(); }

private:
    struct Slice {
        uint64_t begin;
        uint64_t end;
        uint32_t track;
        uint32_t name;  // index into names_
    };
    struct Sample {
        uint64_t t;
        uint64_t value;
        uint32_t signal;
    };

    uint32_t intern(const std::string& name);
    void writeSlices(std::ostream& out, bool& first) const;
    void writeSamples(std::ostream& out, bool& first) const;
    void writeBandwidth(std::ostream& out, bool& first) const;

    uint64_t windowPs_;
    std::string processName_;
    std::vector<std::string> signals_;  // escaped JSON strings, quotes included
    std::vector<std::string> tracks_;
    std::unordered_map<std::string, int> signalIds_;
    std::unordered_map<std::string, int> trackIds_;
    std::vector<std::string> names_;  // escaped slice names
    std::unordered_map<std::string, uint32_t> nameIds_;
    std::vector<Slice> slices_;
    std::vector<Sample> samples_;
    std::map<std::pair<uint32_t, uint64_t>, uint64_t> windowBytes_;  // (signal, window) -> bytes
};

}  // namespace hcm
