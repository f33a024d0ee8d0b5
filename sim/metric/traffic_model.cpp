#include "traffic_model.hpp"

#include <algorithm>

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
        t.total_bits = t.read_bits + t.write_bits;
        return t;
    }
    // Weights outer: each weight block re-streams all inputs.
    const int64_t weightBlocks = ceilDiv(wt, wtCap);
    const int64_t weightsOuter = wt + in * weightBlocks;
    // Inputs outer: each input band re-streams all weights; adjacent bands
    // overlap by (R - stride) input rows (the halo), re-read per extra band.
    const int64_t inputBlocks = ceilDiv(in, inCap);
    const int64_t haloRows = std::max<int64_t>(0, (L.r - 1) * L.dil_h + 1 - L.stride_h);
    const int64_t haloBits = L.h > 0 ? (inputBlocks - 1) * haloRows * (in / L.h) : 0;
    const int64_t inputsOuter = in + std::min(haloBits, in * (inputBlocks - 1)) + wt * inputBlocks;
    if (weightsOuter <= inputsOuter) {
        t.read_bits = weightsOuter;
        t.input_passes = weightBlocks;
        t.order = "weights_outer";
    } else {
        t.read_bits = inputsOuter;
        t.weight_passes = inputBlocks;
        t.order = "inputs_outer";
    }
    t.total_bits = t.read_bits + t.write_bits;
    return t;
}

}  // namespace hcm
