#include "text_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hcm {

void TextTable::print(std::ostream& os) const {
    std::vector<size_t> width(header_.size(), 0);
    for (size_t i = 0; i < header_.size(); ++i) width[i] = header_[i].size();
    for (const auto& r : rows_)
        for (size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], r[i].size());
    auto line = [&](const std::vector<std::string>& r) {
        for (size_t i = 0; i < width.size(); ++i) {
            const std::string cell = i < r.size() ? r[i] : "";
            const std::string pad(width[i] - cell.size(), ' ');
            // First column left-aligned (names), the rest right-aligned (numbers).
            const bool left = i == 0 || std::find(left_.begin(), left_.end(), i) != left_.end();
            const bool last = i + 1 == width.size();
            os << (left ? cell + (last ? "" : pad) : pad + cell) << (last ? "" : "  ");
        }
        os << "\n";
    };
    auto rule = [&] {
        size_t total = 0;
        for (size_t w : width) total += w + 2;
        os << std::string(total > 2 ? total - 2 : 0, '-') << "\n";
    };
    line(header_);
    rule();
    for (const auto& r : rows_) {
        if (r.empty())
            rule();
        else
            line(r);
    }
}

std::string withCommas(int64_t v) {
    std::string digits = std::to_string(v < 0 ? -v : v);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return v < 0 ? "-" + out : out;
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string engineering(double v, int decimals) {
    static const char* suffix[] = {"", "k", "M", "G", "T", "P"};
    int i = 0;
    double a = std::fabs(v);
    while (a >= 1000.0 && i < 5) {
        a /= 1000.0;
        v /= 1000.0;
        ++i;
    }
    return fixed(v, i == 0 ? 0 : decimals) + suffix[i];
}

}  // namespace hcm
