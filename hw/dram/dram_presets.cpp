// Preset values and where they come from. Cycle counts are the datasheet's
// nanosecond minimums divided by tCK and rounded up (JEDEC rounding), except
// tREFI, an average interval that must not be exceeded (rounded down).
//
// Sources
//   [JESD79-4]  JEDEC JESD79-4B, DDR4 SDRAM (speed bins, AC timing, addressing).
//   [MT40A]     Micron 8Gb DDR4 SDRAM datasheet, MT40A2G4/MT40A1G8/MT40A512M16,
//               speed grade -083E (DDR4-2400, 16-16-16), IDD table for x8.
//   [JESD209-4] JEDEC JESD209-4B, LPDDR4 (latencies, AC timing, refresh).
//   [MT53]      Micron LPDDR4 datasheet IDD tables at LPDDR4-3200, per channel,
//               as tabulated in DRAMPower/DRAMSys memspec
//               MICRON_6Gb_LPDDR4-3200_32bit_A (same values in JEDEC_8Gb_LPDDR4-3200_16bit).
//   [JESD235]   JEDEC JESD235A, High Bandwidth Memory (HBM2): pseudo-channel
//               mode, BL4, bank groups, refresh table.
//   [HBM2-2G]   HBM2 at 2 Gb/s as configured from JESD235A in DRAMSys
//               (memspec HBM2.json) and gem5 (HBM_2000_4H_1x64); the two agree
//               on every value used here except read latency (17 vs 18; 17 used).
//   [DRAMsim3]  DRAMsim3 configs/HBM2_8Gb_x128.ini: HBM2 IDD currents per
//               128-bit channel (no vendor publishes an HBM2 IDD table).
#include "dram_presets.hpp"

#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

DramParams ddr4_2400() {
    DramParams p;
    p.preset = "ddr4_2400";
    // One 64-bit channel of one rank of eight 8 Gb x8 devices: 8 GiB.
    p.org.channels = 1;
    p.org.ranks = 1;
    p.org.bankgroups = 4;          // [JESD79-4] x4/x8: 4 bank groups (BG0-BG1)
    p.org.banks_per_group = 4;     // [JESD79-4] BA0-BA1
    p.org.rows = 65536;            // [MT40A] 8Gb x8 row address A0-A15
    p.org.columns = 1024;          // [MT40A] column address A0-A9 (1 KB page per device)
    p.org.device_width_bits = 8;   // [MT40A] x8
    p.org.bus_width_bits = 64;     // 8 devices x 8 DQ
    p.org.burst_length = 8;        // [JESD79-4] BL8
    DramTiming& t = p.timing;
    t.tCK_ns = 1.0 / 1.2;          // [JESD79-4] DDR4-2400: 1200 MHz clock, tCK(avg) 0.833 ns
    t.CL = 16;                     // [MT40A] -083E: CL 16 (tAA 13.32 ns)
    t.CWL = 12;                    // [JESD79-4] CWL 12 at 2400 (1st set, 1 tCK write preamble)
    t.tRCD = 16;                   // [MT40A] 13.32 ns
    t.tRP = 16;                    // [MT40A] 13.32 ns
    t.tRAS = 39;                   // [JESD79-4] 32 ns -> 38.4 -> 39
    t.tRC = 55;                    // [JESD79-4] tRAS + tRP = 45.32 ns -> 54.4 -> 55
    t.tRCDWR = 0;                  // DDR4 has one tRCD
    t.tCCD_S = 4;                  // [JESD79-4] 4 nCK
    t.tCCD_L = 6;                  // [JESD79-4] max(5 nCK, 5 ns) at 2400
    t.tRRD_S = 4;                  // [JESD79-4] 1 KB page: max(4 nCK, 3.3 ns)
    t.tRRD_L = 6;                  // [JESD79-4] 1 KB page: max(4 nCK, 4.9 ns) -> 5.88 -> 6
    t.tFAW = 26;                   // [JESD79-4] 1 KB page: max(20 nCK, 21 ns) -> 25.2 -> 26
    t.tWR = 18;                    // [JESD79-4] 15 ns
    t.tRTP = 9;                    // [JESD79-4] max(4 nCK, 7.5 ns)
    t.tWTR_S = 3;                  // [JESD79-4] max(2 nCK, 2.5 ns)
    t.tWTR_L = 9;                  // [JESD79-4] max(4 nCK, 7.5 ns)
    t.tRTW = 0;                    // [JESD79-4] READ to WRITE = RL + BL/2 - WL + 2 nCK = 10
    t.tRTRS = 1;                   // not a JEDEC value: controller rank-switch bubble (as DRAMSys)
    t.tRFC = 420;                  // [JESD79-4] tRFC1 for 8 Gb: 350 ns
    t.tREFI = 9360;                // [JESD79-4] 7.8 us (TCASE <= 85 C)
    p.energy = deriveEnergy(dramPresetCurrents("ddr4_2400"), p.timing, p.org);
    return p;
}

