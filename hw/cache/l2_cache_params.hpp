#pragma once
// Parameters of the sectored L2 cache (hw/cache/l2_cache.hpp), the `cache:`
// section of a platform config. Every field, its unit and default:
// docs/formats.md.
#include <cstdint>
#include <string>

namespace hcm {

struct L2CacheParams {
    bool enabled = false;               // a `cache:` section is present
    int64_t capacity_bytes = 4 << 20;
    int64_t line_bytes = 128;           // tag granularity (one request covers at most one line)
    int64_t sector_bytes = 32;          // fill, valid and dirty granularity
    int64_t ways = 16;                  // LRU within a set
    int64_t hit_latency_cycles = 100;   // platform clock cycles from arrival to the data of a hit
    double bytes_per_cycle = 512;       // sectors served per cycle x sector_bytes; 0: unlimited

    int64_t sets() const { return capacity_bytes / (line_bytes * ways); }
    int64_t sectorsPerLine() const { return line_bytes / sector_bytes; }
};

// Empty when consistent, else which field is wrong and why (the config reader
// turns it into an input error naming the key).
struct L2ParamsProblem {
    std::string key, message;
    bool ok() const { return key.empty(); }
};
L2ParamsProblem checkL2Params(const L2CacheParams& p);

}  // namespace hcm
