#include "smem_banks.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace hcm {

namespace {

// The distinct active word addresses of one access.
std::vector<int64_t> distinctWords(const std::vector<int64_t>& words) {
    std::vector<int64_t> d;
    d.reserve(words.size());
    for (int64_t w : words)
        if (w >= 0) d.push_back(w);
    std::sort(d.begin(), d.end());
    d.erase(std::unique(d.begin(), d.end()), d.end());
    return d;
}

}  // namespace

int64_t accessWavefronts(const std::vector<int64_t>& words, int64_t banks) {
    std::vector<int64_t> perBank = distinctWords(words);
    for (int64_t& w : perBank) w %= banks;
    std::sort(perBank.begin(), perBank.end());
    int64_t most = 0, run = 0;
    for (size_t i = 0; i < perBank.size(); ++i) {
        run = (i > 0 && perBank[i] == perBank[i - 1]) ? run + 1 : 1;
        most = std::max(most, run);
    }
    return std::max<int64_t>(1, most);
}

int64_t minimumWavefronts(const std::vector<int64_t>& words, int64_t banks) {
    return std::max<int64_t>(1, (int64_t(distinctWords(words).size()) + banks - 1) / banks);
}

namespace {

SmemIteration enumerate(const GpuSmParams& p, const KernelConfig& k) {
    const CtaShape& s = k.shape;
    const int64_t pad = p.smem_layout == SmemLayout::Padded ? 1 : 0;
    const int64_t pitchA = s.bm + pad, pitchB = s.bn + pad;
    const int64_t lanes = p.warp_size, banks = std::max<int64_t>(1, p.shared_mem_banks);
    SmemIteration it;
    std::vector<int64_t> addr(size_t(lanes), -1);
    auto account = [&](int64_t& fragment) {
        const int64_t minimum = minimumWavefronts(addr, banks);
        const int64_t w = p.smem_layout == SmemLayout::Swizzled ? minimum : accessWavefronts(addr, banks);
        it.accesses += 1;
        it.wavefronts += w;
        it.conflicts += w - minimum;
        fragment += w;
    };
    int64_t staging = 0;
    // Staging stores: A row-wise (pixels contiguous), B column-wise (reduction contiguous).
    // The direct depthwise kernel reads A through the L1 (the same SRAM and
    // bandwidth), not from a staged tile.
    const int64_t aWords = k.direct_a ? 0 : k.a_row_words * s.bm, bWords = k.b_row_words * s.bn;
    for (int64_t base = 0; base < aWords; base += lanes) {
        for (int64_t l = 0; l < lanes; ++l) {
            const int64_t i = base + l;
            addr[size_t(l)] = i < aWords ? (i / s.bm) * pitchA + i % s.bm : -1;
        }
        account(staging);
    }
    for (int64_t base = 0; base < bWords; base += lanes) {
        for (int64_t l = 0; l < lanes; ++l) {
            const int64_t i = base + l;
            addr[size_t(l)] = i < bWords ? (i % k.b_row_words) * pitchB + i / k.b_row_words : -1;
        }
        account(staging);
    }
    // Fragments: every warp reads TM words of each As row and TN of each Bs row.
    for (int64_t w = 0; w < k.warps; ++w) {
        for (int64_t row = 0; row < k.a_row_words; ++row)
            for (int64_t j = 0; j < s.tm; ++j) {
                for (int64_t l = 0; l < lanes; ++l) {
                    const int64_t t = w * lanes + l;
                    addr[size_t(l)] = t < s.threads ? row * pitchA + (t / k.threads_n) * s.tm + j : -1;
                }
                account(it.fragment_a_wavefronts);
            }
        for (int64_t row = 0; row < k.b_row_words; ++row)
            for (int64_t j = 0; j < s.tn; ++j) {
                for (int64_t l = 0; l < lanes; ++l) {
                    const int64_t t = w * lanes + l;
                    addr[size_t(l)] = t < s.threads ? row * pitchB + (t % k.threads_n) * s.tn + j : -1;
                }
                account(it.fragment_b_wavefronts);
            }
    }
    return it;
}

}  // namespace

SmemIteration smemIteration(const GpuSmParams& p, const KernelConfig& k) {
    // The same few tiles recur in every layer: enumerate each pattern once.
    using Key = std::tuple<int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int>;
    static std::map<Key, SmemIteration> memo;
    const Key key{k.shape.bm, k.shape.bn, k.shape.threads, k.shape.tm, k.shape.tn, k.a_row_words, k.b_row_words,
                  p.warp_size, p.shared_mem_banks, int(p.smem_layout)};
    const auto it = memo.find(key);
    if (it != memo.end()) return it->second;
    const SmemIteration r = enumerate(p, k);
    memo.emplace(key, r);
    return r;
}

}  // namespace hcm
