#pragma once
// Area and peak power of a platform from its configured tables: the compute
// engine (each kind its own model, cost_<kind>.cpp), the on-chip buffers, the
// DRAM interface and leakage. Peak power is every unit busy at once at its
// per-operation energy: the compute array at full rate, every buffer port
// reading and writing at full width, DRAM at peak bandwidth plus background.
#include <string>
#include <vector>

#include "sim/config/platform_config.hpp"

namespace hcm {

struct CostItem {
    std::string component;
    double area_mm2 = 0;
    double peak_power_w = 0;
};

struct PlatformCost {
    double area_mm2 = 0;       // on-chip area (DRAM devices excluded)
    double peak_power_w = 0;   // chip plus DRAM at peak
    std::vector<CostItem> items;

    void add(CostItem item);
};

PlatformCost platformCost(const PlatformConfig& platform);

// The engine's part, one function per kind (in cost_<kind>.cpp).
CostItem engineCostBitParallel(const PlatformConfig& platform);
CostItem engineCostBitSerial(const PlatformConfig& platform);
CostItem engineCostBitFusion(const PlatformConfig& platform);
CostItem engineCostRram(const PlatformConfig& platform);
CostItem engineCostGpuSm(const PlatformConfig& platform);

}  // namespace hcm
