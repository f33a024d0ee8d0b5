#include "dram_params_check.hpp"

#include <cmath>

#include "address_mapping.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

std::string str(int64_t v) { return std::to_string(v); }

}  // namespace

std::optional<DramParamIssue> checkDramParams(const DramParams& p) {
    const DramOrganization& o = p.org;
    const DramTiming& t = p.timing;
    auto issue = [](const std::string& key, const std::string& msg) { return DramParamIssue{key, msg}; };
    auto pow2 = [&](const char* key, int64_t v) -> std::optional<DramParamIssue> {
        if (!isPowerOfTwo(v))
            return issue(key, "must be a power of two (address bits are sliced), got " + str(v));
        return std::nullopt;
    };
    // Organisation.
    if (auto i = pow2("channels", o.channels)) return i;
    if (auto i = pow2("ranks", o.ranks)) return i;
    if (auto i = pow2("bankgroups", o.bankgroups)) return i;
    if (auto i = pow2("banks_per_group", o.banks_per_group)) return i;
    if (auto i = pow2("rows", o.rows)) return i;
    if (auto i = pow2("device_width_bits", o.device_width_bits)) return i;
    if (o.burst_length < 2 || o.burst_length % 2 != 0)
        return issue("burst_length", "must be even (a double-data-rate burst takes BL/2 clocks), got " +
                                         str(o.burst_length));
    if (auto i = pow2("burst_length", o.burst_length)) return i;
    if (o.bus_width_bits < o.device_width_bits || o.bus_width_bits % o.device_width_bits != 0)
        return issue("bus_width_bits", "must be a multiple of device_width_bits (" + str(o.device_width_bits) +
                                           "), got " + str(o.bus_width_bits));
    if (o.bus_width_bits % 8 != 0 || !isPowerOfTwo(o.bus_width_bits / 8))
        return issue("bus_width_bits", "must be 8 times a power of two (whole bytes, sliced address), got " +
                                           str(o.bus_width_bits));
    if (o.columns < o.burst_length || o.columns % o.burst_length != 0 || !isPowerOfTwo(o.columns / o.burst_length))
        return issue("columns", "must be burst_length (" + str(o.burst_length) +
                                    ") times a power of two, got " + str(o.columns));
    // Timing.
    if (!(t.tCK_ns > 0) || !std::isfinite(t.tCK_ns)) return issue("timing.tCK_ns", "must be positive");
    const struct {
        const char* key;
        int value;
        int min;
    } ints[] = {{"timing.CL", t.CL, 1},         {"timing.CWL", t.CWL, 1},       {"timing.tRCD", t.tRCD, 1},
                {"timing.tRP", t.tRP, 1},       {"timing.tRAS", t.tRAS, 1},     {"timing.tRC", t.tRC, 1},
                {"timing.tRCDWR", t.tRCDWR, 0}, {"timing.tCCD_S", t.tCCD_S, 1}, {"timing.tCCD_L", t.tCCD_L, 1},
                {"timing.tRRD_S", t.tRRD_S, 1}, {"timing.tRRD_L", t.tRRD_L, 1}, {"timing.tFAW", t.tFAW, 1},
                {"timing.tWR", t.tWR, 1},       {"timing.tRTP", t.tRTP, 1},     {"timing.tWTR_S", t.tWTR_S, 1},
                {"timing.tWTR_L", t.tWTR_L, 1}, {"timing.tRTW", t.tRTW, 0},     {"timing.tRTRS", t.tRTRS, 0},
                {"timing.tRFC", t.tRFC, 1},     {"timing.tREFI", t.tREFI, 1}};
    for (const auto& v : ints)
        if (v.value < v.min) return issue(v.key, "must be at least " + str(v.min) + ", got " + str(v.value));
    if (t.tRC < t.tRAS + t.tRP)
        return issue("timing.tRC", "must be at least tRAS + tRP = " + str(t.tRAS + t.tRP) + ", got " + str(t.tRC));
    if (t.tRAS < t.tRCD)
        return issue("timing.tRAS", "must be at least tRCD (" + str(t.tRCD) + "), got " + str(t.tRAS));
    if (t.tCCD_S < t.burstCycles(o))
        return issue("timing.tCCD_S", "must be at least BL/2 = " + str(t.burstCycles(o)) +
                                          " (bursts would overlap on the data bus), got " + str(t.tCCD_S));
    if (t.tCCD_L < t.tCCD_S) return issue("timing.tCCD_L", "must be at least tCCD_S (" + str(t.tCCD_S) + ")");
    if (t.tRRD_L < t.tRRD_S) return issue("timing.tRRD_L", "must be at least tRRD_S (" + str(t.tRRD_S) + ")");
    if (t.tWTR_L < t.tWTR_S) return issue("timing.tWTR_L", "must be at least tWTR_S (" + str(t.tWTR_S) + ")");
    if (p.refresh && t.tREFI <= t.tRFC)
        return issue("timing.tREFI", "must exceed tRFC (" + str(t.tRFC) + ") or the rank would never leave refresh");
    if (p.refresh_phase_cycles < 0 || p.refresh_phase_cycles >= t.tREFI)
        return issue("refresh_phase_cycles",
                     "must be in [0, tREFI) = [0, " + str(t.tREFI) + "), got " + str(p.refresh_phase_cycles));
    // Policies.
    if (p.queue_depth < 1) return issue("queue_depth", "must be at least 1, got " + str(p.queue_depth));
    const std::string mappingError = AddressMapping::checkName(p.address_mapping);
    if (!mappingError.empty()) return issue("address_mapping", mappingError);
    // Energy.
    const DramEnergy& e = p.energy;
    const struct {
        const char* key;
        double value;
    } energies[] = {{"energy.act_pj", e.act_pj}, {"energy.rd_pj", e.rd_pj}, {"energy.wr_pj", e.wr_pj},
                    {"energy.ref_pj", e.ref_pj}, {"energy.background_mw", e.background_mw},
                    {"energy.precharge_standby_mw", e.precharge_standby_mw}};
    for (const auto& v : energies)
        if (!(v.value >= 0) || !std::isfinite(v.value)) return issue(v.key, "must be a non-negative number");
    return std::nullopt;
}

void validateDramParams(const DramParams& p) {
    if (auto i = checkDramParams(p)) throwInputError({}, "dram." + i->key, i->message);
}

}  // namespace hcm
