#pragma once
// Parameters of the DRAM model: organisation, JEDEC timing, energy, policies.
// All timing values are in memory-clock cycles (tCK) unless the name says
// otherwise; presets (dram_presets.cpp) cite the datasheet each value is from.
// The organisation and timing defaults below are the ddr4_2400 preset's; the
// energies are zero here: take a whole parameter set from dramPreset().
#include <cstdint>
#include <string>

namespace hcm {

enum class PagePolicy { Open, Closed };

struct DramOrganization {
    int channels = 1;
    int ranks = 1;
    int bankgroups = 4;
    int banks_per_group = 4;
    int64_t rows = 65536;
    int columns = 1024;          // per row, in device-width units (one column = one beat)
    int device_width_bits = 8;   // x4/x8/x16 device
    int bus_width_bits = 64;     // data bus per channel
    int burst_length = 8;        // BL: beats per burst

    int banks() const { return bankgroups * banks_per_group; }
    // Bytes one burst moves on one channel (64 for DDR4 x64 BL8).
    int burstBytes() const { return bus_width_bits / 8 * burst_length; }
    // Bursts that fit in one row (128 for DDR4 with 1024 columns and BL8).
    int burstsPerRow() const { return columns / burst_length; }
    // Bytes of one row across the rank (8 KiB for DDR4 x8 with 1024 columns).
    int64_t rowBytes() const { return int64_t(columns) * (bus_width_bits / 8); }
    // Devices that form one rank (8 x8 devices on a 64-bit channel).
    int devicesPerRank() const { return bus_width_bits / device_width_bits; }
    // Capacity of all channels, in bytes.
    int64_t capacityBytes() const {
        return int64_t(channels) * ranks * banks() * rows * rowBytes();
    }
};

struct DramTiming {
    double tCK_ns = 1.0 / 1.2;   // clock period; data rate is 2 / tCK (DDR)
    int CL = 16, CWL = 12;
    int tRCD = 16, tRP = 16, tRAS = 39, tRC = 55;
    int tRCDWR = 0;              // ACT to WRITE when it differs from tRCD (HBM2); 0: same as tRCD
    int tCCD_S = 4, tCCD_L = 6;
    int tRRD_S = 4, tRRD_L = 6;
    int tFAW = 26;
    int tWR = 18, tRTP = 9;
    int tWTR_S = 3, tWTR_L = 9;
    int tRTW = 0;                // READ to WRITE, same rank; 0: CL + BL/2 + 2 - CWL (JESD79-4, 1 tCK preamble)
    int tRTRS = 1;               // rank-to-rank switch on the data bus
    int tRFC = 420;              // cycles (350 ns at 1200 MHz)
    int tREFI = 9360;            // cycles (7.8 us at 1200 MHz)

    int burstCycles(const DramOrganization& o) const { return o.burst_length / 2; }
    int rcdWrite() const { return tRCDWR > 0 ? tRCDWR : tRCD; }
    int readToWrite(const DramOrganization& o) const {
        if (tRTW > 0) return tRTW;
        const int v = CL + burstCycles(o) + 2 - CWL;
        return v > 1 ? v : 1;
    }
};

// Per-command energies in pJ for one rank (all devices), plus background
// power; derived from IDD currents as DRAMPower / Micron's power calculator do
// (see dram_energy.hpp). Core (array + periphery) energy only: I/O and
// termination power depend on the board and are not included.
struct DramEnergy {
    double act_pj = 0;           // one ACT + its PRE
    double rd_pj = 0;            // one read burst
    double wr_pj = 0;            // one write burst
    double ref_pj = 0;           // one all-bank refresh
    double background_mw = 0;    // active-standby power per rank (some bank open; IDD3N)
    double precharge_standby_mw = 0;  // precharge-standby power per rank (all banks closed; IDD2N)
};

struct DramParams {
    std::string preset = "ddr4_2400";
    DramOrganization org;
    DramTiming timing;
    DramEnergy energy;
    std::string address_mapping = "RoBaRaCoCh";  // fields from the most significant bit
    PagePolicy page_policy = PagePolicy::Open;
    int queue_depth = 32;        // request queue entries per channel
    bool refresh = true;
    // Memory cycles of the first refresh interval already gone at power-up:
    // the first refresh is due tREFI - refresh_phase_cycles after start
    // (0: one whole interval). Shifts every refresh relative to the workload,
    // to see how much a layer's time depends on where the refreshes fall.
    int64_t refresh_phase_cycles = 0;

    // Peak data bandwidth of all channels in bytes per second.
    double peakBytesPerSecond() const {
        return double(org.channels) * (org.bus_width_bits / 8.0) * 2.0 / (timing.tCK_ns * 1e-9);
    }
};

}  // namespace hcm
