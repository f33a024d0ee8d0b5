#pragma once
// Errors caused by what the user gave us (config, workload, command line).
// The CLI turns an InputError into a one-line message and exit code 2;
// anything else that escapes is an internal failure (exit code 1).
#include <stdexcept>
#include <string>

namespace hcm {

// Where a value came from. line/column are 1-based; 0 means "not known"
// (for example a value given with --set on the command line).
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    std::string str() const;
};

class InputError : public std::runtime_error {
public:
    explicit InputError(const std::string& message) : std::runtime_error(message) {}
};

// Formats "file:line:col: key: message" (parts that are unknown are left out).
std::string formatInputError(const SourceLocation& where, const std::string& key, const std::string& message);

[[noreturn]] void throwInputError(const SourceLocation& where, const std::string& key, const std::string& message);

}  // namespace hcm
