#pragma once
// Saturating int64 arithmetic for counts that are products of user-given
// sizes (bits x passes, tiles x bytes): a result past INT64_MAX reads as
// INT64_MAX rather than wrapping into a negative or small number.
#include <cstdint>
#include <limits>

namespace hcm {

inline int64_t satMul(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        return (a < 0) != (b < 0) ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    return r;
}

inline int64_t satAdd(int64_t a, int64_t b) {
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return a < 0 ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    return r;
}

}  // namespace hcm
