#include "crossbar_mapping.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

int adcBitsNeeded(int64_t rows, int dacBits, int cellBits, bool flip) {
    // Largest column sum: every row contributes the largest input slice times
    // the largest cell level.
    const double maxSum = double(rows) * double((int64_t(1) << dacBits) - 1) * double((int64_t(1) << cellBits) - 1);
    int bits = 0;
    while (std::ldexp(1.0, bits) < maxSum + 1) ++bits;
    return std::max(1, bits - (flip ? 1 : 0));
}

int64_t CrossbarMapping::rowsUsed(int64_t fi) const { return std::clamp<int64_t>(k - fi * rows, 0, rows); }

int64_t CrossbarMapping::columnsUsed(int64_t fj) const {
    const int64_t filters = std::clamp<int64_t>(n - fj * filters_per_crossbar, 0, filters_per_crossbar);
    return filters > 0 ? filters * columns_per_weight + offset_columns : 0;
}

int64_t CrossbarMapping::filtersIn(int64_t fj0, int64_t fj1) const {
    return std::clamp<int64_t>(std::min(n, fj1 * filters_per_crossbar) - fj0 * filters_per_crossbar, 0, n);
}

int64_t CrossbarMapping::rowsIn(int64_t fi0, int64_t fi1) const {
    return std::clamp<int64_t>(std::min(k, fi1 * rows) - fi0 * rows, 0, k);
}

int64_t CrossbarMapping::columnsIn(int64_t fj0, int64_t fj1) const {
    // Full folds carry the same columns; only the last fold can be partial.
    int64_t cols = 0;
    fj1 = std::min(fj1, fc);
    if (fj1 <= fj0) return 0;
    cols += (fj1 - 1 - fj0) * columnsUsed(fj0);  // every fold but the last is full when fj0 < fc - 1
    cols += columnsUsed(fj1 - 1);
    return cols;
}

CrossbarMapping mapOnCrossbars(const RramParams& p, const GemmProblem& g, int64_t copies) {
    if (g.m <= 0 || g.k <= 0 || g.n <= 0 || g.wbits <= 0 || g.abits <= 0)
        throw std::invalid_argument("rram: empty GEMM or non-positive bit width");
    CrossbarMapping c;
    c.m = g.m, c.k = g.k, c.n = g.n;
    c.cell_bits = std::min(p.cell_bits, g.wbits);
    c.slices = ceilDiv(g.wbits, c.cell_bits);
    const bool differential = p.encoding == RramWeightEncoding::Differential;
    c.columns_per_weight = c.slices * (differential ? 2 : 1);
    c.offset_columns = differential ? 0 : p.offset_columns;
    c.rows = p.crossbar_rows;
    c.filters_per_crossbar = (p.crossbar_cols - c.offset_columns) / c.columns_per_weight;
    if (c.filters_per_crossbar < 1)
        throw std::invalid_argument("rram: a " + std::to_string(g.wbits) + "-bit weight needs " +
                                    std::to_string(c.columns_per_weight + c.offset_columns) + " columns, the crossbar has " +
                                    std::to_string(p.crossbar_cols));
    c.fr = ceilDiv(g.k, c.rows);
    c.fc = ceilDiv(g.n, c.filters_per_crossbar);
    c.crossbars = c.fr * c.fc;
    c.dac_bits = std::min(p.dac_bits, g.abits);
    c.input_steps = ceilDiv(g.abits, c.dac_bits);

    c.adc_bits_needed = adcBitsNeeded(std::min(c.rows, g.k), c.dac_bits, c.cell_bits, p.adc_flip_encoding);
    c.adc_bits_used = std::min(c.adc_bits_needed, p.adc_bits);
    c.conversion_energy_scale = std::ldexp(1.0, c.adc_bits_used - p.adc_bits);

    const int64_t weightCols = g.n * c.columns_per_weight;
    c.row_utilization = double(g.k) / double(c.fr * c.rows);
    c.col_utilization = double(weightCols) / double(c.fc * p.crossbar_cols);
    c.conversions_per_mvm = c.input_steps * c.fr * c.columnsIn(0, c.fc);

    // The busiest IMA holds crossbars_per_ima crossbars of full column folds
    // (or all of the group's copies if fewer); its ADCs convert their used
    // columns every read, faster when resolving fewer bits (SAR).
    const int64_t active = std::min<int64_t>(p.crossbars_per_ima, c.crossbars * std::max<int64_t>(1, copies));
    const double rate = p.adc_gsps * double(p.adc_bits) / double(c.adc_bits_used);  // conversions per ns per ADC
    c.adc_ns = double(active * c.columnsUsed(0)) / (double(p.adcs_per_ima) * rate);
    c.cycle_ns = std::max(p.read_latency_ns, c.adc_ns);
    c.mvm_ns = double(c.input_steps) * c.cycle_ns;
    return c;
}

double chipPeakMacsPerNs(const RramParams& p, const GemmProblem& g) {
    const CrossbarMapping full = mapOnCrossbars(p, g, p.crossbars());
    return double(p.crossbars()) * double(full.weightsPerCrossbar()) / (double(full.input_steps) * full.cycle_ns);
}

}  // namespace hcm
