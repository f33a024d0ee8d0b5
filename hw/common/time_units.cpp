#include "time_units.hpp"

namespace hcm {

void setPicosecondResolution() {
    // Only allowed before the first sc_time exists; later calls are harmless
    // when the resolution is already 1 ps.
    if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS))
        sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
}

}  // namespace hcm
