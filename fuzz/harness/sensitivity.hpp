#pragma once
// Layer sensitivity YAML (hcmsim search --sensitivity), evaluated for the
// small network's layers at every bit width.
#include "common.hpp"
#include "sim/study/sensitivity.hpp"

namespace hcm::fuzz {

inline Outcome sensitivity(const std::string& input) {
    const ScratchFile file(input, ".yaml");
    return guarded([&] {
        const SensitivityModel m = SensitivityModel::load(file.path());
        volatile double total = 0;  // what search sums; volatile: computed, not optimised away
        for (const LayerSensitivity& s : m.forNetwork(tinyNetwork()))
            for (int bits = kMinBits; bits <= kMaxBits; ++bits) total = total + s.w.cost(bits) + s.a.cost(bits);
    });
}

}  // namespace hcm::fuzz
