#include "address_mapping.hpp"

#include <vector>

#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

constexpr const char* kFieldNames[] = {"Ro", "Ba", "Bg", "Ra", "Co", "Ch"};
constexpr int kFieldCount = 6;

bool isPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

int log2Exact(int64_t v) {
    int b = 0;
    while ((int64_t(1) << b) < v) ++b;
    return b;
}

// Parses the name into field indices, most significant first; returns an
// error message (empty on success).
std::string parseFields(const std::string& name, std::vector<int>& order) {
    const std::string list = "Ro, Ba, Bg, Ra, Co, Ch";
    if (name.empty()) return "address mapping is empty (expected fields like RoBaRaCoCh from: " + list + ")";
    if (name.size() % 2 != 0)
        return "address mapping '" + name + "' is not a sequence of two-letter fields (" + list + ")";
    bool seen[kFieldCount] = {};
    for (size_t i = 0; i < name.size(); i += 2) {
        const std::string tok = name.substr(i, 2);
        int f = -1;
        for (int k = 0; k < kFieldCount; ++k)
            if (tok == kFieldNames[k]) f = k;
        if (f < 0)
            return "address mapping '" + name + "': unknown field '" + tok + "' at character " +
                   std::to_string(i + 1) + " (fields: " + list + ")";
        if (seen[f]) return "address mapping '" + name + "': field '" + tok + "' appears twice";
        seen[f] = true;
        order.push_back(f);
    }
    for (int k = 0; k < kFieldCount; ++k) {
        if (k == 2) continue;  // Bg is optional
        if (!seen[k])
            return "address mapping '" + name + "': field '" + kFieldNames[k] +
                   "' is missing (every one of Ro, Ba, Ra, Co, Ch must appear once; Bg is optional)";
    }
    return "";
}

}  // namespace

std::string AddressMapping::checkName(const std::string& name) {
    std::vector<int> order;
    return parseFields(name, order);
}

AddressMapping::AddressMapping(const DramOrganization& org, const std::string& name) : name_(name) {
    std::vector<int> order;
    const std::string err = parseFields(name, order);
    if (!err.empty()) throw InputError(err);
    auto requirePow2 = [](int64_t v, const char* what) {
        if (!isPowerOfTwo(v))
            throw InputError(std::string(what) + " must be a power of two for bit-sliced address mapping, got " +
                             std::to_string(v));
    };
    requirePow2(org.channels, "channels");
    requirePow2(org.ranks, "ranks");
    requirePow2(org.bankgroups, "bankgroups");
    requirePow2(org.banks_per_group, "banks_per_group");
    requirePow2(org.rows, "rows");
    requirePow2(org.burstBytes(), "burst size in bytes (bus_width_bits / 8 * burst_length)");
    if (org.burst_length <= 0 || org.columns % org.burst_length != 0)
        throw InputError("columns must be a multiple of burst_length");
    requirePow2(org.burstsPerRow(), "columns / burst_length");

    separateBankGroup_ = false;
    for (int f : order) separateBankGroup_ = separateBankGroup_ || (f == kBankGroup);
    bankgroupBits_ = log2Exact(org.bankgroups);

    int bits[kFieldCount] = {};
    bits[kRow] = log2Exact(org.rows);
    bits[kRank] = log2Exact(org.ranks);
    bits[kColumn] = log2Exact(org.burstsPerRow());
    bits[kChannel] = log2Exact(org.channels);
    if (separateBankGroup_) {
        bits[kBank] = log2Exact(org.banks_per_group);
        bits[kBankGroup] = bankgroupBits_;
    } else {
        bits[kBank] = log2Exact(org.banks());
    }
    offsetBits_ = log2Exact(org.burstBytes());

    // Least significant field last in the name: walk it backwards.
    int shift = offsetBits_;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        Slice& s = slices_[*it];
        s.present = true;
        s.shift = shift;
        s.bits = bits[*it];
        s.mask = s.bits >= 64 ? ~uint64_t(0) : (uint64_t(1) << s.bits) - 1;
        shift += s.bits;
    }
    if (shift > 63) throw InputError("address mapping needs " + std::to_string(shift) + " address bits (at most 63)");
}

DramAddress AddressMapping::decode(uint64_t addr) const {
    DramAddress a;
    a.channel = int(extract(addr, kChannel));
    a.rank = int(extract(addr, kRank));
    a.row = int64_t(extract(addr, kRow));
    a.column = int(extract(addr, kColumn));
    const uint64_t ba = extract(addr, kBank);
    if (separateBankGroup_) {
        a.bank = int(ba);
        a.bankgroup = int(extract(addr, kBankGroup));
    } else {
        a.bankgroup = int(ba & ((uint64_t(1) << bankgroupBits_) - 1));
        a.bank = int(ba >> bankgroupBits_);
    }
    return a;
}

uint64_t AddressMapping::encode(const DramAddress& a) const {
    auto put = [this](Field f, uint64_t v) {
        const Slice& s = slices_[f];
        return s.present ? (v & s.mask) << s.shift : 0;
    };
    uint64_t addr = put(kChannel, uint64_t(a.channel)) | put(kRank, uint64_t(a.rank)) |
                    put(kRow, uint64_t(a.row)) | put(kColumn, uint64_t(a.column));
    if (separateBankGroup_) {
        addr |= put(kBank, uint64_t(a.bank)) | put(kBankGroup, uint64_t(a.bankgroup));
    } else {
        addr |= put(kBank, (uint64_t(a.bank) << bankgroupBits_) | uint64_t(a.bankgroup));
    }
    return addr;
}

}  // namespace hcm
