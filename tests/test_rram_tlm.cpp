// The RRAM chip's own TLM modules, driven directly: the NoC's hop latency,
// port serialisation and energy, and a tile's eDRAM traffic and IMA time.
#include <gtest/gtest.h>

#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>

#include "hw/common/payload_data.hpp"
#include "hw/common/time_units.hpp"
#include "hw/rram/rram_noc.hpp"
#include "hw/rram/rram_tile.hpp"

using namespace hcm;
using sc_core::sc_time;

namespace {

// Sends one TileWork per call at a given time and records when it completed.
struct Driver : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Driver> out;
    std::vector<std::pair<uint64_t, TileWork>> work;  // (tile, work), all at time 0
    std::vector<uint64_t> done_ps;

    SC_HAS_PROCESS(Driver);
    explicit Driver(sc_core::sc_module_name n) : sc_module(n), out("out") { SC_THREAD(go); }

    void go() {
        tlm::tlm_generic_payload gp;
        gp.set_data_ptr(dummyPayloadData());
        gp.set_data_length(0);
        for (auto& [tile, w] : work) {
            gp.set_address(tile);
            gp.set_extension(&w);
            gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            sc_time d = sc_core::SC_ZERO_TIME;
            out->b_transport(gp, d);
            gp.clear_extension(&w);
            EXPECT_TRUE(gp.is_response_ok());
            done_ps.push_back(toPs(d));
        }
    }
};

SramParams edram() {
    SramParams s;
    s.capacity_bytes = 64 * 1024;
    s.banks = 4;
    s.width_bits = 64;  // 256 bits a cycle
    s.read_energy_pj_per_bit = s.write_energy_pj_per_bit = 0.5;
    return s;
}

}  // namespace

TEST(RramTlm, NocAndTileTiming) {
    setPicosecondResolution();
    const sc_time clk(1, sc_core::SC_NS);
    // 16 tiles, 4 per router: 4 routers on a 2x2 grid with the I/O at router 0.
    RramNocParams np;
    np.tiles = 16;
    np.tiles_per_router = 4;
    np.width_bits = 32;
    np.hop_latency_cycles = 2;
    np.pj_per_bit_hop = 0.25;
    RramNoc noc("noc", np, clk);
    std::vector<std::unique_ptr<RramTile>> tiles;
    for (int t = 0; t < 16; ++t) {
        tiles.push_back(std::make_unique<RramTile>(("tile" + std::to_string(t)).c_str(), edram(), clk));
        noc.to_tile[size_t(t)]->bind(tiles.back()->in);
    }
    Driver drv("drv");
    drv.out.bind(noc.in);
    // Hops: router (x, y) on the 2x2 grid, 1 + x + y.
    EXPECT_EQ(noc.hops(0), 1);
    EXPECT_EQ(noc.hops(4), 2);
    EXPECT_EQ(noc.hops(15), 3);

    TileWork w;
    w.crossbars = 8, w.vectors = 10, w.steps = 16, w.read_ps = 100000;  // 10 x 16 reads of 100 ns = 16 us
    w.input_bits = 3200;        // 100 cycles on a 32-bit port
    w.ima_input_bits = 2560;    // 10 cycles of the 256-bit eDRAM
    w.output_bits = 640;        // 20 cycles back
    drv.work = {{15, w}, {15, w}};
    sc_core::sc_start();
    ASSERT_EQ(drv.done_ps.size(), 2u);
    // Tile 15: 3 hops x 2 cycles = 6 ns to its router; the tile starts with
    // the first input and computes 16 us (longer than its inputs and eDRAM);
    // its outputs take 20 cycles plus 6 ns back: 6 + 16000 + 20 + 6 ns.
    EXPECT_EQ(drv.done_ps[0], (6 + 16000 + 20 + 6) * 1000u);
    // The second transfer waits for the port (inputs free at 106 ns), so its
    // tile starts at 106 ns; outputs leave at 16106 (the port's return is free).
    EXPECT_EQ(drv.done_ps[1], (106 + 16000 + 20 + 6) * 1000u);
    const RramNocStats& s = noc.stats();
    EXPECT_EQ(s.in_bits, 6400);
    EXPECT_EQ(s.out_bits, 1280);
    EXPECT_EQ(s.bit_hops, (6400 + 1280) * 3);
    EXPECT_DOUBLE_EQ(s.energy_pj, (6400 + 1280) * 3 * 0.25);
    EXPECT_EQ(s.wait_ps, 100000u);  // the second waited 100 cycles for the port
    // The tile's eDRAM took the inputs in and gave the IMAs their rows.
    const SramStats& e = tiles[15]->edram().stats();
    EXPECT_EQ(e.write_bytes, 2 * 400);
    EXPECT_EQ(e.read_bytes, 2 * 320);
    EXPECT_DOUBLE_EQ(e.energyPj(), 2 * (3200 + 2560) * 0.5);
    EXPECT_EQ(tiles[15]->stats().crossbar_reads, 2 * 8 * 10 * 16);
    EXPECT_EQ(tiles[0]->stats().commands, 0);
}
