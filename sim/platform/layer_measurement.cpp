#include "layer_measurement.hpp"

#include <cmath>

namespace hcm {

int64_t LayerMeasurement::cycles() const {
    return int64_t(std::llround(double(run.end_ps - run.start_ps) / clock_ps));
}

double LayerMeasurement::buffersEnergyPj() const {
    double e = 0;
    for (const auto& b : buffers) e += b.energy_pj;
    return e;
}

double LayerMeasurement::totalEnergyPj() const {
    return compute_energy_pj + buffersEnergyPj() + interconnect_energy_pj + dram_energy_pj + leakage_energy_pj;
}

}  // namespace hcm
