#include "scalesim_csv.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace hcm {

namespace {

struct Field {
    std::string text;
    int column;  // 1-based character column of the field's first character
};

std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::vector<Field> splitRow(const std::string& line) {
    std::vector<Field> out;
    size_t start = 0;
    while (true) {
        const size_t comma = line.find(',', start);
        const std::string raw = line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        size_t lead = 0;
        while (lead < raw.size() && std::isspace(static_cast<unsigned char>(raw[lead]))) ++lead;
        out.push_back({trim(raw), static_cast<int>(start + lead + 1)});
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    // SCALE-Sim rows end with a trailing comma: drop the empty last field.
    if (!out.empty() && out.back().text.empty()) out.pop_back();
    return out;
}

int64_t parsePositive(const std::string& file, int line, const Field& f, const char* what) {
    int64_t v = 0;
    size_t pos = 0;
    bool ok = !f.text.empty();
    try {
        if (ok) v = std::stoll(f.text, &pos, 10);
        ok = ok && pos == f.text.size();
    } catch (...) {
        ok = false;
    }
    if (!ok) throwInputError({file, line, f.column}, what, "expected an integer, got '" + f.text + "'");
    if (v < 1 || v > (int64_t(1) << 24))
        throwInputError({file, line, f.column}, what, "value " + std::to_string(v) + " is out of range [1, 16777216]");
    return v;
}

std::string baseName(const std::string& path) {
    std::string stem = std::filesystem::path(path).stem().string();
    return stem.empty() ? path : stem;
}

}  // namespace

Network parseScaleSimCsv(const std::string& text, const std::string& name) {
    Network net;
    net.source = name;
    net.name = baseName(name);
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    bool header = true, gemm = false;
    static const char* kConvFields[] = {"Layer name", "IFMAP Height", "IFMAP Width", "Filter Height",
                                        "Filter Width", "Channels", "Num Filter", "Strides", "Stride width"};
    static const char* kGemmFields[] = {"Layer", "M", "N", "K"};
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) continue;
        auto fields = splitRow(line);
        if (header) {
            header = false;
            gemm = fields.size() >= 2 && (fields[1].text == "M" || fields[1].text == "m");
            continue;
        }
        const size_t minFields = gemm ? 4 : 8;
        const size_t maxFields = gemm ? 4 : 9;
        if (fields.size() < minFields || fields.size() > maxFields) {
            throwInputError({name, lineNo, 1}, "",
                            "expected " + std::to_string(minFields) +
                                (minFields == maxFields ? "" : " or " + std::to_string(maxFields)) +
                                " fields (" + (gemm ? "Layer, M, N, K" : "Layer name, IFMAP Height, IFMAP Width, "
                                                                      "Filter Height, Filter Width, Channels, "
                                                                      "Num Filter, Strides") +
                                "), got " + std::to_string(fields.size()));
        }
        if (fields[0].text.empty()) throwInputError({name, lineNo, fields[0].column}, "Layer name", "empty layer name");
        Layer L;
        L.name = fields[0].text;
        L.where = {name, lineNo, 1};
        if (gemm) {
            L.op = LayerOp::FC;
            L.n = parsePositive(name, lineNo, fields[1], kGemmFields[1]);
            L.k = parsePositive(name, lineNo, fields[2], kGemmFields[2]);
            L.c = parsePositive(name, lineNo, fields[3], kGemmFields[3]);
        } else {
            int64_t v[9] = {0};
            for (size_t i = 1; i < fields.size(); ++i) v[i] = parsePositive(name, lineNo, fields[i], kConvFields[i]);
            L.op = LayerOp::Conv;
            L.h = v[1];
            L.w = v[2];
            L.r = v[3];
            L.s = v[4];
            L.c = v[5];
            L.k = v[6];
            L.stride_h = v[7];
            L.stride_w = fields.size() == 9 ? v[8] : v[7];
            L.ceil_mode = true;  // SCALE-Sim: ceil((H - R + stride) / stride)
            if (L.r > L.h) throwInputError({name, lineNo, fields[3].column}, kConvFields[3], "filter height is larger than IFMAP height");
            if (L.s > L.w) throwInputError({name, lineNo, fields[4].column}, kConvFields[4], "filter width is larger than IFMAP width");
            if (L.name.find("DP") != std::string::npos) {
                // SCALE-Sim: C single-channel layers of `Num Filter` filters.
                L.groups = L.c;
                L.k = L.c * v[6];
            }
        }
        for (const auto& other : net.layers)
            if (other.name == L.name)
                throwInputError({name, lineNo, fields[0].column}, "Layer name", "duplicate layer name '" + L.name + "'");
        validateLayer(L);
        if (net.layers.size() >= kMaxNetworkLayers)
            throwInputError({name, lineNo, 1}, "", "more than " + std::to_string(kMaxNetworkLayers) +
                                                       " layers; networks are limited to that (docs/limits.md)");
        net.layers.push_back(std::move(L));
    }
    if (net.layers.empty()) throwInputError({name, 0, 0}, "", "topology file has no layers");
    return net;
}

Network loadScaleSimCsv(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throwInputError({path, 0, 0}, "", "cannot open file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseScaleSimCsv(ss.str(), path);
}

}  // namespace hcm
