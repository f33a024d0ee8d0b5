#include "input_error.hpp"

namespace hcm {

std::string SourceLocation::str() const {
    std::string s = file;
    if (line > 0) {
        s += ":" + std::to_string(line);
        if (column > 0) s += ":" + std::to_string(column);
    }
    return s;
}

std::string formatInputError(const SourceLocation& where, const std::string& key, const std::string& message) {
    std::string s = where.str();
    if (!key.empty()) s += (s.empty() ? "" : ": ") + key;
    if (!s.empty()) s += ": ";
    return s + message;
}

void throwInputError(const SourceLocation& where, const std::string& key, const std::string& message) {
    throw InputError(formatInputError(where, key, message));
}

}  // namespace hcm
