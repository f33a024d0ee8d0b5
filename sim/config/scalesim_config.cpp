#include "scalesim_config.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

struct Entry {
    std::string value;
    int line = 0;
};

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t\r");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

// Keys SCALE-Sim reads that change nothing here: DRAM addresses of the three
// operands (hcmsim lays tensors out itself), the run's name is used as the
// platform name, the topology comes with --net.
const std::set<std::string> kIgnored = {"ifmapoffset", "filteroffset", "ofmapoffset", "memorybanks",
                                        "topologycsvloc", "readrequestbuffer", "writerequestbuffer"};
const std::set<std::string> kUsed = {"run_name", "arrayheight", "arraywidth", "ifmapsramszkb", "filtersramszkb",
                                     "ofmapsramszkb", "dataflow", "bandwidth", "interfacebandwidth"};

// configparser's syntax: [section], "key: value" or "key = value", comments
// starting with # or ;, keys case-insensitive. Sections are not needed to
// tell the keys apart, so keys are kept by name alone.
std::map<std::string, Entry> readIni(const std::string& textIn, const std::string& path) {
    std::istringstream in(textIn);
    std::map<std::string, Entry> keys;
    std::string text;
    int line = 0;
    bool inSection = false;
    while (std::getline(in, text)) {
        ++line;
        const std::string t = trim(text);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        if (t.front() == '[') {
            if (t.back() != ']') throwInputError({path, line, 1}, "", "a section header is '[name]'");
            inSection = true;
            continue;
        }
        const size_t sep = t.find_first_of(":=");
        if (sep == std::string::npos || sep == 0)
            throwInputError({path, line, 1}, "", "expected 'key: value' or 'key = value', got '" + t + "'");
        if (!inSection) throwInputError({path, line, 1}, "", "a key before the first [section]");
        const std::string key = lower(trim(t.substr(0, sep)));
        if (!kUsed.count(key) && !kIgnored.count(key)) {
            std::string valid;
            for (const char* k : {"run_name", "ArrayHeight", "ArrayWidth", "IfmapSramSzkB", "FilterSramSzkB",
                                  "OfmapSramSzkB", "Dataflow", "Bandwidth", "InterfaceBandwidth", "IfmapOffset",
                                  "FilterOffset", "OfmapOffset", "MemoryBanks", "TopologyCsvLoc"})
                valid += (valid.empty() ? "" : ", ") + std::string(k);
            throwInputError({path, line, 1}, trim(t.substr(0, sep)),
                            "not a SCALE-Sim v2 config key (keys: " + valid + ")");
        }
        keys[key] = {trim(t.substr(sep + 1)), line};
    }
    return keys;
}

class CfgReader {
public:
    CfgReader(std::string path, std::map<std::string, Entry> keys) : path_(std::move(path)), keys_(std::move(keys)) {}

    bool has(const std::string& key) const { return keys_.count(lower(key)) > 0; }

    std::string text(const std::string& key) const {
        const auto it = keys_.find(lower(key));
        if (it == keys_.end()) throwInputError({path_, 0, 0}, key, "required key is missing");
        return it->second.value;
    }

    long long integer(const std::string& key, long long lo, long long hi) const {
        const std::string v = text(key);
        size_t used = 0;
        long long n = 0;
        try {
            n = std::stoll(v, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != v.size() || v.empty() || n < lo || n > hi)
            throwInputError({path_, keys_.at(lower(key)).line, 1}, key,
                            "'" + v + "' is not an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
        return n;
    }

    [[noreturn]] void fail(const std::string& key, const std::string& message) const {
        const auto it = keys_.find(lower(key));
        throwInputError({path_, it == keys_.end() ? 0 : it->second.line, 1}, key, message);
    }

private:
    std::string path_;
    std::map<std::string, Entry> keys_;
};

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string scratchpad(long long kib) {
    return "{capacity_kib: " + std::to_string(kib) +
           ", banks: 4, width_bits: 128, read_latency_cycles: 1, write_latency_cycles: 1, "
           "read_energy_pj_per_bit: 0.10, write_energy_pj_per_bit: 0.12}";
}

}  // namespace

std::string scaleSimConfigToYaml(const std::string& path) {
    std::ifstream in(path);
    if (!in) throwInputError({path, 0, 0}, "", "cannot read the file");
    std::ostringstream text;
    text << in.rdbuf();
    return scaleSimConfigTextToYaml(text.str(), path);
}

std::string scaleSimConfigTextToYaml(const std::string& input, const std::string& path) {
    const CfgReader cfg(path, readIni(input, path));
    const long long rows = cfg.integer("ArrayHeight", 1, 1 << 16), cols = cfg.integer("ArrayWidth", 1, 1 << 16);
    const long long ifmap = cfg.integer("IfmapSramSzkB", 1, 1LL << 30);
    const long long filter = cfg.integer("FilterSramSzkB", 1, 1LL << 30);
    const long long ofmap = cfg.integer("OfmapSramSzkB", 1, 1LL << 30);
    const std::string dataflow = lower(cfg.text("Dataflow"));
    if (dataflow != "os" && dataflow != "ws" && dataflow != "is")
        cfg.fail("Dataflow", "'" + cfg.text("Dataflow") + "' is not one of: os, ws, is");
    const std::string mode = cfg.has("InterfaceBandwidth") ? cfg.text("InterfaceBandwidth") : "CALC";
    if (mode != "CALC" && mode != "USER") cfg.fail("InterfaceBandwidth", "'" + mode + "' is not one of: CALC, USER");
    // USER fixes the interface at Bandwidth one-byte words a cycle; CALC lets
    // SCALE-Sim report what a stall-free run needs, which hcmsim's
    // --ideal-memory reproduces: the link is then left as the default platform's.
    long long linkBits = 256;
    if (mode == "USER") {
        const std::string bw = cfg.text("Bandwidth");
        if (bw.find(',') != std::string::npos)
            cfg.fail("Bandwidth", "one bandwidth per layer ('" + bw + "') is not supported: give one value");
        linkBits = 8 * cfg.integer("Bandwidth", 1, 1 << 20);
    }
    const std::string name = cfg.has("run_name") ? cfg.text("run_name") : "scalesim";

    std::ostringstream y;
    y << "# Translated from the SCALE-Sim config " << path << "\n"
      << "name: " << quoted(name) << "\n"
      << "description: " << quoted("SCALE-Sim config: " + std::to_string(rows) + "x" + std::to_string(cols) + " " +
                                   dataflow + " array, " + std::to_string(ifmap) + "/" + std::to_string(filter) + "/" +
                                   std::to_string(ofmap) + " KiB scratchpads")
      << "\n"
      << "clock_mhz: 1000\n"
      << "compute: {kind: bit_parallel, rows: " << rows << ", cols: " << cols << ", dataflow: " << dataflow
      << ", mac_bits: 8, pack: true}\n"
      << "buffers:\n"
      << "  double_buffer: true\n"
      << "  ifmap: " << scratchpad(ifmap) << "\n"
      << "  weight: " << scratchpad(filter) << "\n"
      << "  ofmap: " << scratchpad(ofmap) << "\n"
      << "interconnect: {width_bits: " << linkBits << ", latency_cycles: 2}\n"
      << "dram: {preset: ddr4_2400}\n"
      << "energy: {mac_pj: 0.23}\n"
      << "area: {pe_um2: 600, sram_mm2_per_kib: 0.006, fixed_mm2: 0.2}\n";
    return y.str();
}

}  // namespace hcm
