#pragma once
// Parameters of the DRAM model: organisation, JEDEC timing, energy, policies.
// All timing values are in memory-clock cycles (tCK) unless the name says
// otherwise; presets (dram_presets.cpp) cite the datasheet each value is from.
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
    int columns = 1024;          // per row, in device-width units
    int device_width_bits = 8;   // x4/x8/x16 device
    int bus_width_bits = 64;     // data bus per channel
    int burst_length = 8;        // BL: beats per burst

    int banks() const { return bankgroups * banks_per_group; }
    // Bytes one burst moves on one channel (64 for DDR4 x64 BL8).
    int burstBytes() const { return bus_width_bits / 8 * burst_length; }
    // Bytes of one row across the rank (8 KiB for DDR4 x8 with 1024 columns).
    int64_t rowBytes() const { return int64_t(columns) * (bus_width_bits / 8); }
};

struct DramTiming {
    double tCK_ns = 0.833;       // clock period; data rate is 2 / tCK (DDR)
    int CL = 16, CWL = 12;
    int tRCD = 16, tRP = 16, tRAS = 39, tRC = 55;
    int tCCD_S = 4, tCCD_L = 6;
    int tRRD_S = 4, tRRD_L = 6;
    int tFAW = 26;
    int tWR = 18, tRTP = 9;
    int tWTR_S = 3, tWTR_L = 9;
    int tRTRS = 1;               // rank-to-rank switch
    int tRFC = 420;              // cycles (350 ns at 0.833 ns)
    int tREFI = 9364;            // cycles (7.8 us at 0.833 ns)
    int burstCycles(const DramOrganization& o) const { return o.burst_length / 2; }
};

// Per-command energies in pJ for one rank (all devices), plus background
// power; derived from IDD currents as DRAMPower / Micron's power calculator do.
struct DramEnergy {
    double act_pj = 0;           // one ACT + its PRE
    double rd_pj = 0;            // one read burst (incl. I/O)
    double wr_pj = 0;            // one write burst (incl. I/O)
    double ref_pj = 0;           // one all-bank refresh
    double background_mw = 0;    // active-standby background power per rank
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

    // Peak data bandwidth of all channels in bytes per second.
    double peakBytesPerSecond() const {
        return double(org.channels) * (org.bus_width_bits / 8.0) * 2.0 / (timing.tCK_ns * 1e-9);
    }
};

}  // namespace hcm
