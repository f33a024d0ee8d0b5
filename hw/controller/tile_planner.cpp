#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "tile_plan.hpp"

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Blocks of bm output pixels, laid end to end over rows of q pixels, never
// cross a row boundary mid-row when one length divides the other.
bool rowAligned(int64_t bm, int64_t q) { return bm % q == 0 || q % bm == 0; }
int64_t bitsToBytes(int64_t bits) { return (bits + 7) / 8; }

// Block sizes to try along a dimension of `size` elements aligned to `unit`:
// unit·2^j below the size, and the whole dimension.
std::vector<int64_t> candidates(int64_t size, int64_t unit) {
    std::vector<int64_t> out;
    for (int64_t b = std::max<int64_t>(unit, 1); b < size; b *= 2) out.push_back(b);
    out.push_back(size);
    return out;
}


int64_t unitOf(const FoldSpace& s, GemmDim d) {
    if (d == s.row_dim) return s.row_unit;
    if (d == s.col_dim) return s.col_unit;
    return s.time_unit;
}

}  // namespace

GemmLayerGeometry GemmLayerGeometry::of(const Layer& L) {
    GemmLayerGeometry g;
    g.n = L.n;
    g.groups = L.groups;
    g.c = L.c / g.groups;
    g.h = L.op == LayerOp::FC ? 1 : L.h;
    g.w = L.op == LayerOp::FC ? 1 : L.w;
    g.k = L.op == LayerOp::FC ? L.k : L.k / g.groups;
    g.r = L.op == LayerOp::FC ? 1 : L.r;
    g.s = L.op == LayerOp::FC ? 1 : L.s;
    g.p = L.op == LayerOp::FC ? 1 : L.p();
    g.q = L.op == LayerOp::FC ? 1 : L.q();
    g.stride_h = L.op == LayerOp::FC ? 1 : L.stride_h;
    g.pad_top = L.op == LayerOp::FC ? 0 : L.pad_top;
    g.dil_h = L.op == LayerOp::FC ? 1 : L.dil_h;
    g.abits = L.prec.abits;
    g.wbits = L.prec.wbits;
    g.obits = L.prec.obits;
    int64_t red = g.c * g.r * g.s, lg = 0;
    while ((int64_t(1) << lg) < red) ++lg;
    g.acc_bits = int(g.abits + g.wbits + lg);
    return g;
}

void GemmLayerGeometry::inputRows(int64_t p0, int64_t p1, int64_t& h0, int64_t& h1) const {
    const int64_t first = p0 * stride_h - pad_top;
    const int64_t last = (p1 - 1) * stride_h - pad_top + (r - 1) * dil_h;  // inclusive
    h0 = std::clamp<int64_t>(first, 0, h);
    h1 = std::clamp<int64_t>(last + 1, 0, h);
    if (h1 < h0) h1 = h0;
}

int64_t ifmapTileBytes(const GemmLayerGeometry& g, int64_t bm, int64_t bc) {
    const int64_t pq = g.p * g.q;
    int64_t rows;  // input rows over all images a block can touch
    if (bm >= pq) {
        const int64_t images = std::min(g.n, ceilDiv(bm, pq) + (bm % pq == 0 ? 0 : 1));
        rows = images * g.h;
    } else {
        // A block of bm pixels covers at most ceil(bm/Q)+1 output rows (one
        // fewer when blocks align with rows: bm a multiple or a divisor of Q)
        // and may straddle two images when it does not divide P·Q.
        const int64_t outRows = std::min(g.p, ceilDiv(bm, g.q) + (rowAligned(bm, g.q) ? 0 : 1));
        const int64_t inRows = std::min(g.h, (outRows - 1) * g.stride_h + (g.r - 1) * g.dil_h + 1);
        rows = (pq % bm == 0 || g.n == 1) ? inRows : std::min(2 * g.h, inRows + (g.r - 1) * g.dil_h + 1);
    }
    return bitsToBytes(rows * bc * g.w * g.abits) + rows * bc;  // + a byte per run for sub-byte edges
}

std::string TilePlan::str() const {
    return "bm=" + std::to_string(bm) + " bc=" + std::to_string(bc) + " bn=" + std::to_string(bn) +
           (pixels_outer ? " pixels-outer" : " filters-outer");
}

