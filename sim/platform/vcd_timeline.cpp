#include "vcd_timeline.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include <sysc/tracing/sc_tracing_ids.h>  // SC_ID_TRACING_TIMESCALE_DEFAULT_

#include "hw/common/time_units.hpp"
#include "sim/common/atomic_file.hpp"
#include "sim/common/sanitizer_stack.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

using sc_core::sc_get_status;

// VCD identifiers cannot hold spaces or brackets, and SystemC splits the name
// on '.' into scopes; keep [A-Za-z0-9_] per segment and drop empty segments.
std::string sanitize(const std::string& name) {
    std::string out;
    std::string segment;
    auto flush = [&] {
        if (segment.empty()) return;
        if (!out.empty()) out += '.';
        out += segment;
        segment.clear();
    };
    for (char c : name) {
        if (c == '.') {
            flush();
        } else {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
            segment += ok ? c : '_';
        }
    }
    flush();
    return out.empty() ? std::string("_") : out;
}

std::vector<std::string> tokens(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string tok; in >> tok;) out.push_back(tok);
    return out;
}

// Copies SystemC's VCD from `in` to `out`, leaving out the variables whose
// full dotted names are in `drop` (their $var line and initial value; unused
// variables never change, so the value-change body is copied verbatim). The
// wall-clock $date SystemC stamps is replaced, so the same run gives the same
// bytes (hcmsim's outputs are reproducible; the $version line is fixed).
void copyWithoutVars(std::istream& in, std::ostream& out, const std::unordered_set<std::string>& drop) {
    std::vector<std::string> scopes;  // scopes[0] is SystemC's top "SystemC" scope
    std::unordered_set<std::string> dropIds;
    bool inDumpvars = false;
    bool inDate = false;
    std::string line;
    while (std::getline(in, line)) {
        const auto tok = tokens(line);
        if (inDate) {
            if (tok.empty() || tok[0] != "$end") continue;
            inDate = false;
        } else if (!tok.empty() && tok[0] == "$date") {
            out << line << "\n     (not recorded: hcmsim output is reproducible)\n";
            inDate = tok.back() != "$end";
            if (!inDate) out << "$end\n";
            continue;
        } else if (inDumpvars) {
            if (!tok.empty() && tok[0] == "$end") {
                out << line << '\n';
                break;  // the rest is the value-change body
            }
            if (!tok.empty()) {
                const char kind = tok[0][0];
                const std::string id = (kind == 'b' || kind == 'r') ? (tok.size() > 1 ? tok[1] : "") : tok[0].substr(1);
                if (dropIds.count(id)) continue;
            }
        } else if (tok.size() >= 3 && tok[0] == "$scope") {
            scopes.push_back(tok[2]);
        } else if (!tok.empty() && tok[0] == "$upscope") {
            if (!scopes.empty()) scopes.pop_back();
        } else if (tok.size() >= 5 && tok[0] == "$var") {
            std::string full;
            for (size_t i = 1; i < scopes.size(); ++i) full += scopes[i] + '.';
            full += tok[4];
            if (drop.count(full)) {
                dropIds.insert(tok[3]);
                continue;
            }
        } else if (!tok.empty() && tok[0] == "$dumpvars") {
            inDumpvars = true;
        }
        out << line << '\n';
    }
    // operator<<(streambuf*) sets failbit when it copies nothing.
    if (in.peek() != std::char_traits<char>::eof()) out << in.rdbuf();
}

}  // namespace

SC_HAS_PROCESS(VcdTimeline);

VcdTimeline::VcdTimeline(sc_core::sc_module_name name, const std::string& path, uint64_t window_ps)
    : sc_core::sc_module(name), path_(path), windowPs_(window_ps) {
    if (windowPs_ == 0) throw std::invalid_argument("VcdTimeline: window_ps must be > 0");
    partialBase_ = path_ + ".partial." + std::to_string(static_cast<long>(::getpid()));
    // SystemC terminates the process if it cannot open the file when the
    // simulation starts; find out now, while the error can still be reported.
    {
        const std::string file = partialBase_ + ".vcd";
        std::FILE* f = std::fopen(file.c_str(), "w");
        if (!f) throwInputError({path_, 0, 0}, "", std::string("cannot write VCD file: ") + std::strerror(errno));
        std::fclose(f);
    }
    // SystemC announces its default timescale (the 1 ps resolution) on stdout;
    // the $timescale header already says it.
    sc_core::sc_report_handler::set_actions(sc_core::SC_ID_TRACING_TIMESCALE_DEFAULT_, sc_core::SC_INFO,
                                            sc_core::SC_DO_NOTHING);
    tf_ = sc_core::sc_create_vcd_trace_file(partialBase_.c_str());
    heap_.reserve(1024);
    SC_THREAD(run);
}

