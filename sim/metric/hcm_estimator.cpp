#include "hcm_estimator.hpp"

#include <algorithm>
#include <cmath>

#include "bops.hpp"

namespace hcm {

double memoryBitsPerSecond(const PlatformConfig& p) {
    const double dram = p.dram.peakBytesPerSecond() * 8.0;
    const double link = double(p.interconnect.width_bits) * p.clockHz();
    return std::min(dram, link);
}

double memoryTotalBitsPerSecond(const PlatformConfig& p) {
    const double dram = p.dram.peakBytesPerSecond() * 8.0;
    const double link = double(p.interconnect.width_bits) * p.clockHz();
    return std::min(dram, 2.0 * link);
}

namespace {

double dramPjPerBit(const PlatformConfig& p) {
    if (p.energy.dram_pj_per_bit > 0) return p.energy.dram_pj_per_bit;
    const double burstBits = double(p.dram.org.burstBytes()) * 8.0;
    return burstBits > 0 ? p.dram.energy.rd_pj / burstBits : 0.0;
}

}  // namespace

LayerEstimate estimateLayer(const PlatformConfig& p, const Layer& L, const Network* net) {
    LayerEstimate e;
    e.name = L.name;
    e.op = L.op;
    e.prec = L.prec;
    e.macs = L.macs();
    e.weights = L.weights();
    e.bops = layerBops(L);
    e.weight_bits = L.weightBits();
    e.input_bits = L.inputBits();
    e.output_bits = L.outputBits();
    e.traffic = estimateTraffic(L, p, net);
    e.intensity_bops_per_bit = e.traffic.total_bits > 0 ? double(e.bops) / double(e.traffic.total_bits) : 0.0;

    const EnginePeak peak = enginePeak(p, L);
    e.peak_macs_per_cycle = peak.macs_per_cycle;
    e.datapath = peak.datapath;
    e.peak_bops_per_s = peak.macs_per_cycle * double(bopsPerMac(L)) * p.clockHz();
    e.mem_bits_per_s = memoryBitsPerSecond(p);
    e.ridge_bops_per_bit = e.mem_bits_per_s > 0 ? e.peak_bops_per_s / e.mem_bits_per_s : 0.0;

    const double memBitsPerCycle = e.mem_bits_per_s / p.clockHz();
    e.compute_cycles = (e.macs > 0 && peak.macs_per_cycle > 0)
                           ? static_cast<int64_t>(std::ceil(double(e.macs) / peak.macs_per_cycle))
                           : 0;
    // The bandwidth per cycle is a quotient of rounded values (153.59999999999997
    // bits for 153.6): without the relative slack an exact multiple of it would
    // round up to one cycle too many.
    e.memory_cycles =
        static_cast<int64_t>(std::ceil(double(e.traffic.total_bits) / memBitsPerCycle * (1.0 - 1e-12)));
    e.cycles = std::max(e.compute_cycles, e.memory_cycles);
    e.memory_bound = e.memory_cycles > e.compute_cycles;
    e.time_ns = double(e.cycles) * 1e3 / p.clock_mhz;
    e.compute_energy_pj = double(e.macs) * p.energy.mac_pj + double(e.compute_cycles) * p.energy.core_pj_per_cycle;
    e.dram_energy_pj = double(e.traffic.total_bits) * dramPjPerBit(p);
    return e;
}

NetworkEstimate estimateNetwork(const PlatformConfig& p, const Network& net) {
    NetworkEstimate n;
    n.network = net.name;
    n.platform = p.name;
    n.layers.reserve(net.layers.size());
    LayerEstimate& t = n.totals;
    t.name = "total";
    for (const auto& L : net.layers) {
        n.layers.push_back(estimateLayer(p, L, &net));
        const LayerEstimate& e = n.layers.back();
        t.macs += e.macs;
        t.weights += e.weights;
        t.bops += e.bops;
        t.weight_bits += e.weight_bits;
        t.input_bits += e.input_bits;
        t.output_bits += e.output_bits;
        t.traffic.ideal_bits += e.traffic.ideal_bits;
        t.traffic.read_bits += e.traffic.read_bits;
        t.traffic.write_bits += e.traffic.write_bits;
        t.traffic.total_bits += e.traffic.total_bits;
        t.compute_cycles += e.compute_cycles;
        t.memory_cycles += e.memory_cycles;
        t.cycles += e.cycles;
        t.time_ns += e.time_ns;
        t.compute_energy_pj += e.compute_energy_pj;
        t.dram_energy_pj += e.dram_energy_pj;
    }
    t.intensity_bops_per_bit = t.traffic.total_bits > 0 ? double(t.bops) / double(t.traffic.total_bits) : 0.0;
    t.mem_bits_per_s = memoryBitsPerSecond(p);
    return n;
}

}  // namespace hcm
