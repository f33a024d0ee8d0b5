#include "platform_config.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "dram_config_reader.hpp"
#include "scalesim_config.hpp"
#include "sim/common/yaml_reader.hpp"
#include "sim/config/config_limits.hpp"

#ifndef HCMSIM_CONFIG_DIR
#define HCMSIM_CONFIG_DIR "configs"
#endif

namespace fs = std::filesystem;

namespace hcm {

const char* toString(EngineKind kind) {
    switch (kind) {
        case EngineKind::BitParallel: return "bit_parallel";
        case EngineKind::BitSerial: return "bit_serial";
        case EngineKind::BitFusion: return "bit_fusion";
        case EngineKind::Rram: return "rram";
        case EngineKind::GpuSm: return "gpu_sm";
    }
    return "?";
}

namespace {

constexpr EngineKind kEngineKinds[] = {EngineKind::BitParallel, EngineKind::BitSerial, EngineKind::BitFusion,
                                       EngineKind::Rram, EngineKind::GpuSm};

// The names come from toString so that a new EngineKind needs no second list
// here; the switch below has no default, so -Wswitch flags a kind without a reader.
EngineKind readEngineKind(YamlMap& m) {
    std::vector<std::string> names;
    for (EngineKind k : kEngineKinds) names.push_back(toString(k));
    const std::string name = m.getEnum("kind", names);
    for (EngineKind k : kEngineKinds)
        if (name == toString(k)) return k;
    // getEnum has already rejected any other name; never fall back to some kind.
    m.fail("kind", "'" + name + "' is not an engine kind");
}

ComputeConfig readCompute(YamlMap& m) {
    ComputeConfig c;
    c.kind = readEngineKind(m);
    switch (c.kind) {
        case EngineKind::BitParallel: c.bit_parallel = readBitParallel(m); break;
        case EngineKind::BitSerial: c.bit_serial = readBitSerial(m); break;
        case EngineKind::BitFusion: c.bit_fusion = readBitFusion(m); break;
        case EngineKind::Rram: c.rram = readRram(m); break;
        case EngineKind::GpuSm: c.gpu_sm = readGpuSm(m); break;
    }
    m.finish();  // keys of other engine kinds are errors here
    return c;
}

BufferConfig readBuffer(YamlMap& m, const std::string& name) {
    BufferConfig b;
    b.name = name;
    bool kib = m.has("capacity_kib"), bytes = m.has("capacity_bytes");
    if (kib && bytes) {
        // A --set of one of them replaces the other one from the file.
        if (m.isOverride("capacity_bytes") && !m.isOverride("capacity_kib"))
            kib = false;
        else if (m.isOverride("capacity_kib") && !m.isOverride("capacity_bytes"))
            bytes = false;
        else
            m.fail("capacity_bytes", "give capacity_kib or capacity_bytes, not both");
    }
    if (bytes) {
        b.capacity_bytes = m.getInt("capacity_bytes", 1, kMaxConfigCapacityKib * 1024);
        m.touch("capacity_kib");
    } else {
        b.capacity_bytes = static_cast<int64_t>(m.getDouble("capacity_kib", 1.0 / 1024, double(kMaxConfigCapacityKib)) * 1024);
        m.touch("capacity_bytes");
    }
    b.banks = m.getInt("banks", 1, 1, 4096);
    b.width_bits = m.getInt("width_bits", 64, 1, 1 << 16);
    b.read_latency_cycles = m.getInt("read_latency_cycles", 1, 0, 1 << 16);
    b.write_latency_cycles = m.getInt("write_latency_cycles", 1, 0, 1 << 16);
    b.read_energy_pj_per_bit = m.getDouble("read_energy_pj_per_bit", 0.0, 0.0, 1e6);
    b.write_energy_pj_per_bit = m.getDouble("write_energy_pj_per_bit", 0.0, 0.0, 1e6);
    m.finish();
    return b;
}

BufferSetConfig readBuffers(YamlMap& m) {
    BufferSetConfig s;
    s.double_buffer = m.getBool("double_buffer", true);
    if (m.has("shared")) {
        s.shared = true;
        auto u = m.getMap("shared");
        s.unified = readBuffer(u, "shared");
        for (const char* k : {"ifmap", "weight", "ofmap"})
            if (m.has(k)) m.fail(k, "a shared buffer excludes separate ifmap/weight/ofmap buffers");
    } else {
        auto i = m.getMap("ifmap");
        s.ifmap = readBuffer(i, "ifmap");
        auto w = m.getMap("weight");
        s.weight = readBuffer(w, "weight");
        auto o = m.getMap("ofmap");
        s.ofmap = readBuffer(o, "ofmap");
        m.touch("shared");
    }
    m.finish();
    return s;
}

InterconnectConfig readInterconnect(YamlMap& m) {
    InterconnectConfig c;
    c.width_bits = m.getInt("width_bits", 256, 8, 1 << 16);
    c.latency_cycles = m.getInt("latency_cycles", 2, 0, 1 << 16);
    c.energy_pj_per_bit = m.getDouble("energy_pj_per_bit", 0.0, 0.0, 1e6);
    m.finish();
    return c;
}

CacheConfig readCache(YamlMap& m) {
    CacheConfig c;
    c.enabled = true;
    c.capacity_bytes = m.getInt("capacity_kib", 1, kMaxConfigCapacityKib) * 1024;
    c.line_bytes = m.getInt("line_bytes", 128, 1, 1 << 16);
    c.sector_bytes = m.getInt("sector_bytes", 32, 1, 1 << 16);
    c.ways = m.getInt("ways", 16, 1, 1 << 16);
    c.hit_latency_cycles = m.getInt("hit_latency_cycles", 100, 0, 1 << 20);
    c.bytes_per_cycle = m.getDouble("bytes_per_cycle", 512.0, 0.0, 1e9);
    const L2ParamsProblem problem = checkL2Params(c);
    if (!problem.ok()) m.fail(problem.key, problem.message);
    m.finish();
    return c;
}

EnergyConfig readEnergy(YamlMap& m) {
    EnergyConfig e;
    e.mac_pj = m.getDouble("mac_pj", 0.0, 0.0, 1e6);
    e.core_pj_per_cycle = m.getDouble("core_pj_per_cycle", 0.0, 0.0, 1e9);
    e.dram_pj_per_bit = m.getDouble("dram_pj_per_bit", 0.0, 0.0, 1e6);
    e.leakage_mw = m.getDouble("leakage_mw", 0.0, 0.0, 1e9);
    m.finish();
    return e;
}

AreaConfig readArea(YamlMap& m) {
    AreaConfig a;
    a.pe_um2 = m.getDouble("pe_um2", 0.0, 0.0, 1e9);
    a.sram_mm2_per_kib = m.getDouble("sram_mm2_per_kib", 0.0, 0.0, 1e6);
    a.fixed_mm2 = m.getDouble("fixed_mm2", 0.0, 0.0, 1e9);
    m.finish();
    return a;
}

PlatformConfig readPlatform(const std::shared_ptr<YamlDocument>& doc) {
    YamlMap root = YamlMap::root(doc);
    PlatformConfig p;
    p.source = doc->file;
    p.name = root.getString("name");
    p.description = root.getString("description", "");
    root.getString("reference", "");
    p.clock_mhz = root.getDouble("clock_mhz", 1e-3, 1e6);
    auto compute = root.getMap("compute");
    p.compute = readCompute(compute);
    auto buffers = root.getMap("buffers");
    p.buffers = readBuffers(buffers);
    if (auto ic = root.getOptionalMap("interconnect")) p.interconnect = readInterconnect(*ic);
    if (auto cache = root.getOptionalMap("cache")) p.cache = readCache(*cache);
    auto dram = root.getMap("dram");
    p.dram = readDramParams(dram);
    if (auto e = root.getOptionalMap("energy")) p.energy = readEnergy(*e);
    if (auto a = root.getOptionalMap("area")) p.area = readArea(*a);
    root.finish();
    return p;
}

PlatformConfig loadWithOverrides(std::shared_ptr<YamlDocument> doc, const std::vector<std::string>& sets) {
    if (!doc->root.IsMap()) throwInputError(locationOf(*doc, doc->root), "", "expected a map at the top level");
    for (const auto& s : sets) doc->applyOverride(s);
    PlatformConfig p = readPlatform(doc);
    p.overrides = sets;
    YAML::Emitter emitter;
    emitter << doc->root;
    p.resolved_yaml = std::string(emitter.c_str()) + "\n";
    return p;
}

}  // namespace

std::string configDirectory() {
    if (const char* env = std::getenv("HCMSIM_CONFIG_DIR"); env && *env) return env;
    return HCMSIM_CONFIG_DIR;
}

std::vector<std::string> configNames() {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(configDirectory(), ec))
        if (e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

PlatformConfig loadPlatformConfig(const std::string& spec, const std::vector<std::string>& sets) {
    std::string path = spec;
    if (spec.find('/') == std::string::npos && fs::path(spec).extension().empty()) {
        path = (fs::path(configDirectory()) / (spec + ".yaml")).string();
        if (!fs::exists(path)) {
            std::string known;
            for (const auto& n : configNames()) known += (known.empty() ? "" : ", ") + n;
            throwInputError({}, "--hw", "'" + spec + "' is neither a file nor a starter config (configs: " + known + ")");
        }
    } else if (!fs::exists(path)) {
        throwInputError({path, 0, 0}, "", "no such file");
    }
    if (fs::path(path).extension() == ".cfg")  // a SCALE-Sim config
        return loadWithOverrides(YamlDocument::loadString(scaleSimConfigToYaml(path), path), sets);
    return loadWithOverrides(YamlDocument::loadFile(path), sets);
}

PlatformConfig parsePlatformConfig(const std::string& yamlText, const std::string& name,
                                   const std::vector<std::string>& sets) {
    return loadWithOverrides(YamlDocument::loadString(yamlText, name), sets);
}

}  // namespace hcm
