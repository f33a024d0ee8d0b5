// Address mapping: fields named from the most significant bit, Ramulator style.
#include <gtest/gtest.h>

#include <random>

#include "hw/dram/address_mapping.hpp"
#include "hw/dram/dram_presets.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {
namespace {

DramOrganization ddr4(int channels = 1, int ranks = 1) {
    DramOrganization o = dramPreset("ddr4_2400").org;
    o.channels = channels;
    o.ranks = ranks;
    return o;
}

// DDR4 x64: 6 offset bits, 7 column bits (128 bursts per row), 4 bank bits,
// 16 row bits; 1 bit each for 2 channels / 2 ranks when present.
TEST(AddressMapping, RoBaRaCoChKeepsALineStreamInOneRow) {
    AddressMapping m(ddr4(), "RoBaRaCoCh");
    DramAddress a = m.decode(0);
    EXPECT_EQ(a.row, 0);
    EXPECT_EQ(a.column, 0);
    EXPECT_EQ(m.decode(63).column, 0);       // inside the first burst
    EXPECT_EQ(m.decode(64).column, 1);
    EXPECT_EQ(m.decode(127 * 64).column, 127);
    a = m.decode(128 * 64);                  // next 8 KiB: Ba = 1
    EXPECT_EQ(a.column, 0);
    EXPECT_EQ(a.bankgroup, 1);
    EXPECT_EQ(a.bank, 0);
    a = m.decode(4 * 8192);                  // Ba = 4: back to group 0, bank 1
    EXPECT_EQ(a.bankgroup, 0);
    EXPECT_EQ(a.bank, 1);
    a = m.decode(16 * 8192);                 // all 16 banks used: next row
    EXPECT_EQ(a.row, 1);
    EXPECT_EQ(a.bankgroup, 0);
    EXPECT_EQ(a.bank, 0);
    EXPECT_EQ(m.offsetBits(), 6);
}

TEST(AddressMapping, ConsecutiveBankValuesAlternateBankGroups) {
    AddressMapping m(ddr4(), "RoBaRaCoCh");
    for (int v = 0; v < 16; ++v) {
        const DramAddress a = m.decode(uint64_t(v) * 8192);
        EXPECT_EQ(a.bankgroup, v % 4);
        EXPECT_EQ(a.bank, v / 4);
    }
}

TEST(AddressMapping, ChannelAndRankPositions) {
    // RoRaBaChCo: column lowest, then channel.
    AddressMapping a(ddr4(2, 2), "RoRaBaChCo");
    EXPECT_EQ(a.decode(64).column, 1);
    EXPECT_EQ(a.decode(8192).channel, 1);
    EXPECT_EQ(a.decode(8192).column, 0);
    EXPECT_EQ(a.decode(2 * 8192).bankgroup, 1);
    EXPECT_EQ(a.decode(uint64_t(2) * 8192 * 16).rank, 1);
    // ChRaBaRoCo: channel is the top bit of the 16 GiB space.
    AddressMapping b(ddr4(2), "ChRaBaRoCo");
    EXPECT_EQ(b.decode(uint64_t(8) << 30).channel, 1);
    EXPECT_EQ(b.decode(8192).row, 1);
    EXPECT_EQ(b.decode(uint64_t(8192) * 65536).bankgroup, 1);
    // RoCoBaRaCh: channel, then rank, then bank right above the offset.
    AddressMapping c(ddr4(2, 2), "RoCoBaRaCh");
    EXPECT_EQ(c.decode(64).channel, 1);
    EXPECT_EQ(c.decode(128).rank, 1);
    EXPECT_EQ(c.decode(256).bankgroup, 1);
    EXPECT_EQ(c.decode(256 * 16).column, 1);
    // RoRaBaCoCh.
    AddressMapping d(ddr4(2, 2), "RoRaBaCoCh");
    EXPECT_EQ(d.decode(64).channel, 1);
    EXPECT_EQ(d.decode(128).column, 1);
    EXPECT_EQ(d.decode(128 * 128).bankgroup, 1);
    EXPECT_EQ(d.decode(uint64_t(128) * 128 * 16).rank, 1);
}

TEST(AddressMapping, SeparateBankGroupField) {
    AddressMapping m(ddr4(), "RoBgBaRaCoCh");
    EXPECT_EQ(m.decode(8192).bank, 1);
    EXPECT_EQ(m.decode(8192).bankgroup, 0);
    EXPECT_EQ(m.decode(4 * 8192).bankgroup, 1);
    EXPECT_EQ(m.decode(4 * 8192).bank, 0);
}

TEST(AddressMapping, EncodeInvertsDecodeAndHighBitsWrap) {
    for (const char* name : {"RoBaRaCoCh", "RoRaBaChCo", "ChRaBaRoCo", "RoCoBaRaCh", "RoRaBaCoCh", "RoBgBaRaCoCh"}) {
        AddressMapping m(ddr4(2, 2), name);
        std::mt19937_64 rng(7);
        const uint64_t capacity = uint64_t(ddr4(2, 2).capacityBytes());
        for (int i = 0; i < 1000; ++i) {
            const uint64_t addr = rng() & (capacity - 1) & ~uint64_t(63);
            EXPECT_EQ(m.encode(m.decode(addr)), addr) << name;
            const DramAddress a = m.decode(addr), w = m.decode(addr + capacity);
            EXPECT_EQ(a.row, w.row);
            EXPECT_EQ(a.channel, w.channel);
        }
    }
}

std::string errorOf(const std::string& name, DramOrganization o = ddr4()) {
    try {
        AddressMapping m(o, name);
    } catch (const InputError& e) {
        return e.what();
    }
    return "";
}

TEST(AddressMapping, RejectsBadNamesClearly) {
    EXPECT_NE(errorOf("RoBaRaCo").find("field 'Ch' is missing"), std::string::npos);
    EXPECT_NE(errorOf("RoBaRaCoCoCh").find("field 'Co' appears twice"), std::string::npos);
    EXPECT_NE(errorOf("RoBaRxCoCh").find("unknown field 'Rx' at character 5"), std::string::npos);
    EXPECT_NE(errorOf("RoBaRaCoC").find("two-letter fields"), std::string::npos);
    EXPECT_NE(errorOf("").find("empty"), std::string::npos);
    EXPECT_NE(errorOf("robaracoch").find("unknown field 'ro'"), std::string::npos);
    EXPECT_TRUE(AddressMapping::checkName("RoBaRaCoCh").empty());
    DramOrganization o = ddr4();
    o.rows = 50000;
    EXPECT_NE(errorOf("RoBaRaCoCh", o).find("rows must be a power of two"), std::string::npos);
}

}  // namespace
}  // namespace hcm
