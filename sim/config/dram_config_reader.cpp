// BRING-UP placeholder (replaced by the DRAM model's full reader): accepts
// only `preset: ddr4_2400` with the defaults of DramParams.
#include "dram_config_reader.hpp"

namespace hcm {
DramParams readDramParams(YamlMap& dram) {
    DramParams p;
    p.preset = dram.getEnum("preset", {"ddr4_2400"});
    dram.finish();
    return p;
}
}  // namespace hcm
