#pragma once
// How one group of a conv/fc layer is laid weight-stationary onto crossbars.
// Pure C++ (no SystemC).
//
// The GEMM ifmap[m x k] * filter[k x n] (k = C·R·S per group, n = K filters):
//   * a weight of b_w bits is sliced over ceil(b_w / b_c) cells of b_c =
//     min(cell_bits, b_w) bits, one column each (differential encoding: a
//     positive and a negative column per slice);
//   * crossbar rows hold the reduction: k elements over fr = ceil(k / rows)
//     crossbars (row folds), whose partial sums are added digitally;
//   * crossbar columns hold whole filters: filters_per_crossbar =
//     floor((cols - offset_columns) / columns_per_weight), so the n filters
//     need fc = ceil(n / filters_per_crossbar) column folds;
//   * one copy of the group needs fr x fc crossbars.
// An input vector (one output pixel's k inputs) streams in
// input_steps = ceil(b_a / b_d) reads of b_d = min(dac_bits, b_a) bits; every
// read of a crossbar costs the read latency, and each used column is
// converted by the IMA's shared ADCs, so a read cycle lasts
//   max(read_latency, conversions per IMA per read / (ADCs x sample rate)).
// Conversions per MVM (all crossbars of the group, all input steps):
//   input_steps x fr x (used columns of all column folds).
// ADC resolution needed for a column sum of `rows` products of a b_d-bit
// input and a b_c-bit cell: ceil(log2(rows·(2^b_d − 1)·(2^b_c − 1) + 1)),
// one bit fewer with ISAAC's flip encoding: 8 bits for ISAAC (128 rows,
// 1-bit DAC, 2-bit cells), 7 for a binary layer (1-bit cells, 1-bit inputs).
// A SAR ADC resolving fewer bits converts faster (adc_bits / bits) and
// spends less energy per conversion (2^(bits − adc_bits), Walden's figure of
// merit); a layer needing more bits than the ADC has loses its low bits.
#include <cstdint>

#include "hw/common/compute_command.hpp"
#include "rram_params.hpp"

namespace hcm {

struct CrossbarMapping {
    int64_t m = 1, k = 1, n = 1;     // GEMM of one group
    int cell_bits = 2;               // bits stored per cell for this layer
    int64_t slices = 1;              // cells per weight magnitude
    int64_t columns_per_weight = 1;  // slices, x2 for differential
    int64_t offset_columns = 0;      // reference columns per crossbar
    int64_t rows = 128;              // crossbar rows (reduction elements per row fold)
    int64_t filters_per_crossbar = 1;
    int64_t fr = 1, fc = 1;          // row folds, column folds
    int64_t crossbars = 1;           // fr x fc (one group, one copy)
    int dac_bits = 1;                // input bits per read
    int64_t input_steps = 1;         // reads per input vector
    int adc_bits_needed = 8;
    int adc_bits_used = 8;           // min(needed, the ADC's resolution)
    double conversion_energy_scale = 1;  // 2^(used − adc_bits)
    double row_utilization = 1;      // reduction elements / rows of the allocated crossbars
    double col_utilization = 1;      // weight columns / columns of the allocated crossbars
    int64_t conversions_per_mvm = 0; // one input vector through every crossbar of the group
    double adc_ns = 0;               // ADC time of one read of the busiest IMA
    double cycle_ns = 0;             // one read cycle: max(read latency, adc_ns)
    double mvm_ns = 0;               // input_steps x cycle_ns

    // Rows holding reduction elements in row fold fi, weight columns converted
    // per read in a crossbar of column fold fj (reference columns included).
    int64_t rowsUsed(int64_t fi) const;
    int64_t columnsUsed(int64_t fj) const;
    // Filters in column folds [fj0, fj1) and reduction rows in row folds [fi0, fi1).
    int64_t filtersIn(int64_t fj0, int64_t fj1) const;
    int64_t rowsIn(int64_t fi0, int64_t fi1) const;
    int64_t columnsIn(int64_t fj0, int64_t fj1) const;
    int64_t weightsPerCrossbar() const { return rows * filters_per_crossbar; }
};

// `copies`: how many copies of the group sit side by side (they share IMAs
// and therefore ADCs). Throws std::invalid_argument on non-positive sizes and
// when not even one weight fits a crossbar row.
CrossbarMapping mapOnCrossbars(const RramParams& params, const GemmProblem& problem, int64_t copies = 1);

// Peak MACs per ns of the whole chip at a problem's precision: every
// crossbar busy with full column folds, full IMAs sharing their ADCs; a
// crossbar does rows x filters_per_crossbar MACs per input_steps reads.
double chipPeakMacsPerNs(const RramParams& params, const GemmProblem& problem);

// ADC bits for a column sum of `rows` products of b_d-bit inputs and b_c-bit cells.
int adcBitsNeeded(int64_t rows, int dacBits, int cellBits, bool flipEncoding);

}  // namespace hcm
