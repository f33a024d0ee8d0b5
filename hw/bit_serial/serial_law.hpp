#pragma once
// Parameters of the bit-serial engines and their precision laws: how many
// cycles a product takes at (b_a, b_w), how the lanes are laid over a layer,
// and the peak MACs per cycle (sim/metric/peak_bit_serial.cpp uses the same
// functions, so the analytical roof and the simulated engine agree).
//
//   activations (Stripes, Judd et al. MICRO 2016): a lane multiplies one
//     activation bit (bits_per_cycle bits) by a bit-parallel weight of up to
//     parallel_bits: ceil(b_a/bpc)·ceil(b_w/parallel_bits) cycles a product.
//   both (Loom, Sharify et al. DAC 2018): activations and weights serial in
//     conv layers, ceil(b_a/bpc)·ceil(b_w/bpc) cycles a product.
//   fully connected layers, both modes: there is one window, so the `windows`
//     lanes of a filter column are ganged into one bit-parallel activation
//     (windows·bpc bits a cycle) and only the weights stay serial (Loom:
//     time ∝ b_w; Stripes: bit-parallel, DaDianNao's speed).
//   binary_matrix (BISMO, Umuroglu et al. FPL 2018): a Dm x Dk x Dn array of
//     binary dot products; a b_w x b_a product is b_w·b_a binary passes over
//     bit planes, combined by shifts and signed accumulation (the MSB plane of
//     a signed operand is subtracted).
//   1-bit (binary ±1) layers: one step a product everywhere; the lane's AND
//     becomes an XNOR and the adder tree a popcount (2·popcount - k).
#include <cstdint>
#include <optional>
#include <string_view>

namespace hcm {

enum class SerialMode { Activations, Both, BinaryMatrix };
const char* toString(SerialMode mode);  // "activations", "both", "binary_matrix"
std::optional<SerialMode> parseSerialMode(std::string_view text);

struct BitSerialParams {
    SerialMode mode = SerialMode::Activations;
    int64_t rows = 16;        // input channels per brick (lanes of one adder tree)
    int64_t cols = 256;       // filters side by side
    int64_t windows = 16;     // output pixels (windows) sharing each weight fetch
    int parallel_bits = 16;   // Stripes: width of the bit-parallel weight
    int bits_per_cycle = 1;   // serial bits a lane consumes per operand per cycle
    int64_t dm = 8, dk = 256, dn = 8;  // BISMO
    double bit_op_pj = 0.003; // one 1b x 1b product with its share of the adder tree
};

// How a lane array (activations / both) runs a layer at (b_a, b_w).
struct SerialLaw {
    int64_t steps_per_mac = 1;     // cycles a lane spends on one product
    int64_t pixel_lanes = 1;       // windows in flight (1 when ganged for fc)
    int64_t bit_ops_per_mac = 1;   // 1-bit products a MAC costs (energy)
};

// Throws std::invalid_argument for the binary_matrix mode or bits < 1.
SerialLaw serialLaw(const BitSerialParams& p, int abits, int wbits, bool fullyConnected);

// Binary passes of one b_w x b_a product on BISMO.
inline int64_t binaryPasses(int abits, int wbits) { return int64_t(abits) * int64_t(wbits); }

// MACs a cycle at (b_a, b_w), every lane busy.
double bitSerialPeakMacsPerCycle(const BitSerialParams& p, int abits, int wbits, bool fullyConnected);

// 1-bit product slices of the whole array (lanes x bits multiplied per lane
// per cycle at full width): what area and peak power scale with.
int64_t bitSerialBitSlices(const BitSerialParams& p);

}  // namespace hcm
