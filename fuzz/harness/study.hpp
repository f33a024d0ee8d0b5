#pragma once
// Study YAML (hcmsim sweep): parsing, the expansion into design points (up to
// the documented limit) and each point's hcmsim command line.
#include "common.hpp"
#include "sim/study/study_config.hpp"

namespace hcm::fuzz {

inline Outcome study(const std::string& input) {
    return guarded([&] {
        const StudyConfig s = parseStudy(input, "fuzz.yaml");
        const std::vector<StudyPoint> points = expandPoints(s);
        // The arguments of a few points: the rest are built the same way.
        for (size_t i = 0; i < points.size() && i < 64; ++i) pointArguments(s, points[i], "/tmp/fuzz_point");
    });
}

}  // namespace hcm::fuzz
