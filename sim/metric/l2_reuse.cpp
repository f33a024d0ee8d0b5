#include "l2_reuse.hpp"

#include <algorithm>
#include <list>

namespace hcm {

namespace {

// The L2's contents as regions in LRU order, most recent first.
class LruRegions {
public:
    explicit LruRegions(double capacity) : capacity_(capacity) {}

    // Reads `bytes` of `region`; returns how many were still resident.
    double read(long region, double bytes) {
        double before = 0, resident = 0;
        for (auto it = regions_.begin(); it != regions_.end(); ++it) {
            if (it->id == region) {
                // The region's bytes sit below `before` bytes of more recent
                // data; what lies beyond the capacity has been evicted.
                resident = std::clamp(capacity_ - before, 0.0, std::min(bytes, it->bytes));
                regions_.erase(it);
                break;
            }
            before += it->bytes;
        }
        touch(region, bytes);
        return resident;
    }

    // Writes `bytes` of `region` (write-allocate); returns the bytes absorbed.
    double write(long region, double bytes) {
        for (auto it = regions_.begin(); it != regions_.end(); ++it)
            if (it->id == region) {
                regions_.erase(it);
                break;
            }
        touch(region, bytes);
        return std::min(bytes, capacity_);
    }

private:
    struct Region {
        long id;
        double bytes;
    };

    void touch(long region, double bytes) {
        regions_.push_front({region, bytes});
        // Forget what lies wholly beyond the capacity: it can only miss.
        double total = 0;
        for (auto it = regions_.begin(); it != regions_.end(); ++it) {
            if (total > capacity_) {
                regions_.erase(it, regions_.end());
                break;
            }
            total += it->bytes;
        }
    }

    double capacity_;
    std::list<Region> regions_;
};

double activationBytes(int64_t elements, int bits) { return double(elements) * double(bits) / 8.0; }

}  // namespace

std::vector<double> l2ResidentBytes(const PlatformConfig& p, const Network& net) {
    std::vector<double> resident(net.layers.size(), 0.0);
    if (!p.cache.enabled) return resident;
    enum : long { kAct0 = 0, kAct1 = 1, kResidual = 2, kFirstWeights = 3 };
    LruRegions l2(double(p.cache.capacity_bytes));
    for (size_t i = 0; i < net.layers.size(); ++i) {
        const Layer& L = net.layers[i];
        const long in = i % 2 == 0 ? kAct0 : kAct1, out = i % 2 == 0 ? kAct1 : kAct0;
        const int64_t planeElements = L.n * L.c * (L.op == LayerOp::FC ? 1 : L.h * L.w);
        double hits = l2.read(in, activationBytes(planeElements, L.prec.abits));
        if (L.op == LayerOp::Add || L.op == LayerOp::Eltwise)
            hits += l2.read(kResidual, activationBytes(planeElements * (L.add_inputs - 1), L.prec.abits));
        if (L.hasWeights()) l2.read(kFirstWeights + long(i), double(L.weightBits()) / 8.0);  // streamed, not counted
        hits += l2.write(out, double(L.outputBits()) / 8.0);
        resident[i] = hits;
    }
    return resident;
}

}  // namespace hcm
