// The SystemC TLM-2.0 DRAM target: annotated delays of b_transport worked by
// hand (DDR4-2400, tCK = 1/1.2 ns, so 6 cycles = 5 ns). Each test case runs in
// its own process (gtest_discover_tests), so each may elaborate and sc_start.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include <vector>

#include "hw/dram/dram_presets.hpp"
#include "hw/dram/dram_target.hpp"

// libsystemc.so refers to sc_main even though the shared gtest main drives
// the simulation; weak, so a definition elsewhere wins.
extern "C" __attribute__((weak)) int sc_main(int, char**) { return 0; }

namespace hcm {
namespace {

struct Access {
    tlm::tlm_command cmd;
    uint64_t addr;
    unsigned length;
    bool keepLocalTime;  // temporal decoupling: pass the last delay on instead of waiting
};

// Issues its accesses in order from one thread and records the delays.
struct Initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Initiator> socket;
    std::vector<Access> plan;
    std::vector<sc_core::sc_time> delays;
    std::vector<tlm::tlm_response_status> status;
    std::vector<unsigned char> scratch = std::vector<unsigned char>(4096);

    SC_HAS_PROCESS(Initiator);
    explicit Initiator(sc_core::sc_module_name n) : sc_core::sc_module(n), socket("socket") { SC_THREAD(run); }

