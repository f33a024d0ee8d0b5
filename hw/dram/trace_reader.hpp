#pragma once
// Streams a memory trace one line at a time (bounded memory for any length).
//
// Accepted lines (case-insensitive operations; '#' starts a comment; blank
// lines are skipped):
//     LD 0x1f40            Ramulator 2 load/store trace
//     ST 0x1f40
//     R 0x1f40 / W 0x1f40  (also READ / WRITE)
//     0x1f40 R             Ramulator 1 DRAM trace order
//     120 LD 0x1f40        leading cycle: the request is not issued before it
//                          (at most 2^50)
// Addresses are hexadecimal with 0x, or decimal. A malformed line throws
// InputError "file:line:column: message".
#include <cstdint>
#include <istream>
#include <string>

namespace hcm {

// Largest leading cycle a trace may give (2^50).
constexpr uint64_t kMaxTraceCycle = uint64_t(1) << 50;

struct TraceRecord {
    uint64_t addr = 0;
    bool is_write = false;
    int64_t cycle = -1;   // -1: no cycle given
};

class TraceReader {
public:
    TraceReader(std::istream& in, std::string name);
    // Next record; false at the end of the input.
    bool next(TraceRecord& rec);
    int64_t lineNumber() const { return line_; }

private:
    [[noreturn]] void fail(size_t column, const std::string& message) const;

    std::istream& in_;
    std::string name_;
    std::string text_;
    int64_t line_ = 0;
};

}  // namespace hcm
