#pragma once
// Simulated time conventions: the platform sets SystemC's time resolution to
// 1 ps before elaboration, so sc_time::value() counts picoseconds. Helpers
// keep the conversions in one place.
#include <systemc>

#include <cstdint>

namespace hcm {

// Call once per process before any sc_time is created.
void setPicosecondResolution();

inline uint64_t toPs(const sc_core::sc_time& t) { return t.value(); }
inline sc_core::sc_time fromPs(uint64_t ps) { return sc_core::sc_time::from_value(ps); }
inline sc_core::sc_time cycles(int64_t n, const sc_core::sc_time& period) { return fromPs(uint64_t(n) * toPs(period)); }

}  // namespace hcm
