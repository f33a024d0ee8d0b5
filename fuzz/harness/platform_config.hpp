#pragma once
// Hardware config YAML plus --set overrides: the input is the YAML text, then
// optionally a NUL byte and one KEY.PATH=VALUE assignment per line. A parsed
// platform is estimated on a small network and costed (area, peak power).
#include "common.hpp"
#include "sim/metric/platform_cost.hpp"

namespace hcm::fuzz {

inline Outcome platformConfig(const std::string& input) {
    const size_t nul = input.find('\0');
    const std::string yaml = input.substr(0, nul);
    std::vector<std::string> sets;
    if (nul != std::string::npos) {
        size_t begin = nul + 1;
        while (begin <= input.size()) {
            size_t end = input.find('\n', begin);
            if (end == std::string::npos) end = input.size();
            if (end > begin) sets.push_back(input.substr(begin, end - begin));
            begin = end + 1;
        }
    }
    return guarded([&] {
        const PlatformConfig p = parsePlatformConfig(yaml, "fuzz.yaml", sets);
        const NetworkEstimate est = estimateNetwork(p, [] {
            Network net = tinyNetwork();
            resolvePrecision(net, {});
            return net;
        }());
        jsonText(estimateJson(est, p));
        platformCost(p);
    });
}

}  // namespace hcm::fuzz
