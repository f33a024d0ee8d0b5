#include "platform_cost.hpp"

#include "hcm_estimator.hpp"

namespace hcm {

void PlatformCost::add(CostItem item) {
    area_mm2 += item.area_mm2;
    peak_power_w += item.peak_power_w;
    items.push_back(std::move(item));
}

namespace {

CostItem bufferCost(const SramParams& b, const PlatformConfig& p) {
    CostItem c;
    c.component = b.name.empty() ? "buffer" : b.name;
    c.area_mm2 = double(b.capacity_bytes) / 1024.0 * p.area.sram_mm2_per_kib;
    // Every port reading and writing its full width each cycle.
    c.peak_power_w = double(b.bitsPerCycle()) * (b.read_energy_pj_per_bit + b.write_energy_pj_per_bit) * 1e-12 *
                     p.clockHz();
    return c;
}

}  // namespace

PlatformCost platformCost(const PlatformConfig& p) {
    PlatformCost cost;
    switch (p.compute.kind) {
        case EngineKind::BitParallel: cost.add(engineCostBitParallel(p)); break;
        case EngineKind::BitSerial: cost.add(engineCostBitSerial(p)); break;
        case EngineKind::BitFusion: cost.add(engineCostBitFusion(p)); break;
        case EngineKind::Rram: cost.add(engineCostRram(p)); break;
        case EngineKind::GpuSm: cost.add(engineCostGpuSm(p)); break;
    }
    const BufferSetConfig& b = p.buffers;
    if (b.shared) {
        SramParams u = b.unified;
        u.name = "shared_buffer";
        cost.add(bufferCost(u, p));
    } else {
        for (const auto& [buf, name] : {std::pair{&b.ifmap, "ifmap_buffer"}, {&b.weight, "weight_buffer"},
                                         {&b.ofmap, "ofmap_buffer"}}) {
            SramParams s = *buf;
            s.name = name;
            cost.add(bufferCost(s, p));
        }
    }
    CostItem link{"interconnect", 0, double(p.interconnect.width_bits) * 2 * p.interconnect.energy_pj_per_bit * 1e-12 *
                                         p.clockHz()};
    cost.add(link);
    // DRAM at peak bandwidth (chip-side energy per bit) plus its background.
    const double bits = memoryBitsPerSecond(p);
    const double burstBits = double(p.dram.org.burstBytes()) * 8.0;
    const double pjPerBit = p.energy.dram_pj_per_bit > 0 ? p.energy.dram_pj_per_bit
                                                         : (burstBits > 0 ? p.dram.energy.rd_pj / burstBits : 0.0);
    cost.add({"dram", 0, bits * pjPerBit * 1e-12 +
                             p.dram.energy.background_mw * 1e-3 * double(p.dram.org.ranks * p.dram.org.channels)});
    cost.add({"other", p.area.fixed_mm2, p.energy.leakage_mw * 1e-3});
    return cost;
}

}  // namespace hcm
