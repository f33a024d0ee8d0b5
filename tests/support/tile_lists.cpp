#include "tile_lists.hpp"

#include <algorithm>
#include <vector>

namespace hcm::test {

TileList randomTileList(std::mt19937_64& rng, uint64_t capacityBytes) {
    auto pick = [&](std::initializer_list<int64_t> values) {
        const std::vector<int64_t> v(values);
        return v[size_t(rng() % v.size())];
    };
    auto between = [&](int64_t lo, int64_t hi) { return lo + int64_t(rng() % uint64_t(hi - lo + 1)); };
    TileList out;
    TensorRegion t;
    t.bits = int(pick({8, 8, 8, 4, 4, 2, 1, 16}));
    t.base = (rng() % (capacityBytes / 4 / 4096)) * 4096;
    switch (rng() % 3) {
        case 0: {  // activations N x C x H x W: channels [c0, c0 + cb), rows [h0, h0 + hb)
            t.h = t.w = pick({7, 14, 28, 56, 112, 224, 13, 27, 55, 17, 35, 150, 300});
            t.c = pick({3, 16, 32, 64, 96, 128, 192, 256, 384, 512, 1024, 2048});
            const int64_t cb = std::min(t.c, pick({1, 2, 4, 8, 16, 32, 64, 128, 256}));
            const int64_t hb = between(1, t.h);
            const int64_t c0 = between(0, t.c - cb), h0 = between(0, t.h - hb);
            addActivationBlock(out.segments, t, 0, 1, c0, c0 + cb, h0, h0 + hb);
            out.what = "activations C" + std::to_string(t.c) + " H" + std::to_string(t.h) + " cb" +
                       std::to_string(cb) + " hb" + std::to_string(hb);
            break;
        }
        case 1: {  // weights K x C x R x S: filters [k0, k0 + kb), channels [c0, c0 + cb)
            t.h = t.w = pick({1, 3, 3, 5, 7});
            t.c = pick({3, 16, 32, 64, 128, 256, 512, 1024, 2048});
            t.n = pick({16, 32, 64, 128, 256, 512, 1024});
            const int64_t kb = std::min(t.n, pick({8, 16, 32, 64, 128, 256}));
            const int64_t cb = std::min(t.c, pick({1, 4, 8, 16, 32, 64, 128, 256, 512}));
            const int64_t k0 = between(0, t.n - kb), c0 = between(0, t.c - cb);
            addWeightBlock(out.segments, t, k0, k0 + kb, c0, c0 + cb);
            out.what = "weights K" + std::to_string(t.n) + " C" + std::to_string(t.c) + " R" + std::to_string(t.h) +
                       " kb" + std::to_string(kb) + " cb" + std::to_string(cb);
            break;
        }
        default: {  // outputs N x K x P x Q: channels [k0, k0 + kb), flat pixels [m0, m0 + mb)
            t.h = t.w = pick({7, 14, 28, 56, 112});
            t.c = pick({16, 32, 64, 128, 256, 512, 1024});
            t.n = pick({1, 1, 1, 2, 4});
            const int64_t pixels = t.n * t.h * t.w;
            const int64_t kb = std::min(t.c, pick({8, 16, 32, 64, 128}));
            const int64_t mb = std::min(pixels, pick({16, 49, 64, 196, 256, 784, 1024, 3136, 12544}));
            const int64_t k0 = between(0, t.c - kb), m0 = between(0, pixels - mb);
            addOutputBlock(out.segments, t, k0, k0 + kb, m0, m0 + mb);
            out.what = "outputs K" + std::to_string(t.c) + " P" + std::to_string(t.h) + " N" + std::to_string(t.n) +
                       " kb" + std::to_string(kb) + " mb" + std::to_string(mb);
            break;
        }
    }
    out.what += " at " + std::to_string(t.bits) + " bits, base " + std::to_string(t.base);
    return out;
}

}  // namespace hcm::test
