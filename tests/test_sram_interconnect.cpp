// SRAM buffer and interconnect timing, bounds and occupancy, worked by hand.
// Each test case runs in its own process, so each elaborates its own modules
// and calls the targets' b_transport directly (they never wait).
#include <gtest/gtest.h>

#include <tlm_utils/simple_initiator_socket.h>

#include "hw/common/ideal_memory.hpp"
#include "hw/common/payload_data.hpp"
#include "hw/common/time_units.hpp"
#include "hw/interconnect/interconnect.hpp"
#include "hw/sram/sram_buffer.hpp"

using namespace hcm;
using sc_core::sc_time;
using sc_core::SC_NS;

namespace {

struct Initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Initiator> socket;
    explicit Initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}

    // Issues one transaction at `at` (ns); returns its completion (ns) or -1 on error.
    double access(tlm::tlm_command cmd, uint64_t address, unsigned bytes, double at = 0, unsigned streaming = 0) {
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(address);
        gp.set_data_ptr(dummyPayloadData());
        gp.set_data_length(bytes);
        gp.set_streaming_width(streaming ? streaming : bytes);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time delay(at, SC_NS);
        socket->b_transport(gp, delay);
        if (gp.is_response_error()) return -1;
        return delay.to_seconds() * 1e9;
    }
};

// Multi-passthrough sockets finish their bindings at the end of elaboration.
void elaborate() { sc_core::sc_start(sc_core::SC_ZERO_TIME); }

SramParams buffer1k() {
    SramParams p;
    p.name = "buf";
    p.capacity_bytes = 1024;
    p.banks = 2;
    p.width_bits = 64;               // 2 x 64 bits = 16 bytes a cycle
    p.read_latency_cycles = 2;
    p.write_latency_cycles = 1;
    p.read_energy_pj_per_bit = 0.1;
    p.write_energy_pj_per_bit = 0.2;
    return p;
}

}  // namespace

TEST(SramBuffer, TimingAndEnergyOfOneAccess) {
    setPicosecondResolution();
    SramBuffer buf("buf", buffer1k(), sc_time(1, SC_NS));
    Initiator ini("ini");
    ini.socket.bind(buf.socket);
    elaborate();
    // 100 bytes = 800 bits = ceil(800 / 128) = 7 port cycles, + 2 latency = 9 ns.
    EXPECT_DOUBLE_EQ(ini.access(tlm::TLM_READ_COMMAND, 0, 100), 9.0);
    // A write of 16 bytes: 1 cycle + 1 latency, issued at 5 ns -> 7 ns.
    EXPECT_DOUBLE_EQ(ini.access(tlm::TLM_WRITE_COMMAND, 0, 16, 5.0), 7.0);
    EXPECT_EQ(buf.stats().read_bytes, 100);
    EXPECT_EQ(buf.stats().read_accesses, 7);
    EXPECT_EQ(buf.stats().write_accesses, 1);
    EXPECT_DOUBLE_EQ(buf.stats().read_energy_pj, 80.0);   // 800 bits x 0.1
    EXPECT_DOUBLE_EQ(buf.stats().write_energy_pj, 25.6);  // 128 bits x 0.2
}

TEST(SramBuffer, OverflowIsAnErrorNotAWrap) {
    setPicosecondResolution();
    SramBuffer buf("buf", buffer1k(), sc_time(1, SC_NS));
    Initiator ini("ini");
    ini.socket.bind(buf.socket);
    elaborate();
    EXPECT_GE(ini.access(tlm::TLM_WRITE_COMMAND, 1000, 24), 0);   // ends exactly at 1024
    EXPECT_EQ(ini.access(tlm::TLM_WRITE_COMMAND, 1000, 25), -1);  // one byte past the end
    EXPECT_EQ(ini.access(tlm::TLM_READ_COMMAND, 4096, 1), -1);
    // Streaming width: 1000 bytes re-reading a 100-byte window at 924 stay inside ...
    EXPECT_GE(ini.access(tlm::TLM_READ_COMMAND, 924, 1000, 0, 100), 0);
    // ... at 925 the window crosses the end.
    EXPECT_EQ(ini.access(tlm::TLM_READ_COMMAND, 925, 1000, 0, 100), -1);
    // Time and energy of a repeated read count every byte: 8000 bits / 128 = 63 cycles + 2.
    EXPECT_DOUBLE_EQ(ini.access(tlm::TLM_READ_COMMAND, 0, 1000, 0, 100), 65.0);
}

TEST(SramBuffer, OccupancyFollowsWritesAndReleases) {
    setPicosecondResolution();
    SramBuffer buf("buf", buffer1k(), sc_time(1, SC_NS));
    Initiator ini("ini");
    ini.socket.bind(buf.socket);
    elaborate();
    ini.access(tlm::TLM_WRITE_COMMAND, 0, 100);
    ini.access(tlm::TLM_WRITE_COMMAND, 50, 150);    // overlaps: [0, 200) valid
    EXPECT_EQ(buf.stats().occupancy_bytes, 200);
    ini.access(tlm::TLM_WRITE_COMMAND, 512, 256);   // [512, 768)
    EXPECT_EQ(buf.stats().occupancy_bytes, 456);
    ini.access(tlm::TLM_IGNORE_COMMAND, 100, 500);  // release [100, 600): keeps [0,100) and [600,768)
    EXPECT_EQ(buf.stats().occupancy_bytes, 100 + 168);
    EXPECT_EQ(buf.stats().peak_occupancy_bytes, 456);
    ini.access(tlm::TLM_READ_COMMAND, 0, 64);       // reads do not change occupancy
    EXPECT_EQ(buf.stats().occupancy_bytes, 268);
}

TEST(Interconnect, WidthCapsBandwidthAndChannelsAreIndependent) {
    setPicosecondResolution();
    InterconnectParams p;
    p.width_bits = 64;      // 8 bytes a cycle
    p.latency_cycles = 2;
    Interconnect ic("ic", p, sc_time(1, SC_NS));
    IdealMemory mem("mem");
    Initiator a("a"), b("b");
    a.socket.bind(ic.targets);
    b.socket.bind(ic.targets);
    ic.to_memory.bind(mem.socket);
    elaborate();
    // 64 bytes = 8 cycles on the write channel + 2 latency.
    EXPECT_DOUBLE_EQ(a.access(tlm::TLM_WRITE_COMMAND, 0, 64), 10.0);
    // A second write arriving at 0 waits for the channel: starts at 8, ends 16, +2.
    EXPECT_DOUBLE_EQ(b.access(tlm::TLM_WRITE_COMMAND, 64, 64), 18.0);
    // A read at 0 uses the read channel, which is free.
    EXPECT_DOUBLE_EQ(a.access(tlm::TLM_READ_COMMAND, 0, 64), 10.0);
    EXPECT_EQ(ic.stats().write_bytes, 128);
    EXPECT_EQ(ic.stats().write_wait_cycles, 8);
    ASSERT_EQ(ic.stats().port_bytes.size(), 2u);
    EXPECT_EQ(ic.stats().port_bytes[0], 128);
    EXPECT_EQ(ic.stats().port_bytes[1], 64);
    EXPECT_EQ(mem.bytesWritten(), 128u);
}
