#include "dram_config_reader.hpp"

#include "hw/dram/dram_params_check.hpp"
#include "hw/dram/dram_presets.hpp"

namespace hcm {

namespace {

constexpr int64_t kMaxCycles = 1000000;  // any timing beyond ~1 ms is a typo

void readOrganization(YamlMap& m, DramOrganization& o) {
    o.channels = int(m.getInt("channels", o.channels, 1, 1024));
    o.ranks = int(m.getInt("ranks", o.ranks, 1, 16));
    o.bankgroups = int(m.getInt("bankgroups", o.bankgroups, 1, 64));
    o.banks_per_group = int(m.getInt("banks_per_group", o.banks_per_group, 1, 256));
    o.rows = m.getInt("rows", o.rows, 1, int64_t(1) << 24);
    o.columns = int(m.getInt("columns", o.columns, 1, 1 << 16));
    o.device_width_bits = int(m.getInt("device_width_bits", o.device_width_bits, 1, 1024));
    o.bus_width_bits = int(m.getInt("bus_width_bits", o.bus_width_bits, 8, 4096));
    o.burst_length = int(m.getInt("burst_length", o.burst_length, 2, 256));
}

void readTiming(YamlMap& m, DramTiming& t) {
    t.tCK_ns = m.getDouble("tCK_ns", t.tCK_ns, 0.01, 100.0);
    auto cycles = [&](const char* key, int& v, int64_t lo) { v = int(m.getInt(key, v, lo, kMaxCycles)); };
    cycles("CL", t.CL, 1);
    cycles("CWL", t.CWL, 1);
    cycles("tRCD", t.tRCD, 1);
    cycles("tRCDWR", t.tRCDWR, 0);  // 0: same as tRCD
    cycles("tRP", t.tRP, 1);
    cycles("tRAS", t.tRAS, 1);
    cycles("tRC", t.tRC, 1);
    cycles("tCCD_S", t.tCCD_S, 1);
    cycles("tCCD_L", t.tCCD_L, 1);
    cycles("tRRD_S", t.tRRD_S, 1);
    cycles("tRRD_L", t.tRRD_L, 1);
    cycles("tFAW", t.tFAW, 1);
    cycles("tWR", t.tWR, 1);
    cycles("tRTP", t.tRTP, 1);
    cycles("tWTR_S", t.tWTR_S, 1);
    cycles("tWTR_L", t.tWTR_L, 1);
    cycles("tRTW", t.tRTW, 0);      // 0: CL + BL/2 + 2 - CWL
    cycles("tRTRS", t.tRTRS, 0);
    cycles("tRFC", t.tRFC, 1);
    t.tREFI = int(m.getInt("tREFI", t.tREFI, 1, 100 * kMaxCycles));
}

void readEnergy(YamlMap& m, DramEnergy& e) {
    e.act_pj = m.getDouble("act_pj", e.act_pj, 0.0, 1e9);
    e.rd_pj = m.getDouble("rd_pj", e.rd_pj, 0.0, 1e9);
    e.wr_pj = m.getDouble("wr_pj", e.wr_pj, 0.0, 1e9);
    e.ref_pj = m.getDouble("ref_pj", e.ref_pj, 0.0, 1e12);
    e.background_mw = m.getDouble("background_mw", e.background_mw, 0.0, 1e6);
    e.precharge_standby_mw = m.getDouble("precharge_standby_mw", e.precharge_standby_mw, 0.0, 1e6);
}

}  // namespace

DramParams readDramParams(YamlMap& dram) {
    DramParams p = dramPreset(dram.getEnum("preset", dramPresetNames()));
    readOrganization(dram, p.org);
    std::optional<YamlMap> timing = dram.getOptionalMap("timing");
    if (timing) {
        readTiming(*timing, p.timing);
        timing->finish();
    }
    std::optional<YamlMap> energy = dram.getOptionalMap("energy");
    if (energy) {
        readEnergy(*energy, p.energy);
        energy->finish();
    }
    p.address_mapping = dram.getString("address_mapping", p.address_mapping);
    p.page_policy = dram.getEnum("page_policy", "open", {"open", "closed"}) == "open" ? PagePolicy::Open
                                                                                   : PagePolicy::Closed;
    p.queue_depth = int(dram.getInt("queue_depth", p.queue_depth, 1, 4096));
    p.refresh = dram.getBool("refresh", p.refresh);
    p.refresh_phase_cycles = dram.getInt("refresh_phase_cycles", p.refresh_phase_cycles, 0, int64_t(1) << 40);
    dram.finish();

    // Cross-field checks, reported at the key they name.
    if (auto issue = checkDramParams(p)) {
        const std::string& key = issue->key;
        const auto dot = key.find('.');
        if (dot != std::string::npos) {
            const std::string section = key.substr(0, dot), field = key.substr(dot + 1);
            std::optional<YamlMap>& sub = section == "timing" ? timing : energy;
            if (sub && sub->has(field)) sub->fail(field, issue->message);
            if (sub) sub->fail(field, issue->message + " (from preset " + p.preset + ")");
            dram.fail(section, field + " " + issue->message + " (from preset " + p.preset + ")");
        }
        dram.fail(key, issue->message);
    }
    return p;
}

}  // namespace hcm
