#include "serial_law.hpp"

#include <stdexcept>

namespace hcm {

namespace {
int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
}  // namespace

const char* toString(SerialMode mode) {
    switch (mode) {
        case SerialMode::Activations: return "activations";
        case SerialMode::Both: return "both";
        case SerialMode::BinaryMatrix: return "binary_matrix";
    }
    return "?";
}

std::optional<SerialMode> parseSerialMode(std::string_view text) {
    for (SerialMode m : {SerialMode::Activations, SerialMode::Both, SerialMode::BinaryMatrix})
        if (text == toString(m)) return m;
    return std::nullopt;
}

SerialLaw serialLaw(const BitSerialParams& p, int abits, int wbits, bool fc) {
    if (p.mode == SerialMode::BinaryMatrix) throw std::invalid_argument("serialLaw: BISMO is not a lane array");
    if (abits < 1 || wbits < 1) throw std::invalid_argument("serialLaw: bits must be >= 1");
    const int64_t bpc = p.bits_per_cycle;
    SerialLaw law;
    // Bits each side feeds per product, rounded up to what a lane consumes.
    int64_t aSteps, wSteps, aBits, wBits;
    if (fc) {
        // The window lanes of a column carry one activation bit-parallel.
        aSteps = ceilDiv(abits, p.windows * bpc);
        aBits = abits;
        law.pixel_lanes = 1;
    } else {
        aSteps = ceilDiv(abits, bpc);
        aBits = aSteps * bpc;
        law.pixel_lanes = p.windows;
    }
    if (p.mode == SerialMode::Activations) {
        wSteps = ceilDiv(wbits, p.parallel_bits);  // wider weights: one pass per slice
        wBits = wbits;                             // the weight register's upper bits stay zero
    } else {
        wSteps = ceilDiv(wbits, bpc);
        wBits = wSteps * bpc;
    }
    law.steps_per_mac = aSteps * wSteps;
    law.bit_ops_per_mac = aBits * wBits;
    return law;
}

double bitSerialPeakMacsPerCycle(const BitSerialParams& p, int abits, int wbits, bool fc) {
    if (p.mode == SerialMode::BinaryMatrix)
        return double(p.dm * p.dk * p.dn) / double(binaryPasses(abits, wbits));
    const SerialLaw law = serialLaw(p, abits, wbits, fc);
    return double(p.rows * p.cols * law.pixel_lanes) / double(law.steps_per_mac);
}

int64_t bitSerialBitSlices(const BitSerialParams& p) {
    switch (p.mode) {
        case SerialMode::Activations: return p.rows * p.cols * p.windows * p.bits_per_cycle * p.parallel_bits;
        case SerialMode::Both: return p.rows * p.cols * p.windows * p.bits_per_cycle * p.bits_per_cycle;
        case SerialMode::BinaryMatrix: return p.dm * p.dk * p.dn;
    }
    return 0;
}

}  // namespace hcm
