#pragma once
// The memory side of the HCM metric: bits that must cross the DRAM interface.
//
// Ideal reuse (lower bound): every tensor once, inputs N·C·H·W·b_a, weights
// K·(C/g)·R·S·b_w, outputs N·K·P·Q·b_out.
//
// Finite buffers (the stated reuse model): the reduction of every output is
// kept on chip, so outputs leave once. If inputs or weights do not fit their
// (usable) buffer, one of them is blocked and the other re-streamed per block,
// choosing the cheaper order:
//   weights outer: weights once, inputs  x ceil(weight bits / weight buffer)
//   inputs outer : inputs once (plus the halo rows each input band re-reads),
//                  weights x ceil(input bits / input buffer)
// RRAM (weights stationary in crossbars): weights cross DRAM only when the
// crossbars are (re)programmed during the inference — never when the whole
// network fits the chip, once per inference otherwise; inputs cross once per
// chip-load of the layer's weights; outputs once.
// With double buffering only half of each buffer holds the working set.
// A shared buffer is split evenly between inputs and weights.
#include <cstdint>

#include "sim/config/platform_config.hpp"
#include "workloads/layer.hpp"

namespace hcm {

struct TrafficEstimate {
    int64_t ideal_bits = 0;         // each tensor once
    int64_t read_bits = 0;          // inputs + weights fetched under the reuse model
    int64_t write_bits = 0;         // outputs written
    int64_t total_bits = 0;         // read + write
    int64_t input_passes = 1;       // how often the inputs are streamed
    int64_t weight_passes = 1;      // how often the weights are streamed
    const char* order = "ideal";    // "ideal" | "weights_outer" | "inputs_outer"
};

TrafficEstimate estimateTraffic(const Layer& layer, const BufferSetConfig& buffers);

// The same for a whole platform: engines that keep weights stationary (RRAM
// crossbars) move weights only when they are (re)programmed. Whether a
// network's weights stay resident depends on all its layers, so `network`
// (the layer's network) decides when given; without it the layer alone does.
// Every other engine kind: estimateTraffic(layer, platform.buffers).
struct Network;
TrafficEstimate estimateTraffic(const Layer& layer, const PlatformConfig& platform, const Network* network = nullptr);

}  // namespace hcm