DramParams lpddr4_3200() {
    DramParams p;
    p.preset = "lpddr4_3200";
    // One x32 LPDDR4 package = two independent x16 channels; each channel of
    // an 8 Gb/channel (16 Gb) die. 2 x 1 GiB.
    p.org.channels = 2;            // [JESD209-4] two channels per die
    p.org.ranks = 1;
    p.org.bankgroups = 1;          // [JESD209-4] no bank groups
    p.org.banks_per_group = 8;     // [JESD209-4] 8 banks per channel
    p.org.rows = 65536;            // [JESD209-4] 8 Gb per channel: R0-R15
    p.org.columns = 1024;          // [JESD209-4] C0-C9: 2 KB page per channel
    p.org.device_width_bits = 16;  // [JESD209-4] x16 per channel
    p.org.bus_width_bits = 16;
    p.org.burst_length = 16;       // [JESD209-4] BL16 (32 bytes per burst)
    DramTiming& t = p.timing;
    t.tCK_ns = 0.625;              // [JESD209-4] LPDDR4-3200: 1600 MHz clock
    t.CL = 28;                     // [JESD209-4] RL 28 at 1600 MHz (read DBI off)
    t.CWL = 14;                    // [JESD209-4] WL 14 at 1600 MHz (set A)
    t.tRCD = 29;                   // [JESD209-4] max(18 ns, 4 nCK) -> 28.8 -> 29
    t.tRP = 29;                    // [JESD209-4] tRPpb max(18 ns, 4 nCK); tRPab (21 ns) is not modelled separately
    t.tRAS = 68;                   // [JESD209-4] max(42 ns, 3 nCK) -> 67.2 -> 68
    t.tRC = 97;                    // [JESD209-4] tRAS + tRPpb
    t.tRCDWR = 0;
    t.tCCD_S = 8;                  // [JESD209-4] tCCD = BL/2 = 8 nCK
    t.tCCD_L = 8;                  // no bank groups: same as tCCD_S
    t.tRRD_S = 16;                 // [JESD209-4] max(10 ns, 4 nCK)
    t.tRRD_L = 16;
    t.tFAW = 64;                   // [JESD209-4] 40 ns
    t.tWR = 29;                    // [JESD209-4] max(18 ns, 6 nCK) -> 28.8 -> 29
    t.tRTP = 12;                   // [JESD209-4] max(7.5 ns, 8 nCK)
    t.tWTR_S = 16;                 // [JESD209-4] max(10 ns, 8 nCK)
    t.tWTR_L = 16;
    t.tRTW = 30;                   // [JESD209-4] RL + RU(tDQSCKmax 3.5 ns / tCK) + BL/2 - WL + tWPRE + RD(tRPST)
                                   //             = 28 + 6 + 8 - 14 + 2 + 0
    t.tRTRS = 1;                   // single rank: unused
    t.tRFC = 448;                  // [JESD209-4] tRFCab 280 ns for 8 Gb per channel
    t.tREFI = 6246;                // [JESD209-4] tREFI 3.904 us
    p.energy = deriveEnergy(dramPresetCurrents("lpddr4_3200"), p.timing, p.org);
    return p;
}

