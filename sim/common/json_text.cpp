#include "json_text.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace hcm {

namespace {

void roundFloats(nlohmann::json& j) {
    if (j.is_number_float()) {
        j = roundForOutput(j.get<double>());
    } else if (j.is_structured()) {
        for (auto& child : j) roundFloats(child);
    }
}

// nlohmann's dump prints a double with Grisu2, which is not always the
// shortest form (1.8570153197 comes out as 1.8570153196999999): every float
// token outside strings is written again with std::to_chars, which is.
std::string shortestFloats(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    bool inString = false;
    for (size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < text.size()) out += text[++i];
            else if (c == '"') inString = false;
            ++i;
            continue;
        }
        if (c == '"') {
            inString = true;
            out += c;
            ++i;
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t end = i + 1;
            bool isFloat = false;
            while (end < text.size() && std::string_view("0123456789.eE+-").find(text[end]) != std::string_view::npos) {
                isFloat = isFloat || text[end] == '.' || text[end] == 'e' || text[end] == 'E';
                ++end;
            }
            if (isFloat) {
                const double v = std::strtod(text.c_str() + i, nullptr);
                char buf[32];
                const auto r = std::to_chars(buf, buf + sizeof buf, v);
                std::string s(buf, r.ptr);
                // JSON has no bare exponent form like "1e+20" issues; keep a float a float.
                if (s.find_first_of(".eE") == std::string::npos) s += ".0";
                out += s;
            } else {
                out.append(text, i, end - i);
            }
            i = end;
            continue;
        }
        out += c;
        ++i;
    }
    return out;
}

}  // namespace

double roundForOutput(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return std::strtod(buf, nullptr);
}

std::string jsonText(nlohmann::json j, int indent) {
    roundFloats(j);
    std::string text = j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
    j = nullptr;
    return shortestFloats(text);
}

}  // namespace hcm
