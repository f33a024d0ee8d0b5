#include "engine_factory.hpp"
#include "hw/bit_serial/binary_matrix_engine.hpp"
#include "hw/bit_serial/serial_lane_array.hpp"

namespace hcm {

// Stripes / Loom are lane arrays; BISMO is a binary matrix engine.
std::unique_ptr<ComputeEngine> makeBitSerialEngine(const PlatformConfig& c, sc_core::sc_time clock) {
    const BitSerialParams p = bitSerialParams(c.compute.bit_serial);
    if (p.mode == SerialMode::BinaryMatrix) return std::make_unique<BinaryMatrixEngine>("pe_array", p, clock);
    return std::make_unique<SerialLaneArray>("pe_array", p, clock);
}

}  // namespace hcm
