#pragma once
// Per-layer operand precision. 1 bit means binary (+1/-1, XNOR + popcount).
// Integers by default; `fp` marks IEEE floating-point operands (fp16 or fp32:
// the bit widths are then 16 or 32), for the GPU-like SM's float paths.
#include <optional>
#include <string>

namespace hcm {

constexpr int kMinBits = 1;
constexpr int kMaxBits = 32;

struct Precision {
    int wbits = 8;  // weight bits
    int abits = 8;  // input-activation bits
    int obits = 8;  // output-activation bits
    bool fp = false;  // floating-point operands (weights and activations alike)

    std::string str() const;  // "w8a8o8", "fp16" (all 16-bit floats), "w16a16o32-fp"
    const char* format() const { return fp ? "float" : "int"; }
    bool operator==(const Precision& o) const {
        return wbits == o.wbits && abits == o.abits && obits == o.obits && fp == o.fp;
    }
};

// One bit-width value as written: "8" (integer), "fp16" or "fp32" (float).
struct BitsValue {
    int bits = 8;
    bool fp = false;
};
// Nullopt when the text is neither an integer in 1..32 nor fp16/fp32.
std::optional<BitsValue> parseBits(const std::string& text);
// What parseBits accepts, for error messages.
constexpr const char* kBitsSyntax = "an integer in 1..32, fp16 or fp32";

// A uniform precision by name, as sweeps and calibration sets write it:
// "w4a4", "w4a4o8", "w8a8o32", "wfp16afp16", or "fp16" / "fp32" (all three
// widths). The fields are the texts parseBits accepts ("" obits: not given).
struct PrecisionName {
    std::string wbits, abits, obits;
};
std::optional<PrecisionName> parsePrecisionName(const std::string& text);
constexpr const char* kPrecisionNameSyntax = "w4a4, w4a4o8, fp16 or fp32";

// A partial precision: only the fields that were given somewhere. `fp` is
// set by the weight and activation fields (fp16/fp32 or a plain integer);
// output bits take the layer's format.
struct PrecisionOverride {
    std::optional<int> wbits, abits, obits;
    std::optional<bool> fp;

    bool empty() const { return !wbits && !abits && !obits; }
    // Fields set in `o` replace ours.
    void overlay(const PrecisionOverride& o);
    // Sets one field from its text (key: "wbits", "abits" or "obits"). Returns
    // an error message, empty on success: a malformed value, or weights and
    // activations given in different formats in the same place.
    std::string set(const std::string& key, const std::string& text);
    // The fields of a precision name.
    static PrecisionOverride of(const PrecisionName& name);
};

}  // namespace hcm
