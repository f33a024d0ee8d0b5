#include "content_hash.hpp"

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace hcm {

std::string contentHash(std::string_view bytes) {
    uint64_t h = 14695981039346656037ull;  // FNV-1a, 64 bit
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
    return buf;
}

std::string fileContentHash(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    std::ostringstream s;
    s << in.rdbuf();
    return contentHash(s.str());
}

}  // namespace hcm