VcdTimeline::~VcdTimeline() {
    if (tf_) {
        closeTrace();
        std::remove((partialBase_ + ".vcd").c_str());
    }
}

void VcdTimeline::closeTrace() {
    sc_core::sc_close_vcd_trace_file(tf_);
    tf_ = nullptr;
}

void VcdTimeline::requireElaboration(const char* what) const {
    const auto status = sc_get_status();
    if (status != sc_core::SC_ELABORATION && status != sc_core::SC_BEFORE_END_OF_ELABORATION) {
        throw std::logic_error(std::string("VcdTimeline: ") + what + " must be declared during elaboration");
    }
}

int VcdTimeline::declareSignal(const std::string& name, unsigned bits) {
    requireElaboration("signals");
    if (bits == 0 || bits > 64) throw std::invalid_argument("VcdTimeline: signal '" + name + "' must have 1..64 bits");
    const std::string vcdName = sanitize(name);
    if (auto it = signalIds_.find(vcdName); it != signalIds_.end()) {
        if (signals_[size_t(it->second)].bits != bits) {
            throw std::invalid_argument("VcdTimeline: signal '" + name + "' declared again with another width");
        }
        return it->second;
    }
    const int id = int(signals_.size());
    signals_.emplace_back();
    signals_.back().name = vcdName;
    signals_.back().bits = bits;
    signalIds_.emplace(vcdName, id);
    // Channels can be created up to before_end_of_elaboration(); until ours
    // runs they are created there, inside this module's hierarchy.
    if (materialized_) materialize(signals_.back());
    return id;
}

int VcdTimeline::declareTrack(const std::string& name) {
    requireElaboration("tracks");
    const std::string vcdName = sanitize(name);
    if (auto it = trackIds_.find(vcdName); it != trackIds_.end()) return it->second;
    const int id = int(tracks_.size());
    tracks_.emplace_back();
    tracks_.back().name = vcdName;
    trackIds_.emplace(vcdName, id);
    if (materialized_) materialize(tracks_.back());
    return id;
}

void VcdTimeline::materialize(Signal& s) {
    using Sig = sc_core::sc_signal<sc_dt::uint64>;
    s.value = std::make_unique<Sig>(sc_core::sc_gen_unique_name("value"));
    s.mbps = std::make_unique<Sig>(sc_core::sc_gen_unique_name("mbps"));
    sc_core::sc_trace(tf_, s.value->read(), s.name, int(s.bits));
    sc_core::sc_trace(tf_, s.mbps->read(), s.name + "_mbps", 32);
}

void VcdTimeline::materialize(Track& t) {
    t.busy = std::make_unique<sc_core::sc_signal<bool>>(sc_core::sc_gen_unique_name("busy"));
    sc_core::sc_trace(tf_, *t.busy, t.name + ".busy");
}

void VcdTimeline::before_end_of_elaboration() {
    for (auto& s : signals_) materialize(s);
    for (auto& t : tracks_) materialize(t);
    materialized_ = true;
}

void VcdTimeline::end_of_elaboration() {
    // Report times are picoseconds and are handed to SystemC as raw values.
    if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS)) {
        throw std::logic_error("VcdTimeline: the SystemC time resolution must be 1 ps");
    }
}

uint64_t VcdTimeline::clampToNow(uint64_t t_ps) {
    const uint64_t now = toPs(sc_core::sc_time_stamp());
    if (t_ps >= now) return t_ps;
    ++stats_.lateEvents;
    return now;
}

void VcdTimeline::push(uint64_t t, Kind kind, uint32_t target, uint64_t value) {
    heap_.push_back(Event{t, nextSeq_++, value, target, kind});
    std::push_heap(heap_.begin(), heap_.end(), Later{});
    stats_.maxPending = std::max<uint64_t>(stats_.maxPending, heap_.size());
    // Only an event earlier than the wake already scheduled needs a new one;
    // events at one time therefore share one wakeup.
    if (t < wakeAt_) scheduleWake(t, toPs(sc_core::sc_time_stamp()));
}

void VcdTimeline::scheduleWake(uint64_t t, uint64_t now) {
    wakeAt_ = t;
    // A pending later notification is replaced by this earlier one.
    wake_.notify(t > now ? fromPs(t - now) : sc_core::SC_ZERO_TIME);
}

void VcdTimeline::sample(int signal, uint64_t t_ps, uint64_t value) {
    Signal& s = signals_.at(size_t(signal));
    s.sampled = true;
    push(clampToNow(t_ps), Kind::Sample, uint32_t(signal), value);
}

