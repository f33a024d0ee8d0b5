#include "dram_energy.hpp"

namespace hcm {

DramEnergy deriveEnergy(const DramCurrents& c, const DramTiming& t, const DramOrganization& o) {
    const double tck = t.tCK_ns;
    const double tRC = t.tRC * tck, tRAS = t.tRAS * tck;
    const double tBurst = t.burstCycles(o) * tck;
    const double tRFC = t.tRFC * tck;
    DramEnergy e;
    for (const auto& d : c.domains) {
        e.act_pj += d.volts * (d.idd0_ma * tRC - d.idd3n_ma * tRAS - d.idd2n_ma * (tRC - tRAS));
        e.rd_pj += d.volts * (d.idd4r_ma - d.idd3n_ma) * tBurst;
        e.wr_pj += d.volts * (d.idd4w_ma - d.idd3n_ma) * tBurst;
        e.ref_pj += d.volts * (d.idd5b_ma - d.idd3n_ma) * tRFC;
        e.background_mw += d.volts * d.idd3n_ma;
        e.precharge_standby_mw += d.volts * d.idd2n_ma;
    }
    const double k = double(c.devices_per_rank) * c.scale;
    e.act_pj *= k;
    e.rd_pj *= k;
    e.wr_pj *= k;
    e.ref_pj *= k;
    e.background_mw *= k;
    e.precharge_standby_mw *= k;
    return e;
}

}  // namespace hcm