TilePlan planGemmTiles(const GemmLayerGeometry& g, const FoldSpace& space, const BufferBudget& budget,
                       const PlannerMemory& memory) {
    const int64_t M = g.m(), C = g.c, N = g.k, RS = g.r * g.s;
    // Channel blocks must hold whole folds of the reduction when it is spatial.
    const int64_t kUnit = unitOf(space, GemmDim::K);
    const int64_t cUnit = std::min(C, kUnit / std::gcd(kUnit, RS));
    const auto mCands = candidates(M, unitOf(space, GemmDim::M));
    const auto cCands = candidates(C, std::max<int64_t>(cUnit, 1));
    auto nCands = candidates(N, unitOf(space, GemmDim::N));
    // Weights the engine stores (FoldSpace::programmed_col_folds): a filter
    // block is at most what the engine holds at once; it streams through the
    // weight buffer in chunks, so the buffer does not bound it.
    const bool programmed = space.programmed_col_folds > 0 && space.col_dim == GemmDim::N;
    if (programmed) {
        const int64_t most = space.programmed_col_folds * space.col_unit;
        nCands.erase(std::remove_if(nCands.begin(), nCands.end(), [&](int64_t b) { return b > most; }), nCands.end());
        if (nCands.empty() || (most < N && nCands.back() < most)) nCands.push_back(std::min(most, N));
    }
    // Weights held by the engine or written into it take no tile space.
    const bool weightsInEngine = space.weights_preloaded || programmed;

    const double bytesPerCycle = std::max(1e-9, memory.bytes_per_cycle * memory.efficiency);
    const double foldOverhead =
        space.fr * space.fc > 0 ? double(space.total_cycles_ideal) / double(space.fr * space.fc) - double(space.t) : 0;
    // DRAM moves whole bursts: a segment costs about half a burst more than
    // its bytes (alignment), and every tile pays a fixed DMA set-up / latency.
    constexpr double kBurstSlackBytes = 32, kTileOverheadCycles = 64;
    // DRAM bytes of one pass over the group's ifmap with pixel blocks of bm:
    // every block reads, per channel, its input rows as contiguous runs (one
    // run, or one per output row when the stride skips rows), each rounded to
    // whole bursts with half a burst of misalignment on average. Halo rows
    // shared by neighbouring blocks are read by both.
    const int64_t window = (g.r - 1) * g.dil_h + 1;
    auto burstBytes = [&](double bytes) { return std::ceil((bytes + kBurstSlackBytes) / 64.0) * 64.0; };
    auto ifmapPassBytes = [&](int64_t bm) {
        const int64_t pq = g.p * g.q;
        int64_t outRows, blocksPerImage;
        if (bm >= pq) {
            outRows = g.p;
            blocksPerImage = 1;
        } else {
            outRows = std::min(g.p, ceilDiv(bm, g.q) + (rowAligned(bm, g.q) ? 0 : 1));
            blocksPerImage = ceilDiv(pq, bm);
        }
        const double rowBytes = double(g.w * g.abits) / 8.0;
        double perChannel;
        if (window >= g.stride_h) {
            const int64_t inRows = std::min(g.h, (outRows - 1) * g.stride_h + window);
            perChannel = burstBytes(double(inRows) * rowBytes);
        } else {
            perChannel = double(outRows) * burstBytes(double(window) * rowBytes);
        }
        return double(g.n * g.c * blocksPerImage) * perChannel;
    };
    const double weightGroupBytes = double(bitsToBytes(N * C * RS * g.wbits));
    const double outGroupBytes = double(bitsToBytes(M * N * g.obits));

    TilePlan best;
    bool found = false;
    std::vector<TilePlan> shortlist;  // FoldSpace::folds_in_parallel: every fitting plan
    double bestKey = std::numeric_limits<double>::infinity(), bestTraffic = bestKey;
    for (int64_t bm : mCands) {
        for (int64_t bc : cCands) {
            const int64_t inBytes = ifmapTileBytes(g, bm, bc);
            for (int64_t bn : nCands) {
                int64_t wBytes = weightsInEngine ? 0 : bitsToBytes(bn * bc * RS * g.wbits) + bn;
                const int64_t oBytes = bitsToBytes(bm * bn * g.acc_bits);
                const bool fits = budget.is_shared ? inBytes + wBytes + oBytes <= budget.shared
                                                   : inBytes <= budget.ifmap && wBytes <= budget.weight &&
                                                         oBytes <= budget.ofmap;
                if (!fits) continue;
                if (programmed) {
                    // Programming chunks: the weight buffer (or what the shared
                    // buffer leaves), at most the whole block.
                    const int64_t room = budget.is_shared ? budget.shared - inBytes - oBytes : budget.weight;
                    wBytes = std::min(room, bitsToBytes(bn * C * RS * g.wbits));
                    if (wBytes < std::max<int64_t>(1, bitsToBytes(g.wbits))) continue;
                }
                const int64_t nm = ceilDiv(M, bm), nc = ceilDiv(C, bc), nn = ceilDiv(N, bn);
                const double ifmapPass = ifmapPassBytes(bm);
                // Compute: every tile runs its folds over its temporal slice;
                // partial last blocks count what they hold.
                auto dimSize = [&](GemmDim d) -> int64_t { return d == GemmDim::M ? M : d == GemmDim::N ? N : C; };
                auto blockSize = [&](GemmDim d) -> int64_t { return d == GemmDim::M ? bm : d == GemmDim::N ? bn : bc; };
                auto elems = [&](GemmDim d, int64_t n) { return d == GemmDim::K ? n * RS : n; };
                // Sum over the blocks of a dimension of f(block's GEMM elements).
                auto overBlocks = [&](GemmDim d, auto f) {
                    const int64_t size = dimSize(d), b = blockSize(d), full = size / b, rest = size % b;
                    return double(full) * f(elems(d, b)) + (rest > 0 ? f(elems(d, rest)) : 0.0);
                };
                const double rowFolds =
                    overBlocks(space.row_dim, [&](int64_t e) { return double(ceilDiv(e, space.row_unit)); });
                const double colFolds =
                    overBlocks(space.col_dim, [&](int64_t e) { return double(ceilDiv(e, space.col_unit)); });
                const double timeSteps =
                    overBlocks(space.time_dim, [&](int64_t e) { return double(space.stepsFor(e)); });
                const double timeBlocks = double(ceilDiv(dimSize(space.time_dim), blockSize(space.time_dim)));
                auto blockElems = [&](GemmDim d) -> int64_t { return elems(d, blockSize(d)); };
                const double steps = double(space.stepsFor(blockElems(space.time_dim)));
                const double tiles = double(nm) * double(nc) * double(nn);
                const double compute =
                    space.folds_in_parallel
                        ? tiles * steps * (space.t > 0 ? double(space.total_cycles_ideal) / double(space.t) : 1.0)
                        : rowFolds * colFolds * (timeSteps + timeBlocks * foldOverhead);
                double tileOverhead = tiles * kTileOverheadCycles;
                if (programmed) tileOverhead += double(nn) * double(space.block_program_cycles);
                for (const bool pixelsOuter : {true, false}) {
                    if (programmed && pixelsOuter) continue;  // each filter block is written once
                    double inTraffic, wTraffic;
                    if (programmed) {
                        wTraffic = weightGroupBytes;
                        inTraffic = ifmapPass * (nm * nc == 1 ? 1.0 : double(nn));
                    } else if (pixelsOuter) {
                        inTraffic = ifmapPass * (nc == 1 ? 1.0 : double(nn));
                        wTraffic = weightGroupBytes * (nn * nc == 1 ? 1.0 : double(nm));
                    } else {
                        wTraffic = weightGroupBytes * (nc == 1 ? 1.0 : double(nm));
                        inTraffic = ifmapPass * (nm * nc == 1 ? 1.0 : double(nn));
                    }
                    if (space.weights_preloaded) wTraffic = 0;
                    const double outSlack = double(nm) * double(N) * kBurstSlackBytes;  // one segment per filter per tile
                    const double traffic = inTraffic + wTraffic + outGroupBytes + outSlack;
                    const double fill = double(inBytes + wBytes) / bytesPerCycle;
                    const double key = std::max(compute, traffic / bytesPerCycle) + fill + tileOverhead;
                    TilePlan cand;
                    cand.bm = bm, cand.bc = bc, cand.bn = bn;
                    cand.pixels_outer = pixelsOuter;
                    cand.nm = nm, cand.nc = nc, cand.nn = nn;
                    cand.ifmap_tile_bytes = inBytes;
                    cand.weight_tile_bytes = wBytes;
                    cand.ofmap_tile_bytes = oBytes;
                    cand.predicted_cycles = key;
                    cand.predicted_dram_bytes = traffic;
                    cand.predicted_compute_cycles = compute;
                    cand.predicted_fill_cycles = fill;
                    if (space.folds_in_parallel) {
                        shortlist.push_back(cand);
                        continue;
                    }
                    if (key < bestKey * (1 - 1e-9) || (key <= bestKey * (1 + 1e-9) && traffic < bestTraffic)) {
                        found = true;
                        bestKey = key;
                        bestTraffic = traffic;
                        best = cand;
                    }
                }
            }
        }
    }
    if (!shortlist.empty()) {
        // Engines whose folds all run at once (RRAM) are compute-bound with the
        // same compute for most tilings: the fill and per-tile costs alone
        // would pick small tiles that re-read input halos. Among the plans
        // within 2% of the fastest, take the least traffic.
        double fastest = std::numeric_limits<double>::infinity();
        for (const TilePlan& c : shortlist) fastest = std::min(fastest, c.predicted_cycles);
        for (const TilePlan& c : shortlist)
            if (c.predicted_cycles <= fastest * 1.02 &&
                (!found || c.predicted_dram_bytes < best.predicted_dram_bytes * (1 - 1e-9) ||
                 (c.predicted_dram_bytes <= best.predicted_dram_bytes * (1 + 1e-9) &&
                  c.predicted_cycles < best.predicted_cycles))) {
                found = true;
                best = c;
            }
    }
    if (!found) {
        const int64_t inMin = ifmapTileBytes(g, mCands.front(), cCands.front());
        const int64_t wMin = bitsToBytes(nCands.front() * cCands.front() * RS * g.wbits) + nCands.front();
        const int64_t oMin = bitsToBytes(mCands.front() * nCands.front() * g.acc_bits);
        throw std::runtime_error("the smallest tile (ifmap " + std::to_string(inMin) + " B, weights " +
                                 std::to_string(wMin) + " B, outputs " + std::to_string(oMin) +
                                 " B) does not fit the buffers (" +
                                 (budget.is_shared ? std::to_string(budget.shared) + " B shared"
                                                   : std::to_string(budget.ifmap) + "/" + std::to_string(budget.weight) +
                                                         "/" + std::to_string(budget.ofmap) + " B") +
                                 " per half)");
    }
    return best;
}

}  // namespace hcm