void VcdTimeline::transfer(int signal, uint64_t t_ps, uint64_t bytes) {
    Signal& s = signals_.at(size_t(signal));
    s.transferred = true;
    if (bytes == 0) return;
    // Window totals are final when simulated time reaches the window's end:
    // later reports carry times >= now, so they fall into later windows.
    const uint64_t window = clampToNow(t_ps) / windowPs_;
    auto [it, inserted] = s.windows.try_emplace(window, 0);
    it->second += bytes;
    if (inserted) push((window + 1) * windowPs_, Kind::WindowEnd, uint32_t(signal), window);
}

void VcdTimeline::slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& /*name*/) {
    tracks_.at(size_t(track));  // validates the id
    const uint64_t begin = clampToNow(begin_ps);
    const uint64_t end = std::max(begin, clampToNow(end_ps));
    push(begin, Kind::SliceBegin, uint32_t(track), 0);
    push(end, Kind::SliceEnd, uint32_t(track), 0);
}

void VcdTimeline::apply(const Event& e) {
    switch (e.kind) {
    case Kind::Sample:
        signals_[e.target].value->write(e.value);
        break;
    case Kind::SliceBegin: {
        Track& t = tracks_[e.target];
        if (t.depth++ == 0) t.busy->write(true);
        break;
    }
    case Kind::SliceEnd: {
        Track& t = tracks_[e.target];
        if (t.depth > 0 && --t.depth == 0) t.busy->write(false);
        break;
    }
    case Kind::WindowEnd: {
        Signal& s = signals_[e.target];
        const auto it = s.windows.find(e.value);
        const uint64_t bytes = it->second;
        s.windows.erase(it);
        // MB/s = bytes / (window_ps * 1e-12 s) / 1e6 = bytes * 1e6 / window_ps.
        const unsigned __int128 mbps = static_cast<unsigned __int128>(bytes) * 1'000'000u / windowPs_;
        s.mbps->write(uint64_t(std::min<unsigned __int128>(mbps, std::numeric_limits<uint32_t>::max())));
        // Check the next window even if nothing is reported in it, so the
        // bandwidth goes back to 0 after an idle window.
        if (bytes > 0 && s.windows.try_emplace(e.value + 1, 0).second) {
            push((e.value + 2) * windowPs_, Kind::WindowEnd, e.target, e.value + 1);
        }
        break;
    }
    }
    ++stats_.eventsApplied;
}

void VcdTimeline::run() {
    for (;;) {
        wait(wake_);
        ++stats_.wakeups;
        const uint64_t now = toPs(sc_core::sc_time_stamp());
        while (!heap_.empty() && heap_.front().t <= now) {
            std::pop_heap(heap_.begin(), heap_.end(), Later{});
            const Event e = heap_.back();
            heap_.pop_back();
            apply(e);
        }
        wakeAt_ = kNoWake;
        // With nothing queued the thread waits on an event nobody notifies,
        // so the simulation can end by starvation.
        if (!heap_.empty()) scheduleWake(heap_.front().t, now);
    }
}

void VcdTimeline::finish() {
    if (finished_) return;
    const auto status = sc_get_status();
    if (status != sc_core::SC_PAUSED && status != sc_core::SC_STOPPED && status != sc_core::SC_END_OF_SIMULATION) {
        throw std::logic_error("VcdTimeline::finish() must be called after sc_start() returned");
    }
    // SystemC records a timestep only when time advances past it, and a run
    // that ends by starvation never does that for its last one.
    if (status == sc_core::SC_PAUSED) {
        sc_core::sc_start(sc_core::sc_get_time_resolution());
        announceMainStackToSanitizer();
    }
    stats_.droppedEvents = heap_.size();
    closeTrace();
    finished_ = true;

    // Leave out the derived variable of each signal that was never used that way.
    std::unordered_set<std::string> drop;
    for (const Signal& s : signals_) {
        if (s.transferred && !s.sampled) {
            drop.insert(s.name);
        } else if (!s.transferred) {
            drop.insert(s.name + "_mbps");
        }
    }
    const std::string partial = partialBase_ + ".vcd";
    try {
        std::ifstream in(partial, std::ios::binary);
        if (!in) throw std::runtime_error("VcdTimeline: SystemC did not write " + partial);
        writeFileAtomic(path_, [&](std::ostream& out) { copyWithoutVars(in, out, drop); });
    } catch (...) {
        std::remove(partial.c_str());
        throw;
    }
    std::remove(partial.c_str());
}

}  // namespace hcm
