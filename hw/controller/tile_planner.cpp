#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "tile_footprint.hpp"
#include "tile_plan.hpp"

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t bitsToBytes(int64_t bits) { return (bits + 7) / 8; }

int64_t unitOf(const FoldSpace& s, GemmDim d) {
    if (d == s.row_dim) return s.row_unit;
    if (d == s.col_dim) return s.col_unit;
    return s.time_unit;
}

// Block sizes to try along a dimension of `size` elements aligned to `unit`:
// unit·2^j below the size, and the whole dimension.
std::vector<int64_t> candidates(int64_t size, int64_t unit) {
    std::vector<int64_t> out;
    for (int64_t b = std::max<int64_t>(unit, 1); b < size; b *= 2) out.push_back(b);
    out.push_back(size);
    return out;
}

void sortUnique(std::vector<int64_t>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// Pixel blocks: the power-of-two multiples of the engine's unit, plus blocks
// of whole output rows (Q·2^j) and of row fractions (Q/2^j), which do not cut
// rows mid-way, where the unit allows them.
std::vector<int64_t> pixelCandidates(const GemmLayerGeometry& g, int64_t unit) {
    const int64_t M = g.m();
    std::vector<int64_t> out = candidates(M, unit);
    for (int64_t b = g.q; b < M; b *= 2)
        if (b % unit == 0) out.push_back(b);
    for (int64_t b = g.q / 2; b >= unit && b >= 1; b /= 2)
        if (g.q % b == 0 && b % unit == 0) out.push_back(b);
    sortUnique(out);
    return out;
}

// Reduction blocks: whole channels in multiples of the smallest channel count
// that holds whole reduction units; or (`cutTaps`, below that) any multiple of
// the unit, cutting a channel's taps between blocks.
std::vector<int64_t> reductionCandidates(const GemmLayerGeometry& g, int64_t kUnit, bool cutTaps) {
    const int64_t C = g.c, RS = g.taps();
    const int64_t cUnit = std::min(C, kUnit / std::gcd(kUnit, RS));
    std::vector<int64_t> out;
    if (cutTaps) {
        for (int64_t bk = kUnit; bk < cUnit * RS; bk *= 2) out.push_back(bk);
    } else {
        for (int64_t bc : candidates(C, std::max<int64_t>(cUnit, 1))) out.push_back(bc * RS);
    }
    return out;
}

// What one candidate tiling costs, in the planner's model (for ranking):
//     key = max(compute, traffic / bandwidth) + fill + per-tile overhead
struct Cost {
    double compute = 0, traffic = 0, fill = 0, key = 0;
};

// The planner's search over one layer; see tile_plan.hpp for the loop nests.
class Planner {
public:
    Planner(const GemmLayerGeometry& g, const FoldSpace& s, const BufferBudget& b, const PlannerMemory& m)
        : g_(g), s_(s), b_(b), psum_(psumBits(g, s)) {
        M_ = g.m(), K_ = g.reduction(), N_ = g.k;
        bw_ = std::max(1e-9, m.bytes_per_cycle * m.efficiency);
        foldOverhead_ = s.fr * s.fc > 0 ? double(s.total_cycles_ideal) / double(s.fr * s.fc) - double(s.t) : 0;
        programmed_ = s.programmed_col_folds > 0 && s.col_dim == GemmDim::N;
        weightsInEngine_ = s.weights_preloaded || programmed_;
        mCands_ = pixelCandidates(g, unitOf(s, GemmDim::M));
        kCands_ = reductionCandidates(g, unitOf(s, GemmDim::K), false);
        nCands_ = candidates(N_, unitOf(s, GemmDim::N));
        if (programmed_) {
            // Weights the engine stores: a filter block is at most what the
            // engine holds at once; it streams through the weight buffer in
            // chunks, so the buffer does not bound it.
            const int64_t most = s.programmed_col_folds * s.col_unit;
            nCands_.erase(std::remove_if(nCands_.begin(), nCands_.end(), [&](int64_t v) { return v > most; }),
                          nCands_.end());
            if (nCands_.empty() || (most < N_ && nCands_.back() < most)) nCands_.push_back(std::min(most, N_));
        }
        weightGroupBytes_ = double(bitsToBytes(N_ * K_ * g.wbits));
        outGroupBytes_ = double(bitsToBytes(M_ * N_ * g.obits));
        psumGroupBytes_ = double(bitsToBytes(M_ * N_ * psum_));
    }

    // Whole channels first; kernel taps are cut between reduction blocks only
    // when no tiling with whole channels fits (it re-reads the cut channels).
    // Then, where the engine allows it, blocks of fewer channels than one row
    // fold holds (a brick array whose fold is its lanes x every tap of their
    // channels). Last, blocks smaller than one temporal group of the engine (an RRAM
    // layer's pixels when it has many copies): such a block leaves part of
    // the group's lanes idle for a whole group time.
    TilePlan run() {
        search();
        if (!found_ && shortlist_.empty()) {
            const auto cut = reductionCandidates(g_, unitOf(s_, GemmDim::K), true);
            if (!cut.empty()) {
                kCands_ = cut;
                search();
            }
        }
        if (!found_ && shortlist_.empty() && s_.partial_row_folds && s_.row_dim == GemmDim::K &&
            s_.row_unit > g_.taps()) {
            // Below one row fold: whole channels, the fold's other lanes idle.
            const int64_t lanes = std::min(g_.c, s_.row_unit / g_.taps());
            kCands_.clear();
            for (int64_t bc = lanes / 2; bc >= 1; bc /= 2) kCands_.insert(kCands_.begin(), bc * g_.taps());
            if (!kCands_.empty()) search();
        }
        if (!found_ && shortlist_.empty() && s_.time_unit > 1) {
            std::vector<int64_t>& c = s_.time_dim == GemmDim::M ? mCands_ : s_.time_dim == GemmDim::N ? nCands_ : kCands_;
            const int64_t smallest = c.front();
            c.clear();
            for (int64_t b = std::min(smallest, s_.time_unit) / 2; b >= 1; b /= 2) c.insert(c.begin(), b);
            if (!c.empty()) search();
        }
        return finish();
    }

private:
    // Sum over the blocks of dimension d (block size b) of f(block elements).
    template <class F>
    double overBlocks(GemmDim d, int64_t b, F f) const {
        const int64_t size = dimSize(d), full = size / b, rest = size % b;
        return double(full) * f(b) + (rest > 0 ? f(rest) : 0.0);
    }
    // The output tile holds partial sums, then the finished outputs, which
    // may be wider (a 32-bit output of 8-bit operands).
    int outBits() const { return std::max(psum_, g_.obits); }
    int64_t dimSize(GemmDim d) const { return d == GemmDim::M ? M_ : d == GemmDim::N ? N_ : K_; }
    double computeCycles(int64_t bm, int64_t bk, int64_t bn) const;
    int64_t weightTileBytes(int64_t bk, int64_t bn) const {
        return weightsInEngine_ ? 0 : bitsToBytes(bn * bk * g_.wbits) + bn;
    }
    bool fits(int64_t in, int64_t w, int64_t o) const {
        return b_.is_shared ? in + w + o <= b_.shared : in <= b_.ifmap && w <= b_.weight && o <= b_.ofmap;
    }
    void search();
    TilePlan finish();
    void consider(const TilePlan& cand);
    [[noreturn]] void infeasible() const;

    const GemmLayerGeometry& g_;
    const FoldSpace& s_;
    const BufferBudget& b_;
    int psum_;
    int64_t M_ = 1, K_ = 1, N_ = 1;
    double bw_ = 1, foldOverhead_ = 0;
    bool programmed_ = false, weightsInEngine_ = false;
    std::vector<int64_t> mCands_, kCands_, nCands_;
    double weightGroupBytes_ = 0, outGroupBytes_ = 0, psumGroupBytes_ = 0;

    TilePlan best_;
    bool found_ = false;
    std::vector<TilePlan> shortlist_;  // FoldSpace::folds_in_parallel: every fitting plan
};

double Planner::computeCycles(int64_t bm, int64_t bk, int64_t bn) const {
    auto block = [&](GemmDim d) { return d == GemmDim::M ? bm : d == GemmDim::N ? bn : bk; };
    const int64_t nm = ceilDiv(M_, bm), nk = ceilDiv(K_, bk), nn = ceilDiv(N_, bn);
    if (s_.folds_in_parallel) {
        const double steps = double(s_.stepsFor(block(s_.time_dim)));
        return double(nm * nk * nn) * steps * (s_.t > 0 ? double(s_.total_cycles_ideal) / double(s_.t) : 1.0);
    }
    // Every tile runs its folds over its temporal slice; partial last blocks
    // count what they hold.
    const double rowFolds =
        overBlocks(s_.row_dim, block(s_.row_dim), [&](int64_t e) { return double(ceilDiv(e, s_.row_unit)); });
    const double colFolds =
        overBlocks(s_.col_dim, block(s_.col_dim), [&](int64_t e) { return double(ceilDiv(e, s_.col_unit)); });
    const double timeSteps =
        overBlocks(s_.time_dim, block(s_.time_dim), [&](int64_t e) { return double(s_.stepsFor(e)); });
    const double timeBlocks = double(ceilDiv(dimSize(s_.time_dim), block(s_.time_dim)));
    return rowFolds * colFolds * (timeSteps + timeBlocks * foldOverhead_);
}

void Planner::consider(const TilePlan& c) {
    if (s_.folds_in_parallel) {
        shortlist_.push_back(c);
        return;
    }
    if (!found_ || c.predicted_cycles < best_.predicted_cycles * (1 - 1e-9) ||
        (c.predicted_cycles <= best_.predicted_cycles * (1 + 1e-9) &&
         c.predicted_dram_bytes < best_.predicted_dram_bytes)) {
        found_ = true;
        best_ = c;
    }
}

void Planner::search() {
    constexpr double kTileOverheadCycles = 64;  // DMA set-up and latency per tile
    const bool canCutColumns = g_.q > 1;
    for (int64_t bm : mCands_) {
        const int64_t nm = ceilDiv(M_, bm);
        for (const bool windowCols : {false, true}) {
            if (windowCols && (!canCutColumns || bm >= g_.q)) continue;
            for (int64_t bk : kCands_) {
                const int64_t nk = ceilDiv(K_, bk);
                const int64_t channels = channelsSpanned(g_, bk);
                const int64_t inBytes = ifmapTileBytes(g_, bm, channels, windowCols);
                if (!b_.is_shared && inBytes > b_.ifmap) continue;
                // One pass over the group's ifmap; blocks that cut a channel's
                // taps read the straddled channel once more each.
                const int64_t passChannels = (bk % g_.taps() == 0) ? g_.c : std::min(g_.c * nk, g_.c + nk - 1);
                const double ifmapPass = ifmapPassBytes(g_, bm, passChannels, windowCols);
                for (int64_t bn : nCands_) {
                    const int64_t nn = ceilDiv(N_, bn);
                    int64_t wBytes = weightTileBytes(bk, bn);
                    const int64_t oBytes = outputTileBytes(g_, bm, bn, outBits());
                    if (!fits(inBytes, wBytes, oBytes)) continue;
                    if (programmed_) {
                        // Programming chunks: the weight buffer (or what the
                        // shared buffer leaves), at most the whole block; a
                        // chunk that starts mid-byte spans one byte more.
                        const int64_t room = b_.is_shared ? b_.shared - inBytes - oBytes : b_.weight;
                        wBytes = std::min(room, bitsToBytes(bn * K_ * g_.wbits) + 1);
                        if (wBytes < bitsToBytes(g_.wbits) + 1) continue;
                    }
                    const double compute = computeCycles(bm, bk, bn);
                    const double tiles = double(nm) * double(nk) * double(nn);
                    double overhead = tiles * kTileOverheadCycles;
                    if (programmed_) overhead += double(nn) * double(s_.block_program_cycles);
                    const double fill = double(inBytes + wBytes) / bw_;
                    constexpr double kSlack = 32;  // half a burst of misalignment per DRAM run
                    const double outSlack = double(nm) * double(N_) * kSlack;
                    for (const bool reductionOuter : {false, true}) {
                        // Spilling partial sums only pays when the reduction is
                        // split and some tile would otherwise be re-read.
                        if (reductionOuter && (nk == 1 || nm * nn == 1 || programmed_)) continue;
                        for (const bool pixelsOuter : {true, false}) {
                            if (programmed_ && pixelsOuter) continue;  // each filter block is written once
                            double inT, wT, psumT = 0;
                            if (programmed_) {
                                wT = weightGroupBytes_;
                                inT = ifmapPass * (nm * nk == 1 ? 1.0 : double(nn));
                            } else if (reductionOuter) {
                                // Per reduction block, the outer block's tile stays
                                // while the inner blocks stream past it.
                                inT = ifmapPass * (pixelsOuter || nm == 1 ? 1.0 : double(nn));
                                wT = weightGroupBytes_ * (!pixelsOuter || nn == 1 ? 1.0 : double(nm));
                                psumT = 2.0 * double(nk - 1) * (psumGroupBytes_ + outSlack);
                            } else if (pixelsOuter) {
                                inT = ifmapPass * (nk == 1 ? 1.0 : double(nn));
                                wT = weightGroupBytes_ * (nn * nk == 1 ? 1.0 : double(nm));
                            } else {
                                wT = weightGroupBytes_ * (nk == 1 ? 1.0 : double(nm));
                                inT = ifmapPass * (nm * nk == 1 ? 1.0 : double(nn));
                            }
                            if (s_.weights_preloaded) wT = 0;
                            const double traffic = inT + wT + psumT + outGroupBytes_ + outSlack;
                            TilePlan c;
                            c.bm = bm, c.bk = bk, c.bc = channels, c.bn = bn;
                            c.pixels_outer = pixelsOuter;
                            c.reduction_outer = reductionOuter;
                            c.window_cols = windowCols;
                            c.nm = nm, c.nk = nk, c.nn = nn;
                            c.psum_bits = psum_;
                            c.ifmap_tile_bytes = inBytes;
                            c.weight_tile_bytes = wBytes;
                            c.ofmap_tile_bytes = oBytes;
                            c.predicted_cycles = std::max(compute, traffic / bw_) + fill + overhead;
                            c.predicted_dram_bytes = traffic;
                            c.predicted_compute_cycles = compute;
                            c.predicted_fill_cycles = fill;
                            consider(c);
                        }
                    }
                }
            }
        }
    }
}

TilePlan Planner::finish() {
    if (!shortlist_.empty()) {
        // Engines whose folds all run at once (RRAM) are compute-bound with the
        // same compute for most tilings: the fill and per-tile costs alone
        // would pick small tiles that re-read input halos. Among the plans
        // within 2% of the fastest, take the least traffic.
        double fastest = std::numeric_limits<double>::infinity();
        for (const TilePlan& c : shortlist_) fastest = std::min(fastest, c.predicted_cycles);
        for (const TilePlan& c : shortlist_)
            if (c.predicted_cycles <= fastest * 1.02 &&
                (!found_ || c.predicted_dram_bytes < best_.predicted_dram_bytes * (1 - 1e-9) ||
                 (c.predicted_dram_bytes <= best_.predicted_dram_bytes * (1 + 1e-9) &&
                  c.predicted_cycles < best_.predicted_cycles))) {
                found_ = true;
                best_ = c;
            }
    }
    if (!found_) infeasible();
    return best_;
}

// The smallest tile: the engine's smallest block along every dimension, the
// pixels cut within a row when that is smaller.
void Planner::infeasible() const {
    const int64_t bm = mCands_.front(), bk = kCands_.front(), bn = nCands_.front();
    const int64_t channels = channelsSpanned(g_, bk);
    const bool cols = g_.q > 1 && bm < g_.q;
    const int64_t in = ifmapTileBytes(g_, bm, channels, cols);
    const int64_t w = weightsInEngine_ ? (programmed_ ? bitsToBytes(g_.wbits) + 1 : 0) : weightTileBytes(bk, bn);
    const int64_t o = outputTileBytes(g_, bm, bn, outBits());
    const std::string tile = std::to_string(bm) + (bm == 1 ? " pixel x " : " pixels x ") +
                             (bk % g_.taps() == 0 ? std::to_string(bk / g_.taps()) + " channels"
                                                  : std::to_string(bk) + " reduction elements") +
                             " x " + std::to_string(bn) + (bn == 1 ? " filter" : " filters");
    std::string what;
    auto need = [&](const char* buffer, int64_t needs, int64_t has) {
        if (needs <= has) return;
        what += std::string(what.empty() ? "" : "; ") + "the " + buffer + " buffer needs " + std::to_string(needs) +
                " B for it and one half holds " + std::to_string(has) + " B";
    };
    if (b_.is_shared) {
        what = "the shared buffer needs " + std::to_string(in + w + o) + " B for it (ifmap " + std::to_string(in) +
               ", weights " + std::to_string(w) + ", partial sums " + std::to_string(o) + ") and one half holds " +
               std::to_string(b_.shared) + " B";
    } else {
        need("ifmap", in, b_.ifmap);
        need("weight", w, b_.weight);
        need("ofmap", o, b_.ofmap);
    }
    throw TilingError("the smallest tile (" + tile + ", " + std::to_string(psum_) + "-bit partial sums) does not fit: " +
                      what);
}

}  // namespace

std::string TilePlan::str(int64_t taps) const {
    std::string s = "bm=" + std::to_string(bm) +
                    (channelAligned(taps) ? " bc=" + std::to_string(bk / taps) : " bk=" + std::to_string(bk)) +
                    " bn=" + std::to_string(bn) + (pixels_outer ? " pixels-outer" : " filters-outer");
    if (reduction_outer) s += " psum-spill";
    if (window_cols) s += " window-cols";
    return s;
}

int psumBits(const GemmLayerGeometry& g, const FoldSpace& space) {
    return space.acc_bits > 0 ? space.acc_bits : g.acc_bits;
}

TilePlan planGemmTiles(const GemmLayerGeometry& g, const FoldSpace& space, const BufferBudget& budget,
                       const PlannerMemory& memory) {
    return Planner(g, space, budget, memory).run();
}

}  // namespace hcm
