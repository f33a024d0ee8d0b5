#include "characterization_cache.hpp"

#include "sim/common/content_hash.hpp"

#include <unistd.h>

#include <atomic>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "memory_characterizer.hpp"
#include "sim/config/platform_config.hpp"

namespace hcm {

namespace {

constexpr int kFileFormat = 1;

// Doubles as hexadecimal floating point: exact, and the same text for the
// same value on every run.
std::string hexDouble(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", v);
    return buf;
}

std::mutex& cacheMutex() {
    static std::mutex m;
    return m;
}

std::map<std::string, std::unique_ptr<MemoryCharacterization>>& memoryCache() {
    static std::map<std::string, std::unique_ptr<MemoryCharacterization>> cache;
    return cache;
}

std::atomic<int> lastSource{int(CharacterizationSource::Measured)};

std::string cacheFilePath(const std::string& dir, const std::string& fingerprint) {
    return dir + "/memory-" + fingerprintHash(fingerprint) + ".json";
}

// Null when missing, unreadable, of another format or for another
// configuration (a hash collision or a hand-edited file).
std::unique_ptr<MemoryCharacterization> loadFromDisk(const std::string& path, const std::string& fingerprint,
                                                     const DramParams& dram, const InterconnectParams& ic,
                                                     double clockMhz) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return nullptr;
    try {
        const nlohmann::json j = nlohmann::json::parse(in);
        if (j.at("format").get<int>() != kFileFormat) return nullptr;
        if (j.at("fingerprint").get<std::string>() != fingerprint) return nullptr;
        auto mc = std::make_unique<MemoryCharacterization>(dram, ic, clockMhz);
        mc->measuredFromJson(j.at("measured"));
        return mc;
    } catch (const std::exception&) {
        return nullptr;
    }
}

// Best effort: a temporary file named after this process and thread,
// renamed over the final name; any failure leaves no file behind.
void saveToDisk(const std::string& dir, const std::string& path, const std::string& fingerprint,
                const MemoryCharacterization& mc) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return;
    nlohmann::json j;
    j["format"] = kFileFormat;
    j["fingerprint"] = fingerprint;
    j["measured"] = mc.measuredToJson();
    std::ostringstream tid;
    tid << std::this_thread::get_id();
    const std::string tmp = path + ".tmp." + std::to_string(long(::getpid())) + "." + tid.str();
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return;
        out << j.dump(1);
        out.flush();
        if (!out) {
            out.close();
            std::remove(tmp.c_str());
            return;
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) std::remove(tmp.c_str());
}

}  // namespace

std::string characterizationFingerprint(const DramParams& d, const InterconnectParams& ic, double clockMhz) {
    const DramOrganization& o = d.org;
    const DramTiming& t = d.timing;
    std::ostringstream s;
    s << "model=" << MemoryCharacterization::kModelVersion << ";preset=" << d.preset << ";channels=" << o.channels
      << ";ranks=" << o.ranks << ";bankgroups=" << o.bankgroups << ";banks_per_group=" << o.banks_per_group
      << ";rows=" << o.rows << ";columns=" << o.columns << ";device_width_bits=" << o.device_width_bits
      << ";bus_width_bits=" << o.bus_width_bits << ";burst_length=" << o.burst_length << ";tCK_ns=" << hexDouble(t.tCK_ns)
      << ";CL=" << t.CL << ";CWL=" << t.CWL << ";tRCD=" << t.tRCD << ";tRCDWR=" << t.tRCDWR << ";tRP=" << t.tRP
      << ";tRAS=" << t.tRAS << ";tRC=" << t.tRC << ";tCCD_S=" << t.tCCD_S << ";tCCD_L=" << t.tCCD_L
      << ";tRRD_S=" << t.tRRD_S << ";tRRD_L=" << t.tRRD_L << ";tFAW=" << t.tFAW << ";tWR=" << t.tWR
      << ";tRTP=" << t.tRTP << ";tWTR_S=" << t.tWTR_S << ";tWTR_L=" << t.tWTR_L << ";tRTW=" << t.tRTW
      << ";tRTRS=" << t.tRTRS << ";tRFC=" << t.tRFC << ";tREFI=" << t.tREFI << ";mapping=" << d.address_mapping
      << ";page=" << (d.page_policy == PagePolicy::Open ? "open" : "closed") << ";queue_depth=" << d.queue_depth
      << ";refresh=" << (d.refresh ? 1 : 0) << ";ic_width_bits=" << ic.width_bits
      << ";ic_latency_cycles=" << ic.latency_cycles << ";clock_mhz=" << hexDouble(clockMhz);
    return s.str();
}

std::string fingerprintHash(const std::string& fingerprint) { return contentHash(fingerprint); }

std::string characterizationCacheDir() {
    if (const char* dir = std::getenv("HCMSIM_CACHE_DIR")) return dir;  // empty: off
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::string(xdg) + "/hcmsim";
    if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.cache/hcmsim";
    return "";
}

const MemoryCharacterization& characterize(const DramParams& dram, const InterconnectParams& ic, double clockMhz) {
    const std::string fingerprint = characterizationFingerprint(dram, ic, clockMhz);
    std::lock_guard<std::mutex> lock(cacheMutex());
    auto& cache = memoryCache();
    if (auto it = cache.find(fingerprint); it != cache.end()) {
        lastSource = int(CharacterizationSource::Memory);
        return *it->second;
    }
    const std::string dir = characterizationCacheDir();
    const std::string path = dir.empty() ? "" : cacheFilePath(dir, fingerprint);
    std::unique_ptr<MemoryCharacterization> mc;
    if (!path.empty()) mc = loadFromDisk(path, fingerprint, dram, ic, clockMhz);
    if (mc) {
        lastSource = int(CharacterizationSource::Disk);
    } else {
        mc = std::make_unique<MemoryCharacterization>(measureMemoryPath(dram, ic, clockMhz));
        lastSource = int(CharacterizationSource::Measured);
        if (!path.empty()) saveToDisk(dir, path, fingerprint, *mc);
    }
    const MemoryCharacterization& ref = *mc;
    cache.emplace(fingerprint, std::move(mc));
    return ref;
}

const MemoryCharacterization& characterize(const PlatformConfig& config) {
    return characterize(config.dram, config.interconnect, config.clock_mhz);
}

CharacterizationSource lastCharacterizationSource() { return CharacterizationSource(lastSource.load()); }

void clearCharacterizationMemoryCache() {
    std::lock_guard<std::mutex> lock(cacheMutex());
    memoryCache().clear();
}

}  // namespace hcm