DramParams hbm2() {
    DramParams p;
    p.preset = "hbm2";
    // One 4-high stack of 8 Gb dies (4 GiB, 4 Gb per channel) in pseudo-channel
    // mode: 8 channels x 2 pseudo-channels, each modelled as its own channel
    // with its own controller (as gem5's HBM2 model does). Set `channels` for
    // fewer or more stacks.
    p.org.channels = 16;           // [JESD235] 8 channels x 2 pseudo-channels
    p.org.ranks = 1;
    p.org.bankgroups = 4;          // [JESD235] 16 banks in 4 bank groups per pseudo-channel
    p.org.banks_per_group = 4;
    p.org.rows = 16384;            // 4 Gb/channel = 2 x 16 banks x 16K rows x 1 KB
    p.org.columns = 128;           // [JESD235] 1 KB page per pseudo-channel = 128 x 64 bit
    p.org.device_width_bits = 64;  // [JESD235] 64-bit pseudo-channel
    p.org.bus_width_bits = 64;
    p.org.burst_length = 4;        // [JESD235] pseudo-channel mode supports BL4 only (32 bytes)
    DramTiming& t = p.timing;
    t.tCK_ns = 1.0;                // [JESD235] 2 Gb/s per pin, 1000 MHz clock
    t.CL = 17;                     // [HBM2-2G] RL 17
    t.CWL = 7;                     // [HBM2-2G] WL 7
    t.tRCD = 12;                   // [HBM2-2G] tRCDRD 12 ns
    t.tRCDWR = 6;                  // [HBM2-2G] tRCDWR 6 ns
    t.tRP = 14;                    // [HBM2-2G] 14 ns
    t.tRAS = 28;                   // [HBM2-2G] 28 ns
    t.tRC = 42;                    // [HBM2-2G] 42 ns = tRAS + tRP
    t.tCCD_S = 2;                  // [HBM2-2G] = BL/2
    t.tCCD_L = 3;                  // [HBM2-2G]
    t.tRRD_S = 4;                  // [HBM2-2G]
    t.tRRD_L = 6;                  // [HBM2-2G]
    t.tFAW = 16;                   // [HBM2-2G] per pseudo-channel
    t.tWR = 14;                    // [HBM2-2G]
    t.tRTP = 5;                    // [HBM2-2G]
    t.tWTR_S = 4;                  // [HBM2-2G]
    t.tWTR_L = 9;                  // [HBM2-2G]
    t.tRTW = 18;                   // [HBM2-2G]
    t.tRTRS = 1;                   // single rank: unused
    t.tRFC = 260;                  // [JESD235] tRFC 260 ns for 4 Gb per channel
    t.tREFI = 3900;                // [JESD235] 3.9 us
    p.energy = deriveEnergy(dramPresetCurrents("hbm2"), p.timing, p.org);
    return p;
}

}  // namespace

std::vector<std::string> dramPresetNames() { return {"ddr4_2400", "lpddr4_3200", "hbm2"}; }

DramCurrents dramPresetCurrents(const std::string& name) {
    DramCurrents c;
    if (name == "ddr4_2400") {
        // [MT40A] x8, DDR4-2400: VDD 1.2 V: IDD0 48, IDD2N 34, IDD3N 43, IDD4R 135,
        // IDD4W 123, IDD5B 250 mA (the values gem5's DDR4_2400_8x8 uses).
        // VPP 2.5 V: IPP0 = IPP3N = 3 mA; VPP is charged as standby only.
        c.domains.push_back({1.2, 48, 34, 43, 135, 123, 250});
        c.domains.push_back({2.5, 3, 3, 3, 3, 3, 3});
        c.devices_per_rank = 8;
    } else if (name == "lpddr4_3200") {
        // [MT53] per channel. VDD1 1.8 V: IDD01 3.5, IDD2N1 2.0, IDD3N1 2.25,
        // IDD4R1 2.25, IDD4W1 2.25, IDD51 10 mA. VDD2 1.1 V: IDD02 45, IDD2N2 27,
        // IDD3N2 30, IDD4R2 275, IDD4W2 210, IDD52 90 mA. VDDQ (I/O) excluded.
        c.domains.push_back({1.8, 3.5, 2.0, 2.25, 2.25, 2.25, 10});
        c.domains.push_back({1.1, 45, 27, 30, 275, 210, 90});
        c.devices_per_rank = 1;
    } else if (name == "hbm2") {
        // [DRAMsim3] per 128-bit channel, VDD 1.2 V: IDD0 65, IDD2N 40, IDD3N 55,
        // IDD4R 390, IDD4W 500, IDD5 250 mA. A pseudo-channel has half the
        // channel's banks' page size and half its data bus: scale 1/2.
        c.domains.push_back({1.2, 65, 40, 55, 390, 500, 250});
        c.devices_per_rank = 1;
        c.scale = 0.5;
    } else {
        dramPreset(name);  // throws the listing error
    }
    return c;
}

DramParams dramPreset(const std::string& name) {
    if (name == "ddr4_2400") return ddr4_2400();
    if (name == "lpddr4_3200") return lpddr4_3200();
    if (name == "hbm2") return hbm2();
    std::string list;
    for (const auto& n : dramPresetNames()) list += (list.empty() ? "" : ", ") + n;
    throw InputError("unknown DRAM preset '" + name + "' (presets: " + list + ")");
}

}  // namespace hcm
