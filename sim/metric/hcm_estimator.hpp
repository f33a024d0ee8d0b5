#pragma once
// The hardware-aware complexity metric (HCM): per layer, computation in BOPs,
// traffic in bits, their ratio (computational intensity), the platform's roofs
// and the roofline prediction of cycles. Needs no simulation; it is what the
// simulator checks and what calibration (hcmsim calibrate) tunes.
#include <cstdint>
#include <string>
#include <vector>

#include "engine_peak.hpp"
#include "sim/config/platform_config.hpp"
#include "traffic_model.hpp"
#include "workloads/network.hpp"

namespace hcm {

struct LayerEstimate {
    std::string name;
    LayerOp op = LayerOp::Conv;
    Precision prec;
    int64_t macs = 0;
    int64_t weights = 0;
    int64_t bops = 0;
    int64_t weight_bits = 0;            // weights x b_w
    int64_t input_bits = 0;             // input elements x b_a
    int64_t output_bits = 0;            // output elements x b_out
    TrafficEstimate traffic;
    double intensity_bops_per_bit = 0;  // bops / traffic bits
    double peak_macs_per_cycle = 0;
    std::string datapath;
    double peak_bops_per_s = 0;         // at this layer's precision
    double mem_bits_per_s = 0;          // min(DRAM peak, interconnect)
    double ridge_bops_per_bit = 0;      // peak_bops_per_s / mem_bits_per_s
    bool memory_bound = false;
    int64_t compute_cycles = 0;
    int64_t memory_cycles = 0;
    int64_t cycles = 0;                 // max(compute, memory): the roofline
    double time_ns = 0;
    double compute_energy_pj = 0;
    double dram_energy_pj = 0;
};

struct NetworkEstimate {
    std::string network;
    std::string platform;
    std::vector<LayerEstimate> layers;
    LayerEstimate totals;               // sums (intensity from the sums)
};

// Bits per second the memory system can deliver (DRAM peak, capped by the
// interconnect width at the platform clock).
double memoryBitsPerSecond(const PlatformConfig& platform);
// Reads and writes together: the interconnect has one channel per direction,
// so their sum may reach twice its width (never beyond the DRAM's peak). The
// memory roof of a roofline of total traffic.
double memoryTotalBitsPerSecond(const PlatformConfig& platform);

// `network`: the layer's network, for engines whose traffic depends on all
// layers (RRAM: whether every layer's weights stay in the crossbars).
LayerEstimate estimateLayer(const PlatformConfig& platform, const Layer& layer, const Network* network = nullptr);
NetworkEstimate estimateNetwork(const PlatformConfig& platform, const Network& net);

}  // namespace hcm
