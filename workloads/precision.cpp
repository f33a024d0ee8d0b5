#include "precision.hpp"

#include <cctype>
#include <regex>

namespace hcm {

std::string Precision::str() const {
    if (fp && wbits == abits && abits == obits) return "fp" + std::to_string(wbits);
    return "w" + std::to_string(wbits) + "a" + std::to_string(abits) + "o" + std::to_string(obits) + (fp ? "-fp" : "");
}

std::optional<BitsValue> parseBits(const std::string& text) {
    if (text == "fp16") return BitsValue{16, true};
    if (text == "fp32") return BitsValue{32, true};
    if (text.empty() || text.size() > 2) return std::nullopt;
    for (char c : text)
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
    const int v = std::stoi(text);
    if (v < kMinBits || v > kMaxBits) return std::nullopt;
    return BitsValue{v, false};
}

std::optional<PrecisionName> parsePrecisionName(const std::string& text) {
    if (text == "fp16" || text == "fp32") return PrecisionName{text, text, text};
    static const std::regex kName(R"(w([0-9]+|fp16|fp32)a([0-9]+|fp16|fp32)(o([0-9]+|fp16|fp32))?)");
    std::smatch m;
    if (!std::regex_match(text, m, kName)) return std::nullopt;
    PrecisionName n{m[1].str(), m[2].str(), m[4].matched ? m[4].str() : ""};
    for (const std::string* f : {&n.wbits, &n.abits, &n.obits})
        if (!f->empty() && !parseBits(*f)) return std::nullopt;
    PrecisionOverride check;
    if (!check.set("wbits", n.wbits).empty() || !check.set("abits", n.abits).empty()) return std::nullopt;
    return n;
}

PrecisionOverride PrecisionOverride::of(const PrecisionName& name) {
    PrecisionOverride p;
    p.set("wbits", name.wbits);
    p.set("abits", name.abits);
    if (!name.obits.empty()) p.set("obits", name.obits);
    return p;
}

void PrecisionOverride::overlay(const PrecisionOverride& o) {
    if (o.wbits) wbits = o.wbits;
    if (o.abits) abits = o.abits;
    if (o.obits) obits = o.obits;
    if (o.fp) fp = o.fp;
}

std::string PrecisionOverride::set(const std::string& key, const std::string& text) {
    const auto v = parseBits(text);
    if (!v) return "'" + text + "' is not " + kBitsSyntax;
    if (key == "obits") {
        obits = v->bits;
        return "";
    }
    // Weights and activations share a format: a second field must agree.
    if ((key == "wbits" ? abits : wbits) && fp && *fp != v->fp)
        return "weights and activations must both be integers or both floating point (fp16/fp32)";
    (key == "wbits" ? wbits : abits) = v->bits;
    fp = v->fp;
    return "";
}

}  // namespace hcm
