#include "trace_reader.hpp"

#include <cctype>

#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

struct Token {
    size_t begin = 0, end = 0;  // [begin, end) in the line
};

enum class Op { None, Read, Write };

bool equalsNoCase(const std::string& s, const Token& t, const char* word) {
    size_t i = t.begin;
    for (; *word; ++word, ++i)
        if (i >= t.end || std::toupper(static_cast<unsigned char>(s[i])) != *word) return false;
    return i == t.end;
}

Op opOf(const std::string& s, const Token& t) {
    if (equalsNoCase(s, t, "LD") || equalsNoCase(s, t, "R") || equalsNoCase(s, t, "READ")) return Op::Read;
    if (equalsNoCase(s, t, "ST") || equalsNoCase(s, t, "W") || equalsNoCase(s, t, "WRITE")) return Op::Write;
    return Op::None;
}

bool startsWithDigit(const std::string& s, const Token& t) {
    return std::isdigit(static_cast<unsigned char>(s[t.begin])) != 0;
}

// Parses [begin, end) as an unsigned number: base 16 after a 0x prefix when
// `allowHex`, else decimal. No allocation (this runs once per trace line).
bool parseNumber(const std::string& s, const Token& t, bool allowHex, uint64_t& out) {
    size_t i = t.begin;
    unsigned base = 10;
    if (allowHex && t.end - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        base = 16;
        i += 2;
    }
    if (i >= t.end) return false;
    uint64_t v = 0;
    for (; i < t.end; ++i) {
        const char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9') {
            d = unsigned(c - '0');
        } else if (base == 16 && c >= 'a' && c <= 'f') {
            d = unsigned(c - 'a' + 10);
        } else if (base == 16 && c >= 'A' && c <= 'F') {
            d = unsigned(c - 'A' + 10);
        } else {
            return false;
        }
        if (v > (~uint64_t(0) - d) / base) return false;  // overflow
        v = v * base + d;
    }
    out = v;
    return true;
}

}  // namespace

TraceReader::TraceReader(std::istream& in, std::string name) : in_(in), name_(std::move(name)) {}

void TraceReader::fail(size_t column, const std::string& message) const {
    throwInputError({name_, int(line_), int(column + 1)}, "", message);
}

bool TraceReader::next(TraceRecord& rec) {
    while (std::getline(in_, text_)) {
        ++line_;
        Token tok[4];
        int n = 0;
        size_t i = 0;
        const size_t size = text_.size();
        while (i < size) {
            const char c = text_[i];
            if (c == '#') break;
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < size && text_[j] != '#' && !std::isspace(static_cast<unsigned char>(text_[j]))) ++j;
            if (n == 4) fail(i, "unexpected '" + text_.substr(i, j - i) + "' (expected [CYCLE] LD|ST ADDRESS)");
            tok[n++] = Token{i, j};
            i = j;
        }
        if (n == 0) continue;

        auto word = [&](int k) { return "'" + text_.substr(tok[k].begin, tok[k].end - tok[k].begin) + "'"; };
        int opIdx = -1, addrIdx = -1, cycleIdx = -1;
        if (opOf(text_, tok[0]) != Op::None) {
            opIdx = 0;
            addrIdx = 1;
        } else if (n >= 2 && opOf(text_, tok[1]) != Op::None) {
            opIdx = 1;
            if (n >= 3) {
                cycleIdx = 0;
                addrIdx = 2;
            } else {
                addrIdx = 0;  // ADDRESS OP
            }
        } else {
            const int k = (n >= 2 && startsWithDigit(text_, tok[0])) ? 1 : 0;
            fail(tok[k].begin, "unknown operation " + word(k) + " (expected LD, ST, R or W)");
        }
        if (addrIdx >= n) fail(tok[opIdx].end, "missing address after " + word(opIdx));
        const int used = std::max(std::max(opIdx, addrIdx), cycleIdx) + 1;
        if (n > used) fail(tok[used].begin, "unexpected " + word(used) + " after the request");

        uint64_t addr = 0;
        if (!parseNumber(text_, tok[addrIdx], true, addr))
            fail(tok[addrIdx].begin, "bad address " + word(addrIdx) + " (expected 0x-prefixed hexadecimal or decimal)");
        rec.addr = addr;
        rec.is_write = opOf(text_, tok[opIdx]) == Op::Write;
        rec.cycle = -1;
        if (cycleIdx >= 0) {
            uint64_t cycle = 0;
            if (!parseNumber(text_, tok[cycleIdx], false, cycle))
                fail(tok[cycleIdx].begin, "bad cycle count " + word(cycleIdx) + " (expected a decimal integer)");
            // The controller keeps time in picoseconds; 2^50 cycles (about five
            // days at 2.4 GHz) keeps cycles x tCK inside 64 bits.
            if (cycle > kMaxTraceCycle)
                fail(tok[cycleIdx].begin, "cycle count " + word(cycleIdx) + " beyond 2^50");
            rec.cycle = int64_t(cycle);
        }
        return true;
    }
    if (in_.bad()) throwInputError({name_, int(line_), 0}, "", "read error");
    return false;
}

}  // namespace hcm
