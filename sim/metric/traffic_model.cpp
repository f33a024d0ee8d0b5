#include "traffic_model.hpp"

#include <algorithm>

#include "sim/common/saturating.hpp"
#include "workloads/network.hpp"

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

TrafficEstimate estimateTraffic(const Layer& L, const BufferSetConfig& buffers) {
    TrafficEstimate t;
    const int64_t in = L.inputBits(), wt = L.weightBits(), out = L.outputBits();
    t.ideal_bits = in + wt + out;
    t.write_bits = out;
    const int64_t share = buffers.double_buffer ? 2 : 1;
    int64_t inCap, wtCap;
    if (buffers.shared) {
        inCap = wtCap = buffers.unified.capacity_bytes * 8 / (2 * share);
    } else {
        inCap = buffers.ifmap.capacity_bytes * 8 / share;
        wtCap = buffers.weight.capacity_bytes * 8 / share;
    }
    inCap = std::max<int64_t>(inCap, 1);
    wtCap = std::max<int64_t>(wtCap, 1);

    if (!L.hasWeights() || (in <= inCap && wt <= wtCap)) {
        t.read_bits = in + wt;
        t.total_bits = satAdd(t.read_bits, t.write_bits);
        return t;
    }
    // Weights outer: each weight block re-streams all inputs.
    const int64_t weightBlocks = ceilDiv(wt, wtCap);
    const int64_t weightsOuter = satAdd(wt, satMul(in, weightBlocks));
    // Inputs outer: each input band re-streams all weights; adjacent bands
    // overlap by (R - stride) input rows (the halo), re-read per extra band.
    const int64_t inputBlocks = ceilDiv(in, inCap);
    const int64_t haloRows = std::max<int64_t>(0, (L.r - 1) * L.dil_h + 1 - L.stride_h);
    const int64_t haloBits = L.h > 0 ? satMul(satMul(inputBlocks - 1, haloRows), in / L.h) : 0;
    const int64_t inputsOuter =
        satAdd(satAdd(in, std::min(haloBits, satMul(in, inputBlocks - 1))), satMul(wt, inputBlocks));
    if (weightsOuter <= inputsOuter) {
        t.read_bits = weightsOuter;
        t.input_passes = weightBlocks;
        t.order = "weights_outer";
    } else {
        t.read_bits = inputsOuter;
        t.weight_passes = inputBlocks;
        t.order = "inputs_outer";
    }
    t.total_bits = satAdd(t.read_bits, t.write_bits);
    return t;
}

namespace {

// Crossbars one copy of a conv/fc layer needs (the same mapping rules as the
// simulator's, restated here so the estimate stays independent): weights of
// b_w bits over ceil(b_w / min(cell bits, b_w)) columns (x2 differential),
// whole filters per crossbar, the reduction over ceil(k / rows) crossbars.
struct RramFootprint {
    int64_t groups = 1, fr = 1, fc = 1;
    int64_t crossbars() const { return groups * fr * fc; }
};

RramFootprint rramFootprint(const Layer& L, const RramConfig& r) {
    RramFootprint f;
    f.groups = L.groups;
    const int64_t k = L.reductionSize(), n = L.k / L.groups;
    const int cellBits = std::min(r.cell_bits, L.prec.wbits);
    const bool differential = r.encoding == RramWeightEncoding::Differential;
    const int64_t columns = ceilDiv(L.prec.wbits, cellBits) * (differential ? 2 : 1);
    const int64_t filtersPerCrossbar =
        std::max<int64_t>(1, (r.crossbar_cols - (differential ? 0 : r.offset_columns)) / columns);
    f.fr = ceilDiv(k, r.crossbar_rows);
    f.fc = ceilDiv(n, filtersPerCrossbar);
    return f;
}

}  // namespace

TrafficEstimate estimateTraffic(const Layer& L, const PlatformConfig& p, const Network* net) {
    if (p.compute.kind != EngineKind::Rram || !L.hasWeights()) return estimateTraffic(L, p.buffers);
    const RramConfig& r = p.compute.rram;
    const int64_t chip = r.crossbars();
    int64_t needed = 0;
    if (net) {
        for (const Layer& other : net->layers)
            if (other.hasWeights()) needed += rramFootprint(other, r).crossbars();
    } else {
        needed = rramFootprint(L, r).crossbars();
    }
    TrafficEstimate t;
    const int64_t in = L.inputBits(), wt = L.weightBits(), out = L.outputBits();
    t.ideal_bits = in + wt + out;
    t.write_bits = out;
    if (needed <= chip) {
        // Programmed before the inference: only activations move.
        t.read_bits = in;
        t.weight_passes = 0;
        t.order = "weights_resident";
    } else {
        // Written once per inference; a group larger than the chip is written
        // in chip-loads of whole column folds, each streaming the inputs
        // again unless they stay in the input buffer.
        const RramFootprint f = rramFootprint(L, r);
        const int64_t perLoad = std::max<int64_t>(1, chip / f.fr);
        const BufferSetConfig& b = p.buffers;
        const int64_t share = b.double_buffer ? 2 : 1;
        const int64_t inCap = b.shared ? b.unified.capacity_bytes * 8 / (2 * share) : b.ifmap.capacity_bytes * 8 / share;
        t.input_passes = f.fr * f.fc <= chip || in <= inCap ? 1 : ceilDiv(f.fc, perLoad);
        t.read_bits = in * t.input_passes + wt;
        t.order = "weights_reprogrammed";
    }
    t.total_bits = satAdd(t.read_bits, t.write_bits);
    return t;
}

}  // namespace hcm
