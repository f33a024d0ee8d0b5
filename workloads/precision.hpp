#pragma once
// Per-layer operand precision. 1 bit means binary (+1/-1, XNOR + popcount).
#include <optional>
#include <string>

namespace hcm {

constexpr int kMinBits = 1;
constexpr int kMaxBits = 32;

struct Precision {
    int wbits = 8;  // weight bits
    int abits = 8;  // input-activation bits
    int obits = 8;  // output-activation bits

    std::string str() const;  // "w8a8o8"
    bool operator==(const Precision& o) const { return wbits == o.wbits && abits == o.abits && obits == o.obits; }
};

// A partial precision: only the fields that were given somewhere.
struct PrecisionOverride {
    std::optional<int> wbits, abits, obits;

    bool empty() const { return !wbits && !abits && !obits; }
    // Fields set in `o` replace ours.
    void overlay(const PrecisionOverride& o);
};

}  // namespace hcm
