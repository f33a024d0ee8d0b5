#include "controller_params.hpp"

#include "sim/metric/hcm_estimator.hpp"

namespace hcm {

ControllerParams controllerParamsFor(const PlatformConfig& cfg, bool ideal, sc_core::sc_time clock) {
    const BufferSetConfig& bc = cfg.buffers;
    ControllerParams cp;
    cp.clock = clock;
    cp.shared_buffer = bc.shared;
    cp.double_buffer = bc.double_buffer;
    const int64_t split = bc.double_buffer ? 2 : 1;
    auto cap = [&](const SramParams& p) { return ideal ? kIdealBufferCapacity : p.capacity_bytes; };
    if (bc.shared) {
        cp.budget.is_shared = true;
        cp.budget.shared = cap(bc.unified) / split;
    } else {
        cp.budget.ifmap = cp.ifmap_half = cap(bc.ifmap) / split;
        cp.budget.weight = cp.weight_half = cap(bc.weight) / split;
        cp.budget.ofmap = cp.ofmap_half = cap(bc.ofmap) / split;
    }
    cp.memory.bytes_per_cycle = ideal ? 1e12 : memoryBitsPerSecond(cfg) / 8.0 / cfg.clockHz();
    const DramOrganization& o = cfg.dram.org;
    cp.dram_capacity_bytes = ideal ? (uint64_t(1) << 50)
                                   : uint64_t(o.channels) * uint64_t(o.ranks) * uint64_t(o.banks()) * uint64_t(o.rows) *
                                         uint64_t(o.rowBytes());
    return cp;
}

}  // namespace hcm
