#pragma once
// Fast timing and traffic model of a "channel brick" PE array: every cycle it
// multiplies a brick of input channels at one kernel tap by a group of filters
// for a group of output pixels, and reduces over the brick in an adder tree.
// Stripes and Loom (Judd et al. MICRO 2016; Sharify et al. DAC 2018: bricks of
// 16 channels, 16 windows in flight, bit-serial lanes) and Bit Fusion (Sharma
// et al. ISCA 2018: N units x fused products along the channels, M units along
// the filters) share this structure; they differ in the lane counts and in how
// many cycles a tap takes at a given precision (BrickShape). Pure C++.
//
// A conv/fc layer (one group) is the GEMM ifmap[m x k] * filter[k x n] with
// k = channels x taps (taps = R·S kernel positions, channel-major). The array
// walks the kernel taps of a channel brick one after another (R·S outer loops,
// as the Bit Fusion simulator and DaDianNao-style arrays do), so the reduction
// is cut per channel, not per im2col element:
//
//   fold rows      Fr = ceil(C / channel_lanes)        channel bricks
//   fold columns   Fc = ceil(n / filter_lanes)         filter groups
//   time per fold  T  = ceil(m / pixel_lanes) * taps * steps_per_tap
//   cycles         Fr * Fc * T                         (no fill or drain)
//
// With channel_lanes = N·f, filter_lanes = M, pixel_lanes = 1, steps_per_tap = 1
// this is exactly the Bit Fusion simulator's count
// batch·ceil(K/M)·P·Q·R·S·ceil(C/(N·f)).
//
// Order inside one Run (folds [fi0,fi1) x [fj0,fj1) over steps [t0,t1)): for
// each filter group, for each pixel group, for each channel brick, for each
// tap, for each serial step. The partial sums of a pixel group stay in the
// array's accumulators across the channel bricks and taps of the Run and are
// written once per Run; a Run that does not hold the first brick adds to the
// partial sums an earlier Run left in the output buffer.
#include <cstdint>

#include "hw/common/compute_command.hpp"

namespace hcm {

struct BrickShape {
    int64_t channel_lanes = 1;  // input channels reduced in one cycle (a fold's rows)
    int64_t filter_lanes = 1;   // filters computed side by side (a fold's columns)
    int64_t pixel_lanes = 1;    // output pixels in flight together, sharing each weight fetch
    int64_t steps_per_tap = 1;  // cycles a pixel group spends on one tap of one channel brick
};

struct BrickMapping {
    BrickShape shape;
    int64_t m = 1, channels = 1, taps = 1, n = 1;  // the problem (one group)
    int64_t fr = 1, fc = 1;                         // channel bricks, filter groups
    int64_t groups = 1;                             // pixel groups
    int64_t steps_per_group = 1;                    // taps * steps_per_tap
    int64_t t = 1;                                  // groups * steps_per_group
    int64_t total_cycles = 1;                       // fr * fc * t
    double peak_macs_per_cycle = 0;                 // lanes / steps_per_tap

    int64_t lanes() const { return shape.channel_lanes * shape.filter_lanes * shape.pixel_lanes; }
    // Real channels / filters / pixels in folds or groups [a, b).
    int64_t channelsIn(int64_t fi0, int64_t fi1) const;
    int64_t filtersIn(int64_t fj0, int64_t fj1) const;
    int64_t pixelsIn(int64_t g0, int64_t g1) const;
    // How the controller should lay the problem out (rows = channel bricks in
    // units of channel_lanes·taps GEMM elements, columns = filters, time =
    // pixels in groups of pixel_lanes, steps_per_tap·taps steps per group).
    FoldSpace foldSpace() const;
};

// Throws std::invalid_argument on non-positive sizes.
BrickMapping mapBricks(const BrickShape& shape, const GemmProblem& problem);

// What one Run did, in operand elements (multiply by the operand's bits for
// bytes). Only real channels, filters and pixels are counted.
struct BrickRun {
    int64_t cycles = 0;
    int64_t macs = 0;            // real products
    int64_t lane_steps = 0;      // macs * steps_per_tap: lane-cycles doing real work
    int64_t ifmap_reads = 0;     // per channel, pixel and tap; again for every filter group
    int64_t weight_reads = 0;    // per channel, filter and tap, once per pixel group
    int64_t psum_reads = 0;      // partial sums added to (Runs not holding the first brick)
    int64_t partial_writes = 0;  // partial sums left for a later brick (accumulator width)
    int64_t final_writes = 0;    // finished outputs (output precision)
};

// Throws std::out_of_range for folds or steps outside the mapping. Steps are
// normally cut in whole pixel groups (the controller does); an output counts
// in the Run that finishes its group.
// [e0, e1) (e1 > 0): the reduction elements the Run covers when that is
// less than its row folds (whole channels; FoldSpace::partial_row_folds).
BrickRun brickRun(const BrickMapping& m, int64_t fi0, int64_t fi1, int64_t fj0, int64_t fj1, int64_t t0, int64_t t1,
                  int64_t e0 = 0, int64_t e1 = 0);

}  // namespace hcm
