#pragma once
// Per-command DRAM energies from datasheet IDD currents, the way DRAMPower
// (Chandrasekar et al.) and Micron's power calculator (TN-40-07, DDR4) derive
// them. For every supply domain (VDD, VPP, VDD1, VDD2, ...) of one device:
//
//   ACT+PRE   E = V * (IDD0 * tRC - IDD3N * tRAS - IDD2N * (tRC - tRAS))
//   RD burst  E = V * (IDD4R - IDD3N) * BL/2 * tCK
//   WR burst  E = V * (IDD4W - IDD3N) * BL/2 * tCK
//   REF       E = V * (IDD5B - IDD3N) * tRFC
//   active standby power    V * IDD3N     precharge standby power   V * IDD2N
//
// i.e. each command is charged only the current above the standby current it
// displaces, and the standby currents are charged as background over time.
// Sums over domains, times the devices of one rank, times `scale` (used to
// split one HBM2 channel's currents between its two pseudo-channels).
// mA * ns = pC, and pC * V = pJ; mA * V = mW.
#include <vector>

#include "dram_params.hpp"

namespace hcm {

struct DramSupplyCurrents {
    double volts = 0;
    double idd0_ma = 0, idd2n_ma = 0, idd3n_ma = 0;
    double idd4r_ma = 0, idd4w_ma = 0, idd5b_ma = 0;
};

struct DramCurrents {
    std::vector<DramSupplyCurrents> domains;
    int devices_per_rank = 1;
    double scale = 1.0;
};

DramEnergy deriveEnergy(const DramCurrents& c, const DramTiming& t, const DramOrganization& o);

}  // namespace hcm
