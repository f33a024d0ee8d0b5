#include "chrome_trace.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "sim/common/json_text.hpp"
#include "sim/common/atomic_file.hpp"

namespace hcm {

namespace {

// A JSON string literal, quotes included; invalid UTF-8 is replaced rather
// than thrown on, since names come from user configurations.
std::string quoted(const std::string& s) {
    return jsonText(nlohmann::json(s));
}

// Picoseconds as exact decimal microseconds: 1234567 -> "1.234567", 5000000 -> "5".
void writeMicros(std::ostream& out, uint64_t ps) {
    out << ps / 1'000'000;
    uint64_t frac = ps % 1'000'000;
    if (frac == 0) return;
    char digits[7] = {'0', '0', '0', '0', '0', '0', '\0'};
    for (int i = 5; i >= 0; --i, frac /= 10) digits[i] = char('0' + frac % 10);
    int last = 5;
    while (digits[last] == '0') --last;
    digits[last + 1] = '\0';
    out << '.' << digits;
}

void separator(std::ostream& out, bool& first) {
    out << (first ? "\n" : ",\n");
    first = false;
}

}  // namespace

ChromeTrace::ChromeTrace(uint64_t window_ps, std::string process_name)
    : windowPs_(window_ps), processName_(std::move(process_name)) {
    if (windowPs_ == 0) throw std::invalid_argument("ChromeTrace: window_ps must be > 0");
}

int ChromeTrace::declareSignal(const std::string& name, unsigned /*bits*/) {
    auto [it, inserted] = signalIds_.try_emplace(name, int(signals_.size()));
    if (inserted) signals_.push_back(name);
    return it->second;
}

int ChromeTrace::declareTrack(const std::string& name) {
    auto [it, inserted] = trackIds_.try_emplace(name, int(tracks_.size()));
    if (inserted) tracks_.push_back(name);
    return it->second;
}

uint32_t ChromeTrace::intern(const std::string& name) {
    auto [it, inserted] = nameIds_.try_emplace(name, uint32_t(names_.size()));
    if (inserted) names_.push_back(quoted(name));
    return it->second;
}

void ChromeTrace::sample(int signal, uint64_t t_ps, uint64_t value) {
    if (size_t(signal) >= signals_.size()) throw std::out_of_range("ChromeTrace: unknown signal id");
    samples_.push_back(Sample{t_ps, value, uint32_t(signal)});
}

void ChromeTrace::transfer(int signal, uint64_t t_ps, uint64_t bytes) {
    if (size_t(signal) >= signals_.size()) throw std::out_of_range("ChromeTrace: unknown signal id");
    if (bytes == 0) return;
    windowBytes_[{uint32_t(signal), t_ps / windowPs_}] += bytes;
}

void ChromeTrace::slice(int track, uint64_t begin_ps, uint64_t end_ps, const std::string& name) {
    if (size_t(track) >= tracks_.size()) throw std::out_of_range("ChromeTrace: unknown track id");
    slices_.push_back(Slice{begin_ps, std::max(begin_ps, end_ps), uint32_t(track), intern(name)});
}

void ChromeTrace::writeSlices(std::ostream& out, bool& first) const {
    // Start order, enclosing (longer) slices first, so viewers nest them;
    // the stable sort keeps report order for exact ties.
    std::vector<Slice> sorted(slices_);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Slice& a, const Slice& b) {
        if (a.begin != b.begin) return a.begin < b.begin;
        if (a.end != b.end) return a.end > b.end;
        return a.track < b.track;
    });
    for (const Slice& s : sorted) {
        separator(out, first);
        out << "{\"ph\":\"X\",\"pid\":1,\"tid\":" << s.track + 1 << ",\"ts\":";
        writeMicros(out, s.begin);
        out << ",\"dur\":";
        writeMicros(out, s.end - s.begin);
        out << ",\"name\":" << names_[s.name] << '}';
    }
}

void ChromeTrace::writeSamples(std::ostream& out, bool& first) const {
    std::vector<std::string> names;
    for (const auto& s : signals_) names.push_back(quoted(s));
    std::vector<Sample> sorted(samples_);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Sample& a, const Sample& b) {
        return a.t != b.t ? a.t < b.t : a.signal < b.signal;
    });
    for (const Sample& s : sorted) {
        separator(out, first);
        out << "{\"ph\":\"C\",\"pid\":1,\"tid\":0,\"ts\":";
        writeMicros(out, s.t);
        out << ",\"name\":" << names[s.signal] << ",\"args\":{\"value\":" << s.value << "}}";
    }
}

void ChromeTrace::writeBandwidth(std::ostream& out, bool& first) const {
    auto counter = [&](const std::string& name, uint64_t window, uint64_t mbps) {
        separator(out, first);
        out << "{\"ph\":\"C\",\"pid\":1,\"tid\":0,\"ts\":";
        writeMicros(out, window * windowPs_);
        out << ",\"name\":" << name << ",\"args\":{\"value\":" << mbps << "}}";
    };
    for (auto it = windowBytes_.begin(); it != windowBytes_.end(); ++it) {
        const auto [signal, window] = it->first;
        const std::string name = quoted(signals_[signal] + "_mbps");
        // MB/s = bytes * 1e6 / window_ps (see VcdTimeline).
        const auto mbps = static_cast<unsigned __int128>(it->second) * 1'000'000u / windowPs_;
        counter(name, window, uint64_t(mbps));
        const auto next = std::next(it);
        if (next == windowBytes_.end() || next->first != std::make_pair(signal, window + 1)) {
            counter(name, window + 1, 0);
        }
    }
}

void ChromeTrace::write(std::ostream& out) const {
    out << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[";
    bool first = true;
    separator(out, first);
    out << "{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":" << quoted(processName_)
        << "}}";
    for (size_t i = 0; i < tracks_.size(); ++i) {
        separator(out, first);
        out << "{\"ph\":\"M\",\"pid\":1,\"tid\":" << i + 1 << ",\"name\":\"thread_name\",\"args\":{\"name\":"
            << quoted(tracks_[i]) << "}}";
        separator(out, first);
        out << "{\"ph\":\"M\",\"pid\":1,\"tid\":" << i + 1
            << ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" << i << "}}";
    }
    writeSlices(out, first);
    writeSamples(out, first);
    writeBandwidth(out, first);
    out << "\n]}\n";
}

void ChromeTrace::finish(const std::string& path) const {
    writeFileAtomic(path, [this](std::ostream& out) { write(out); });
}

}  // namespace hcm
