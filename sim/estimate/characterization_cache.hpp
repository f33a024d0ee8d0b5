#pragma once
// characterize(): the memory-path characterization of a platform, measured
// once per configuration fingerprint and kept in memory (for the process)
// and on disk.
//
// Disk: $HCMSIM_CACHE_DIR if set (an empty value turns the disk cache off),
// else $XDG_CACHE_HOME/hcmsim, else ~/.cache/hcmsim; one JSON file per
// fingerprint, written to a temporary name and renamed. An unreadable,
// corrupted or other-version file is ignored and rewritten; a directory that
// cannot be written is skipped silently. A cached result is the measured
// numbers exactly, so results are the same with or without the cache.
#include <string>

#include "memory_characterization.hpp"

namespace hcm {

// Everything the characterization depends on (DRAM organisation, timing,
// mapping, page policy, queue depth, refresh; interconnect width and latency;
// platform clock; the model version) as canonical text, and its hash.
std::string characterizationFingerprint(const DramParams& dram, const InterconnectParams& interconnect,
                                        double clockMhz);
std::string fingerprintHash(const std::string& fingerprint);  // 16 hex digits

// The directory the disk cache uses; empty when it is off.
std::string characterizationCacheDir();

const MemoryCharacterization& characterize(const PlatformConfig& config);
const MemoryCharacterization& characterize(const DramParams& dram, const InterconnectParams& interconnect,
                                           double clockMhz);

// Where the last characterize() call got its result (for tests and tools).
enum class CharacterizationSource { Memory, Disk, Measured };
CharacterizationSource lastCharacterizationSource();

// Forgets the in-memory results (tests: force a disk read or a measurement);
// references returned earlier become invalid.
void clearCharacterizationMemoryCache();

}  // namespace hcm
