#include "engine_factory.hpp"
#include "hw/pe_array/systolic_array.hpp"

namespace hcm {

std::unique_ptr<ComputeEngine> makeBitParallelEngine(const PlatformConfig& c, sc_core::sc_time clock) {
    const BitParallelConfig& b = c.compute.bit_parallel;
    SystolicArrayParams p;
    p.rows = b.rows;
    p.cols = b.cols;
    p.dataflow = *parseDataflow(b.dataflow);
    p.mac_bits = b.mac_bits;
    p.pack = b.pack;
    return std::make_unique<SystolicArray>("pe_array", p, clock);
}

}  // namespace hcm
