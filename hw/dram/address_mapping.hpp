#pragma once
// Byte address -> DRAM coordinates, for a mapping named by its fields from
// the most significant bit down, as Ramulator names them: "RoBaRaCoCh" is
// row | bank | rank | column | channel | burst offset.
//
// Fields are two letters: Ro (row), Ba (bank), Bg (bank group), Ra (rank),
// Co (column), Ch (channel). Every field except Bg must appear exactly once.
// Without Bg, Ba covers bank group and bank together with the bank-group bits
// lowest, so consecutive Ba values alternate bank groups (DDR4: a stream that
// leaves one bank moves to another bank group and pays tCCD_S, not tCCD_L).
//
// The bits below one burst (burstBytes()) are the offset inside the burst.
// Column is counted in bursts (0 .. burstsPerRow()-1). Bits above the
// capacity are ignored (addresses wrap), like Ramulator's bit slicing.
#include <array>
#include <cstdint>
#include <string>

#include "dram_params.hpp"

namespace hcm {

struct DramAddress {
    int channel = 0;
    int rank = 0;
    int bankgroup = 0;
    int bank = 0;        // bank inside its bank group
    int64_t row = 0;
    int column = 0;      // burst index inside the row
};

class AddressMapping {
public:
    // Throws InputError for a malformed name or a non-power-of-two size.
    AddressMapping(const DramOrganization& org, const std::string& name);

    // Empty when `name` is a well-formed mapping name, else what is wrong.
    static std::string checkName(const std::string& name);

    DramAddress decode(uint64_t addr) const;
    // Inverse of decode (offset 0); handy for tests and trace generators.
    uint64_t encode(const DramAddress& a) const;

    const std::string& name() const { return name_; }
    int offsetBits() const { return offsetBits_; }

private:
    enum Field { kRow, kBank, kBankGroup, kRank, kColumn, kChannel, kFieldCount };
    struct Slice {
        int shift = 0;
        int bits = 0;
        uint64_t mask = 0;   // (1 << bits) - 1
        bool present = false;
    };
    uint64_t extract(uint64_t addr, Field f) const {
        const Slice& s = slices_[f];
        return (addr >> s.shift) & s.mask;
    }

    std::string name_;
    std::array<Slice, kFieldCount> slices_{};
    int offsetBits_ = 0;
    int bankgroupBits_ = 0;   // low bits of Ba that select the bank group (when Bg is absent)
    bool separateBankGroup_ = false;
};

}  // namespace hcm
