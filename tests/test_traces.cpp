// VCD, Chrome-trace and fanout probes. Every test case runs in its own
// process (gtest_discover_tests), so each may elaborate and sc_start once.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <systemc>
#include <tuple>
#include <vector>

#include "hw/common/time_units.hpp"
#include "sim/common/input_error.hpp"
#include "sim/platform/chrome_trace.hpp"
#include "sim/platform/probe_fanout.hpp"
#include "sim/platform/vcd_timeline.hpp"
#include "tests/support/cli_runner.hpp"

// libsystemc.so refers to sc_main even though the shared gtest main drives
// the simulation; weak, so a definition in the test support library wins.
extern "C" __attribute__((weak)) int sc_main(int, char**) { return 0; }

namespace fs = std::filesystem;
using namespace sc_core;
using hcm::test::readFile;
using hcm::test::tempDir;

namespace {

// ---------------------------------------------------------------------------
// A minimal VCD reader: variable names by id, initial values, and the value
// changes of every "#<time>" section.
struct Vcd {
    std::string timescale;
    std::map<std::string, std::string> names;  // id -> dotted name below the "SystemC" scope
    std::map<std::string, int> widths;         // dotted name -> bits
    std::map<std::string, uint64_t> initial;   // dotted name -> value
    std::map<uint64_t, std::map<std::string, uint64_t>> changes;
    std::vector<uint64_t> times;  // every "#<time>" line, in file order
};

Vcd parseVcd(const std::string& text) {
    Vcd v;
    std::istringstream in(text);
    std::vector<std::string> scopes;
    std::string line;
    enum { Header, Timescale, Dump, Body } state = Header;
    uint64_t now = 0;
    auto assign = [&](const std::string& tok, const std::string& idAfterSpace) {
        std::string id;
        uint64_t value = 0;
        if (tok[0] == 'b') {
            id = idAfterSpace;
            value = std::stoull(tok.substr(1), nullptr, 2);
        } else {
            id = tok.substr(1);
            value = tok[0] == '1' ? 1 : 0;
        }
        const std::string& name = v.names.at(id);
        if (state == Dump) {
            v.initial[name] = value;
        } else {
            v.changes[now][name] = value;
        }
    };
    while (std::getline(in, line)) {
        std::istringstream ls(line);
        std::vector<std::string> tok;
        for (std::string t; ls >> t;) tok.push_back(t);
        if (tok.empty()) continue;
        if (state == Timescale) {
            if (tok[0] == "$end") {
                state = Header;
            } else {
                v.timescale += (v.timescale.empty() ? "" : " ") + line.substr(line.find_first_not_of(' '));
            }
        } else if (tok[0] == "$timescale") {
            state = Timescale;
        } else if (tok[0] == "$scope") {
            scopes.push_back(tok.at(2));
        } else if (tok[0] == "$upscope") {
            scopes.pop_back();
        } else if (tok[0] == "$var") {
            std::string full;
            for (size_t i = 1; i < scopes.size(); ++i) full += scopes[i] + ".";
            full += tok.at(4);
            v.names[tok.at(3)] = full;
            v.widths[full] = std::stoi(tok.at(2));
        } else if (tok[0] == "$dumpvars") {
            state = Dump;
        } else if (state == Dump && tok[0] == "$end") {
            state = Body;
        } else if (tok[0][0] == '#') {
            now = std::stoull(tok[0].substr(1));
            v.times.push_back(now);
        } else if (state == Dump || state == Body) {
            if (tok[0][0] != '$') assign(tok[0], tok.size() > 1 ? tok[1] : "");
        }
    }
    return v;
}

std::string findOnPath(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = dir + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

std::vector<std::string> listDir(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

// ---------------------------------------------------------------------------
// Reports the way a temporally decoupled component does: ahead of now and out
// of order, plus one report behind now (a contract violation the writer
// clamps and counts).
struct Driver : sc_module {
    hcm::TimelineProbe* probe;
    int queueDepth, readPath, odd, dma, pe;

    SC_HAS_PROCESS(Driver);
    Driver(sc_module_name name, hcm::TimelineProbe* p) : sc_module(name), probe(p) {
        queueDepth = probe->declareSignal("dram.queue_depth", 8);
        readPath = probe->declareSignal("dram.rd", 32);
        odd = probe->declareSignal("misc.odd name[0]", 4);  // never used: kept, sanitised
        dma = probe->declareTrack("dma");
        pe = probe->declareTrack("pe_array");
        SC_THREAD(run);
    }

    void run() {
        probe->sample(queueDepth, 5000, 3);
        probe->sample(queueDepth, 2000, 1);  // earlier than the pending wake
        probe->slice(dma, 3000, 6000, "load B");
        probe->slice(dma, 1000, 4000, "load A");  // overlaps B: busy 1000..6000
        probe->slice(pe, 20000, 30000, "mm 2");
        probe->slice(pe, 10000, 20000, "mm 1");  // back to back: no drop at 20000
        probe->transfer(readPath, 500000, 32000);
        probe->transfer(readPath, 100, 32000);  // window [0, 1 us): 64,000 bytes
        wait(hcm::fromPs(2500));
        probe->sample(queueDepth, 1000, 4);  // late: clamped to now = 2500
        probe->sample(queueDepth, 7000, 0);
        probe->transfer(readPath, 1500000, 16000);  // window [1 us, 2 us)
        wait(hcm::fromPs(7500));
        probe->sample(queueDepth, 10000, 7);  // at now, same time as a queued slice edge
    }
};

TEST(VcdTimelineTest, WritesValueChangesAtReportedTimes) {
    hcm::setPicosecondResolution();
    const std::string dir = tempDir("vcd_basic");
    const std::string path = dir + "/run.vcd";
    hcm::VcdTimeline vcd("vcd", path);
    Driver driver("top", &vcd);
    sc_start();
    EXPECT_TRUE(vcd.drained());
    vcd.finish();

    EXPECT_EQ(listDir(dir), std::vector<std::string>{"run.vcd"});  // no temporary left behind
    const Vcd v = parseVcd(readFile(path));
    EXPECT_EQ(v.timescale, "1 ps");

    // Dots became scopes; "dram.rd" is only transferred, so only its
    // bandwidth is in the file; queue_depth is only sampled.
    std::map<std::string, int> expectedWidths{{"dram.queue_depth", 8}, {"dram.rd_mbps", 32},
                                              {"misc.odd_name_0_", 4}, {"dma.busy", 1},
                                              {"pe_array.busy", 1}};
    EXPECT_EQ(v.widths, expectedWidths);
    const std::string text = readFile(path);
    EXPECT_NE(text.find("$scope module dram $end"), std::string::npos);
    EXPECT_NE(text.find("$scope module pe_array $end"), std::string::npos);
    for (const auto& [name, width] : expectedWidths) EXPECT_EQ(v.initial.at(name), 0u) << name;

    // Bandwidth: 64,000 bytes in a 1 us window = 64,000 B / 1e-6 s = 6.4e10 B/s
    // = 64,000 MB/s, shown from the window's end (1,000,000 ps); 16,000 bytes
    // in the next window = 16,000 MB/s; the idle third window brings it to 0.
    std::map<uint64_t, std::map<std::string, uint64_t>> expected{
        {1000, {{"dma.busy", 1}}},
        {2000, {{"dram.queue_depth", 1}}},
        {2500, {{"dram.queue_depth", 4}}},  // the late report, clamped
        {5000, {{"dram.queue_depth", 3}}},
        {6000, {{"dma.busy", 0}}},  // nested slices: 0 only when both ended
        {7000, {{"dram.queue_depth", 0}}},
        {10000, {{"pe_array.busy", 1}, {"dram.queue_depth", 7}}},
        {30000, {{"pe_array.busy", 0}}},
        {1000000, {{"dram.rd_mbps", 64000}}},
        {2000000, {{"dram.rd_mbps", 16000}}},
        {3000000, {{"dram.rd_mbps", 0}}},
    };
    EXPECT_EQ(v.changes, expected);
    // Timestamps are increasing; the last one marks the end of the dump.
    EXPECT_TRUE(std::is_sorted(v.times.begin(), v.times.end()));
    EXPECT_EQ(v.times.back(), 3000001u);

    EXPECT_EQ(vcd.stats().lateEvents, 1u);
    EXPECT_EQ(vcd.stats().droppedEvents, 0u);
    // 5 samples + 8 slice edges + 3 window boundaries.
    EXPECT_EQ(vcd.stats().eventsApplied, 16u);

    // GTKWave's converter accepts the file.
    const std::string vcd2fst = findOnPath("vcd2fst");
    if (vcd2fst.empty()) GTEST_SKIP() << "vcd2fst (gtkwave) not on PATH; VCD validity not checked";
    const std::string fst = tempDir("vcd_basic_fst") + "/run.fst";
    const std::string cmd = vcd2fst + " '" + path + "' '" + fst + "' >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    EXPECT_TRUE(fs::exists(fst));
}

// Declares from its before_end_of_elaboration(), which runs after the
// writer's own (modules are called in construction order).
struct LateDeclarer : sc_module {
    hcm::TimelineProbe* probe;
    int signal = -1, track = -1;
    SC_HAS_PROCESS(LateDeclarer);
    LateDeclarer(sc_module_name name, hcm::TimelineProbe* p) : sc_module(name), probe(p) { SC_THREAD(run); }
    void before_end_of_elaboration() override {
        signal = probe->declareSignal("late.value", 8);
        track = probe->declareTrack("late");
    }
    void run() {
        probe->sample(signal, 10, 5);
        probe->slice(track, 10, 20, "x");
    }
};

TEST(VcdTimelineTest, DeclaringAfterStartIsAnError) {
    hcm::setPicosecondResolution();
    const std::string dir = tempDir("vcd_late_declare");
    hcm::VcdTimeline vcd("vcd", dir + "/x.vcd");
    LateDeclarer late("late_declarer", &vcd);
    sc_start();
    EXPECT_THROW(vcd.declareSignal("later", 8), std::logic_error);
    EXPECT_THROW(vcd.declareTrack("later"), std::logic_error);
    vcd.finish();
    const Vcd v = parseVcd(readFile(dir + "/x.vcd"));
    EXPECT_EQ(v.changes.at(10), (std::map<std::string, uint64_t>{{"late.value", 5}, {"late.busy", 1}}));
    EXPECT_EQ(v.changes.at(20), (std::map<std::string, uint64_t>{{"late.busy", 0}}));
}

TEST(VcdTimelineTest, KeepsAFileNameWithoutSuffix) {
    hcm::setPicosecondResolution();
    const std::string dir = tempDir("vcd_nosuffix");
    hcm::VcdTimeline vcd("vcd", dir + "/waves");
    const int s = vcd.declareSignal("a.b", 16);
    EXPECT_EQ(vcd.declareSignal("a.b", 16), s);  // same name, same id
    EXPECT_THROW(vcd.declareSignal("a.b", 8), std::invalid_argument);
    EXPECT_THROW(vcd.declareSignal("wide", 65), std::invalid_argument);
    vcd.sample(s, 40, 0xabc);
    sc_start();
    vcd.finish();
    vcd.finish();  // idempotent
    EXPECT_EQ(listDir(dir), std::vector<std::string>{"waves"});
    const Vcd v = parseVcd(readFile(dir + "/waves"));
    EXPECT_EQ(v.changes.at(40).at("a.b"), 0xabcu);
}

TEST(VcdTimelineTest, UnfinishedRunLeavesNoFile) {
    hcm::setPicosecondResolution();
    const std::string dir = tempDir("vcd_unfinished");
    {
        hcm::VcdTimeline vcd("vcd", dir + "/run.vcd");
        vcd.sample(vcd.declareSignal("x", 8), 5, 1);
        sc_start();
    }  // destroyed without finish(), as when an exception unwinds the run
    EXPECT_TRUE(listDir(dir).empty());
}

TEST(VcdTimelineTest, UnwritableDirectoryIsAnInputError) {
    hcm::setPicosecondResolution();
    EXPECT_THROW(hcm::VcdTimeline("vcd", "/nonexistent_dir_hcmsim/run.vcd"), hcm::InputError);
}

// Throughput of the writer: a component that does nothing but wait and
// report, first without reports, then with reports at three distinct times
// per step, then with eight reports sharing one time per step, all in one
// simulation. Informational (printed), since wall time on shared CI machines
// is noisy.
struct Busy : sc_module {
    static constexpr int kIterations = 20000;
    static constexpr int kBatch = 8;
    hcm::TimelineProbe* probe;
    int depth, bus, track;
    std::vector<int> lanes;
    double seconds[3] = {0, 0, 0};

    SC_HAS_PROCESS(Busy);
    Busy(sc_module_name name, hcm::TimelineProbe* p) : sc_module(name), probe(p) {
        depth = probe->declareSignal("unit.depth", 16);
        bus = probe->declareSignal("unit.bus", 64);
        track = probe->declareTrack("unit");
        for (int i = 0; i < kBatch; ++i) lanes.push_back(probe->declareSignal("lane" + std::to_string(i) + ".v", 16));
        SC_THREAD(run);
    }

    template <class Body>
    double timed(Body body) {
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < kIterations; ++i) {
            body(i, hcm::toPs(sc_time_stamp()));
            wait(hcm::fromPs(1000));
        }
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }

    void run() {
        seconds[0] = timed([](int, uint64_t) {});
        seconds[1] = timed([this](int i, uint64_t now) {
            probe->sample(depth, now + 300, uint64_t(i % 17));
            probe->slice(track, now + 100, now + 700, "op");
            probe->transfer(bus, now + 200, 64);
        });
        seconds[2] = timed([this](int i, uint64_t now) {
            for (int lane : lanes) probe->sample(lane, now + 100, uint64_t(i + lane) % 1000);
        });
    }
};

TEST(VcdTimelineTest, ThroughputReport) {
    hcm::setPicosecondResolution();
    const std::string dir = tempDir("vcd_perf");
    hcm::VcdTimeline vcd("vcd", dir + "/perf.vcd");
    Busy busy("busy", &vcd);
    sc_start();
    const auto t0 = std::chrono::steady_clock::now();
    vcd.finish();
    const double finishSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(vcd.stats().lateEvents, 0u);
    EXPECT_EQ(vcd.stats().droppedEvents, 0u);
    const double n = Busy::kIterations;
    const double spread = busy.seconds[1] - busy.seconds[0];  // 3 events at 3 times per step
    const double batched = busy.seconds[2] - busy.seconds[0];  // 8 events at 1 time per step
    std::printf("[ perf     ] bare loop %.0f ns/step; distinct times: %.0f ns per timestep with an event "
                "(%.0f events/s); shared time: %.0f ns per event (%.0f events/s); finish %.1f ms for %llu bytes\n",
                1e9 * busy.seconds[0] / n, 1e9 * spread / (3 * n), 3 * n / spread, 1e9 * batched / (Busy::kBatch * n),
                Busy::kBatch * n / batched, 1e3 * finishSeconds,
                static_cast<unsigned long long>(fs::file_size(dir + "/perf.vcd")));
}

// ---------------------------------------------------------------------------
void feed(hcm::TimelineProbe& p) {
    const int q = p.declareSignal("dram.queue_depth", 8);
    const int rd = p.declareSignal("dram.rd", 32);
    const int dma = p.declareTrack("dma");
    const int pe = p.declareTrack("pe \"array\"");  // needs JSON escaping
    p.slice(pe, 2000000, 3500000, "mm");
    p.slice(dma, 1234567, 2000000, "load A");
    p.slice(dma, 1000, 1001, "load A");
    p.sample(q, 5000, 3);
    p.sample(q, 2000, 1);
    p.transfer(rd, 100, 32000);
    p.transfer(rd, 500000, 32000);    // window 0: 64,000 MB/s
    p.transfer(rd, 2100000, 1000);    // window 2: 1,000 MB/s
}

std::string chromeText() {
    hcm::ChromeTrace trace;
    feed(trace);
    std::ostringstream out;
    trace.write(out);
    return out.str();
}

TEST(ChromeTraceTest, WritesMetadataSlicesAndCounters) {
    const std::string text = chromeText();
    const auto j = nlohmann::json::parse(text);
    const auto& ev = j.at("traceEvents");

    std::vector<nlohmann::json> meta, slices, counters;
    for (const auto& e : ev) {
        const std::string ph = e.at("ph");
        (ph == "M" ? meta : ph == "X" ? slices : counters).push_back(e);
        EXPECT_EQ(e.at("pid"), 1);
    }
    ASSERT_EQ(meta.size(), 5u);
    EXPECT_EQ(meta[0].at("name"), "process_name");
    EXPECT_EQ(meta[0].at("args").at("name"), "hcmsim");
    EXPECT_EQ(meta[1].at("name"), "thread_name");
    EXPECT_EQ(meta[1].at("tid"), 1);
    EXPECT_EQ(meta[1].at("args").at("name"), "dma");
    EXPECT_EQ(meta[2].at("name"), "thread_sort_index");
    EXPECT_EQ(meta[2].at("args").at("sort_index"), 0);
    EXPECT_EQ(meta[3].at("args").at("name"), "pe \"array\"");
    EXPECT_EQ(meta[4].at("args").at("sort_index"), 1);

    // Sorted by start time; ts/dur in microseconds, exact to the picosecond.
    ASSERT_EQ(slices.size(), 3u);
    EXPECT_EQ(slices[0].at("ts"), 0.001);
    EXPECT_EQ(slices[0].at("dur"), 0.000001);
    EXPECT_EQ(slices[1].at("name"), "load A");
    EXPECT_EQ(slices[1].at("tid"), 1);
    EXPECT_DOUBLE_EQ(slices[1].at("ts").get<double>(), 1.234567);
    EXPECT_DOUBLE_EQ(slices[1].at("dur").get<double>(), 0.765433);
    EXPECT_EQ(slices[2].at("tid"), 2);
    EXPECT_EQ(slices[2].at("ts"), 2);
    EXPECT_EQ(slices[2].at("dur"), 1.5);
    EXPECT_NE(text.find("\"ts\":1.234567,\"dur\":0.765433"), std::string::npos);

    // Samples, then bandwidth stamped at each window's start and 0 after it.
    std::vector<std::tuple<std::string, double, uint64_t>> got;
    for (const auto& c : counters) got.emplace_back(c.at("name"), c.at("ts"), c.at("args").at("value"));
    std::vector<std::tuple<std::string, double, uint64_t>> want{
        {"dram.queue_depth", 0.002, 1}, {"dram.queue_depth", 0.005, 3}, {"dram.rd_mbps", 0, 64000},
        {"dram.rd_mbps", 1, 0},         {"dram.rd_mbps", 2, 1000},      {"dram.rd_mbps", 3, 0},
    };
    EXPECT_EQ(got, want);
}

TEST(ChromeTraceTest, IdenticalRunsGiveIdenticalFiles) {
    const std::string dir = tempDir("chrome_determinism");
    for (const char* name : {"/a.json", "/b.json"}) {
        hcm::ChromeTrace trace;
        feed(trace);
        trace.finish(dir + name);
    }
    EXPECT_EQ(readFile(dir + "/a.json"), readFile(dir + "/b.json"));
    EXPECT_EQ(readFile(dir + "/a.json"), chromeText());
    EXPECT_EQ(listDir(dir), (std::vector<std::string>{"a.json", "b.json"}));
}

// ---------------------------------------------------------------------------
// Records calls; ids are offset so a missing translation shows.
struct RecordingProbe : hcm::TimelineProbe {
    int base;
    std::vector<std::string> calls;
    explicit RecordingProbe(int b) : base(b) {}
    int declareSignal(const std::string& n, unsigned bits) override {
        calls.push_back("signal " + n + " " + std::to_string(bits));
        return base + int(calls.size());
    }
    int declareTrack(const std::string& n) override {
        calls.push_back("track " + n);
        return base + int(calls.size());
    }
    void sample(int s, uint64_t t, uint64_t v) override {
        calls.push_back("sample " + std::to_string(s) + " " + std::to_string(t) + " " + std::to_string(v));
    }
    void transfer(int s, uint64_t t, uint64_t b) override {
        calls.push_back("transfer " + std::to_string(s) + " " + std::to_string(t) + " " + std::to_string(b));
    }
    void slice(int k, uint64_t b, uint64_t e, const std::string& n) override {
        calls.push_back("slice " + std::to_string(k) + " " + std::to_string(b) + " " + std::to_string(e) + " " + n);
    }
};

TEST(ProbeFanoutTest, ForwardsEveryCallWithEachChildsIds) {
    RecordingProbe a(100), b(200);
    hcm::ProbeFanout fan({&a, nullptr, &b});
    EXPECT_EQ(fan.size(), 2u);
    const int s = fan.declareSignal("x", 8);
    const int t = fan.declareTrack("y");
    EXPECT_EQ(s, 0);
    EXPECT_EQ(t, 0);
    fan.sample(s, 10, 1);
    fan.transfer(s, 20, 64);
    fan.slice(t, 30, 40, "op");
    EXPECT_THROW(fan.sample(5, 0, 0), std::out_of_range);
    EXPECT_THROW(fan.add(&a), std::logic_error);
    EXPECT_EQ(a.calls, (std::vector<std::string>{"signal x 8", "track y", "sample 101 10 1", "transfer 101 20 64",
                                                 "slice 102 30 40 op"}));
    EXPECT_EQ(b.calls, (std::vector<std::string>{"signal x 8", "track y", "sample 201 10 1", "transfer 201 20 64",
                                                 "slice 202 30 40 op"}));
}

TEST(ProbeFanoutTest, FeedsTwoChromeTracesAlike) {
    hcm::ChromeTrace a, b;
    hcm::ProbeFanout fan({&a, &b});
    feed(fan);
    std::ostringstream oa, ob;
    a.write(oa);
    b.write(ob);
    EXPECT_EQ(oa.str(), chromeText());
    EXPECT_EQ(ob.str(), chromeText());
}

}  // namespace
