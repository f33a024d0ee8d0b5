#pragma once
// A stable 64-bit content hash (FNV-1a) as 16 hex digits: the same bytes give
// the same digits on every machine and build. Names cache entries and records
// which inputs a result came from (not a cryptographic hash).
#include <cstdint>
#include <string>
#include <string_view>

namespace hcm {

std::string contentHash(std::string_view bytes);
// The hash of a file's bytes; empty when it cannot be read.
std::string fileContentHash(const std::string& path);

}  // namespace hcm
