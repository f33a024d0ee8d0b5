#include "tile_footprint.hpp"

#include <algorithm>
#include <cmath>

namespace hcm {

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t bitsToBytes(int64_t bits) { return (bits + 7) / 8; }

// Blocks of bm output pixels, laid end to end over rows of q pixels, never
// cross a row boundary mid-row when one length divides the other.
bool rowAligned(int64_t bm, int64_t q) { return bm % q == 0 || q % bm == 0; }

// Input rows that `outRows` consecutive output rows read (only the rows read
// when the stride skips rows).
int64_t inputRowsFor(const GemmLayerGeometry& g, int64_t outRows) {
    const int64_t window = g.windowRows();
    if (window < g.stride_h) return std::min(g.h, outRows * window);
    return std::min(g.h, (outRows - 1) * g.stride_h + window);
}

// Input columns `cols` consecutive output columns read.
int64_t inputColsFor(const GemmLayerGeometry& g, int64_t cols) {
    return std::min(g.w, (cols - 1) * g.stride_w + g.windowCols());
}

// Pieces (one output row's part) a block of bm < Q pixels covers: one when
// blocks align with rows, else up to two.
int64_t piecesPerBlock(const GemmLayerGeometry& g, int64_t bm) {
    return (rowAligned(bm, g.q) && (g.p * g.q) % bm == 0) ? 1 : 2;
}

double burstBytes(double bytes) {
    constexpr double kBurstSlackBytes = 32;
    return std::ceil((bytes + kBurstSlackBytes) / 64.0) * 64.0;
}

}  // namespace

GemmLayerGeometry GemmLayerGeometry::of(const Layer& L) {
    const bool fc = L.op == LayerOp::FC;
    GemmLayerGeometry g;
    g.n = L.n;
    g.groups = L.groups;
    g.c = L.c / g.groups;
    g.h = fc ? 1 : L.h;
    g.w = fc ? 1 : L.w;
    g.k = L.k / g.groups;
    g.r = fc ? 1 : L.r;
    g.s = fc ? 1 : L.s;
    g.p = fc ? 1 : L.p();
    g.q = fc ? 1 : L.q();
    g.stride_h = fc ? 1 : L.stride_h;
    g.pad_top = fc ? 0 : L.pad_top;
    g.dil_h = fc ? 1 : L.dil_h;
    g.stride_w = fc ? 1 : L.stride_w;
    g.pad_left = fc ? 0 : L.pad_left;
    g.dil_w = fc ? 1 : L.dil_w;
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

void GemmLayerGeometry::inputCols(int64_t q0, int64_t q1, int64_t& w0, int64_t& w1) const {
    const int64_t first = q0 * stride_w - pad_left;
    const int64_t last = (q1 - 1) * stride_w - pad_left + (s - 1) * dil_w;  // inclusive
    w0 = std::clamp<int64_t>(first, 0, w);
    w1 = std::clamp<int64_t>(last + 1, 0, w);
    if (w1 < w0) w1 = w0;
}

int64_t channelsSpanned(const GemmLayerGeometry& g, int64_t bk) {
    const int64_t taps = g.taps();
    if (bk % taps == 0) return std::min(g.c, bk / taps);
    // A block starting anywhere inside a channel's taps runs into the next ones.
    return std::min(g.c, (bk + taps - 2) / taps + 1);
}

int64_t ifmapTileBytes(const GemmLayerGeometry& g, int64_t bm, int64_t channels, bool windowCols) {
    const int64_t pq = g.p * g.q;
    if (windowCols && bm < g.q) {
        // One or two row pieces, each reading its window rows and only the
        // input columns of its pixels.
        const int64_t pieces = piecesPerBlock(g, bm);
        const int64_t rows = inputRowsFor(g, 1);
        const int64_t cols = pieces == 1 ? inputColsFor(g, bm) : std::min(2 * g.w, inputColsFor(g, bm) + g.windowCols());
        // + a byte per run (two for sub-byte elements: b bits from any bit
        // offset straddle up to ceil(b/8) + 1 bytes).
        const int64_t slack = g.abits % 8 == 0 ? 1 : 2;
        return bitsToBytes(channels * rows * cols * g.abits) + channels * rows * pieces * slack;
    }
    int64_t rows;  // input rows over all images a block can touch
    if (bm >= pq) {
        const int64_t images = std::min(g.n, ceilDiv(bm, pq) + (bm % pq == 0 ? 0 : 1));
        rows = images * g.h;
    } else {
        // A block of bm pixels covers at most ceil(bm/Q)+1 output rows (one
        // fewer when blocks align with rows: bm a multiple or a divisor of Q)
        // and may straddle two images when it does not divide P·Q.
        const int64_t outRows = std::min(g.p, ceilDiv(bm, g.q) + (rowAligned(bm, g.q) ? 0 : 1));
        const int64_t inRows = inputRowsFor(g, outRows);
        rows = (pq % bm == 0 || g.n == 1) ? inRows : std::min(2 * g.h, inRows + g.windowRows());
    }
    // + a byte per row and channel for the edges of runs (two for sub-byte
    // elements, whose runs may each straddle one byte more than their bits).
    return bitsToBytes(rows * channels * g.w * g.abits) + rows * channels * (g.abits % 8 == 0 ? 1 : 2);
}

int64_t outputTileBytes(const GemmLayerGeometry& g, int64_t bm, int64_t bn, int bits) {
    const int64_t pq = g.p * g.q;
    const bool aligned = bm % pq == 0 || pq % bm == 0;
    const int64_t images = std::min(g.n, ceilDiv(bm, pq) + (aligned ? 0 : 1));
    return bitsToBytes(bm * bn * bits) + (bits % 8 == 0 ? 0 : 2 * bn * images);
}

double ifmapPassBytes(const GemmLayerGeometry& g, int64_t bm, int64_t channels, bool windowCols) {
    const int64_t pq = g.p * g.q;
    const double bitsPerCol = double(g.abits) / 8.0;
    if (windowCols && bm < g.q) {
        // Pieces of output rows per image; each reads, per channel, its window
        // rows as runs of its input columns.
        const int64_t pieces = piecesPerBlock(g, bm) == 1 ? g.p * (g.q / bm) : ceilDiv(pq, bm) + g.p - 1;
        const double avgCols = double(pq) / double(pieces);
        const double cols = std::min(double(g.w), (avgCols - 1) * double(g.stride_w) + double(g.windowCols()));
        const double perPiece = double(inputRowsFor(g, 1)) * burstBytes(cols * bitsPerCol);
        return double(g.n * channels * pieces) * perPiece;
    }
    int64_t outRows, blocksPerImage;
    if (bm >= pq) {
        outRows = g.p;
        blocksPerImage = 1;
    } else {
        outRows = std::min(g.p, ceilDiv(bm, g.q) + (rowAligned(bm, g.q) ? 0 : 1));
        blocksPerImage = ceilDiv(pq, bm);
    }
    const double rowBytes = double(g.w) * bitsPerCol;
    const int64_t window = g.windowRows();
    double perChannel;
    if (window >= g.stride_h)
        perChannel = burstBytes(double(inputRowsFor(g, outRows)) * rowBytes);
    else
        perChannel = double(outRows) * burstBytes(double(window) * rowBytes);
    return double(g.n * channels * blocksPerImage) * perChannel;
}

}  // namespace hcm
