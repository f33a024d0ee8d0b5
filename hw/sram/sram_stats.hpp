#pragma once
#include <cstdint>

namespace hcm {

// Counters of one SRAM buffer (gem5-style: names carry their units).
struct SramStats {
    int64_t read_bytes = 0;
    int64_t write_bytes = 0;
    int64_t read_transactions = 0;
    int64_t write_transactions = 0;
    int64_t read_accesses = 0;      // port-wide words read (all banks)
    int64_t write_accesses = 0;
    int64_t busy_cycles = 0;        // cycles the ports were transferring
    double read_energy_pj = 0;
    double write_energy_pj = 0;
    int64_t occupancy_bytes = 0;    // valid bytes now
    int64_t peak_occupancy_bytes = 0;

    double energyPj() const { return read_energy_pj + write_energy_pj; }
};

}  // namespace hcm
