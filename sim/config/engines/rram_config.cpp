#include "rram_config.hpp"

#include "sim/common/yaml_reader.hpp"

namespace hcm {

namespace {
constexpr int64_t kMaxCount = int64_t(1) << 20;  // PEs per side, tiles, SMs, ...
}  // namespace

RramConfig readRram(YamlMap& m) {
    RramConfig c;
    c.crossbar_rows = m.getInt("crossbar_rows", 128, 1, 1 << 16);
    c.crossbar_cols = m.getInt("crossbar_cols", 128, 1, 1 << 16);
    c.cell_bits = static_cast<int>(m.getInt("cell_bits", 2, 1, 8));
    c.crossbars_per_ima = m.getInt("crossbars_per_ima", 8, 1, kMaxCount);
    c.imas_per_tile = m.getInt("imas_per_tile", 12, 1, kMaxCount);
    c.tiles = m.getInt("tiles", 168, 1, kMaxCount);
    c.adc_bits = static_cast<int>(m.getInt("adc_bits", 8, 1, 16));
    c.adcs_per_ima = m.getInt("adcs_per_ima", 8, 1, kMaxCount);
    c.adc_gsps = m.getDouble("adc_gsps", 1.28, 1e-6, 1e3);
    c.dac_bits = static_cast<int>(m.getInt("dac_bits", 1, 1, 8));
    c.read_latency_ns = m.getDouble("read_latency_ns", 100, 1e-3, 1e6);
    c.weight_encoding = m.getEnum("weight_encoding", "offset", {"offset", "differential"});
    return c;
}

}  // namespace hcm