    void run() {
        sc_core::sc_time local = sc_core::SC_ZERO_TIME;
        for (const Access& a : plan) {
            tlm::tlm_generic_payload p;
            p.set_command(a.cmd);
            p.set_address(a.addr);
            p.set_data_length(a.length);
            p.set_data_ptr(scratch.data());
            p.set_streaming_width(a.length);
            p.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            sc_core::sc_time delay = a.keepLocalTime ? local : sc_core::SC_ZERO_TIME;
            socket->b_transport(p, delay);
            delays.push_back(delay);
            status.push_back(p.get_response_status());
            local = delay;
            if (!a.keepLocalTime) wait(delay);
        }
    }
};

struct RecordingProbe : TimelineProbe {
    std::vector<std::string> names;
    std::vector<std::pair<uint64_t, uint64_t>> samples, transfers;
    int declareSignal(const std::string& name, unsigned) override {
        names.push_back(name);
        return int(names.size()) - 1;
    }
    int declareTrack(const std::string&) override { return 0; }
    void sample(int signal, uint64_t t, uint64_t v) override {
        EXPECT_EQ(names[size_t(signal)], "dram.queue_depth");
        samples.emplace_back(t, v);
    }
    void transfer(int signal, uint64_t t, uint64_t bytes) override {
        EXPECT_EQ(names[size_t(signal)], "dram.data");
        transfers.emplace_back(t, bytes);
    }
    void slice(int, uint64_t, uint64_t, const std::string&) override {}
};

struct Bench {
    Initiator init{"init"};
    DramTarget dram;
    explicit Bench(const DramParams& p) : dram("dram", p) { init.socket.bind(dram.socket); }
};

DramParams ddr4() {
    DramParams p = dramPreset("ddr4_2400");
    p.refresh = false;
    return p;
}

class DramTargetTest : public ::testing::Test {
protected:
    void SetUp() override { sc_core::sc_set_time_resolution(1, sc_core::SC_PS); }
};

TEST_F(DramTargetTest, OneLineReadToAClosedBank) {
    Bench b(ddr4());
    b.init.plan = {{tlm::TLM_READ_COMMAND, 0, 64, false}};
    sc_core::sc_start();
    // ACT 0, RD 16, data done 36 cycles = 36 / 1.2 = 30 ns.
    ASSERT_EQ(b.init.delays.size(), 1u);
    EXPECT_EQ(b.init.delays[0], sc_core::sc_time(30, sc_core::SC_NS));
    EXPECT_EQ(b.init.status[0], tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.dram.stats().bytes_read, 64u);
    EXPECT_EQ(b.dram.stats().row_misses, 1u);
}

TEST_F(DramTargetTest, LongPayloadIsSplitIntoBursts) {
    Bench b(ddr4());
    // 256 bytes from 32: bursts at 0, 64, 128, 192, 256 (5 bursts cover 32..287).
    b.init.plan = {{tlm::TLM_READ_COMMAND, 32, 256, false}};
    sc_core::sc_start();
    // RDs at 16, 22, 28, 34, 40 (tCCD_L), last done 60 cycles = 50 ns.
    EXPECT_EQ(b.init.delays[0], sc_core::sc_time(50, sc_core::SC_NS));
    EXPECT_EQ(b.dram.stats().read_requests, 5u);
}

TEST_F(DramTargetTest, WriteCompletesWithItsData) {
    Bench b(ddr4());
    b.init.plan = {{tlm::TLM_WRITE_COMMAND, 0, 64, false}};
    sc_core::sc_start();
    // ACT 0, WR 16, data done 16 + CWL + BL/2 = 32 cycles = 26.667 ns (26667 ps).
    EXPECT_EQ(b.init.delays[0], sc_core::sc_time(26667, sc_core::SC_PS));
    EXPECT_EQ(b.dram.stats().bytes_written, 64u);
}

TEST_F(DramTargetTest, TemporallyDecoupledRequestsArriveAtTheirLocalTime) {
    Bench b(ddr4());
    // Second access issued without waiting, at local time 30 ns = cycle 36.
    b.init.plan = {{tlm::TLM_READ_COMMAND, 0, 64, true}, {tlm::TLM_READ_COMMAND, 64, 64, true}};
    sc_core::sc_start();
    // Row hit arriving at 36: RD 36, done 56 cycles = 46.667 ns (46667 ps).
    EXPECT_EQ(b.init.delays[0], sc_core::sc_time(30, sc_core::SC_NS));
    EXPECT_EQ(b.init.delays[1], sc_core::sc_time(46667, sc_core::SC_PS));
    EXPECT_EQ(b.dram.stats().row_hits, 1u);
}

TEST_F(DramTargetTest, QueueIsAdmittedAsSpaceFrees) {
    DramParams p = ddr4();
    p.queue_depth = 2;
    Bench b(p);
    b.init.plan = {{tlm::TLM_READ_COMMAND, 0, 4 * 64, false}};
    sc_core::sc_start();
    // Same row: RDs 16, 22, 28, 34 whatever the queue depth (the third burst
    // enters at 16, long before its RD): done 54 cycles = 45 ns.
    EXPECT_EQ(b.init.delays[0], sc_core::sc_time(45, sc_core::SC_NS));
}

TEST_F(DramTargetTest, ProbeSeesQueueDepthAndData) {
    Bench b(ddr4());
    RecordingProbe probe;
    b.dram.setProbe(&probe);
    b.init.plan = {{tlm::TLM_READ_COMMAND, 0, 2 * 64, false}};
    sc_core::sc_start();
    // Enqueued at 0 (depth 1, 2); RDs at 16 and 22 cycles = 13333 and 18333 ps
    // (depth 1, 0); data done at 36 and 42 cycles = 30000 and 35000 ps.
    const std::vector<std::pair<uint64_t, uint64_t>> samples = {{0, 1}, {0, 2}, {13333, 1}, {18333, 0}};
    const std::vector<std::pair<uint64_t, uint64_t>> transfers = {{30000, 64}, {35000, 64}};
    EXPECT_EQ(probe.samples, samples);
    EXPECT_EQ(probe.transfers, transfers);
}

TEST_F(DramTargetTest, StatsAtALaterTimeAddBackground) {
    Bench b(ddr4());
    b.init.plan = {{tlm::TLM_READ_COMMAND, 0, 64, false}};
    sc_core::sc_start();
    // Done at 36 cycles (30 ns); up to 60 ns = 72 cycles the row stays open:
    // 36 more cycles of active standby.
    const DramStats later = b.dram.statsAt(sc_core::sc_time(60, sc_core::SC_NS));
    const DramStats now = b.dram.stats();
    const double tck = 1 / 1.2;
    EXPECT_NEAR(later.background_energy_pj - now.background_energy_pj, 36 * tck * b.dram.params().energy.background_mw,
                1e-6);
}

TEST_F(DramTargetTest, IgnoreCommandTakesNoTime) {
    Bench b(ddr4());
    b.init.plan = {{tlm::TLM_IGNORE_COMMAND, 0, 64, false}};
    sc_core::sc_start();
    EXPECT_EQ(b.init.delays[0], sc_core::SC_ZERO_TIME);
    EXPECT_EQ(b.init.status[0], tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.dram.stats().bytes(), 0u);
}

}  // namespace
}  // namespace hcm
