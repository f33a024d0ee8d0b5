#include "global_access.hpp"

#include <algorithm>
#include <cmath>

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// sqrt(v) when v is a perfect square, else 0.
int64_t exactSqrt(int64_t v) {
    const int64_t r = int64_t(std::llround(std::sqrt(double(v))));
    return r * r == v ? r : 0;
}

// Sectors a run of `words` consecutive words starting `offset` words past a
// sector boundary touches.
int64_t runSectors(int64_t words, int64_t offset) { return ceilDiv((offset + words) * 4, 32); }

}  // namespace

double activationSectorsPerRequest(const GemmProblem& prob) {
    if (prob.fully_connected) return 4.0;  // 32 consecutive words of one input vector
    const int64_t q = exactSqrt(prob.m) > 0 ? exactSqrt(prob.m) : 32;
    const int64_t s = std::max<int64_t>(1, exactSqrt(prob.taps));
    const int64_t pad = (s - 1) / 2, run = std::min<int64_t>(32, q);
    double total = 0;
    for (int64_t tap = 0; tap < s; ++tap) {
        const int64_t offset = (((tap - pad) % 8) + 8) % 8;  // word offset of the tap's first column
        int64_t left = 32, sectors = 0;
        while (left > 0) {
            const int64_t words = std::min(left, run);
            sectors += runSectors(words, offset);
            left -= words;
        }
        total += double(sectors);
    }
    return total / double(s);
}

GlobalIteration globalIteration(const KernelConfig& k, const GemmProblem& prob, double pixels, double filters) {
    GlobalIteration g;
    if (prob.fully_connected) {
        g.requests += pixels * double(ceilDiv(k.a_row_words, 32));
        g.sectors += pixels * double(runSectors(k.a_row_words, 0));
    } else {
        const double requests = double(k.a_row_words) * std::ceil(pixels / 32.0 - 1e-9);
        g.requests += requests;
        g.sectors += requests * activationSectorsPerRequest(prob);
    }
    g.a_bytes = pixels * double(k.a_row_words) * 4.0;
    if (k.b_row_words >= 32) {
        g.requests += filters * double(ceilDiv(k.b_row_words, 32));
    } else {
        g.requests += std::ceil(filters * double(k.b_row_words) / 32.0 - 1e-9);
    }
    g.sectors += filters * double(runSectors(k.b_row_words, 0));
    g.b_bytes = filters * double(k.b_row_words) * 4.0;
    return g;
}

L1Result l1Filter(double requestedA, double weightSectors, double uniqueA, double footprintPerSm, double l1Bytes) {
    L1Result r;
    const double unique = std::min(requestedA, uniqueA / 32.0);
    const double fit = footprintPerSm > l1Bytes && footprintPerSm > 0 ? l1Bytes / footprintPerSm : 1.0;
    r.hit_sectors = (requestedA - unique) * fit;
    r.miss_sectors = requestedA + weightSectors - r.hit_sectors;
    return r;
}

}  // namespace hcm
