#pragma once
// Writers for `hcmsim estimate`: JSON, CSV (units in column names) and an
// aligned table for the terminal.
#include <nlohmann/json.hpp>
#include <ostream>

#include "sim/metric/hcm_estimator.hpp"

namespace hcm {

nlohmann::ordered_json layerEstimateJson(const LayerEstimate& e);
// The platform object both estimate and run outputs carry (incl. area_mm2, peak_power_w).
nlohmann::ordered_json platformJson(const PlatformConfig& platform);
nlohmann::ordered_json estimateJson(const NetworkEstimate& n, const PlatformConfig& platform);
void writeEstimateCsv(std::ostream& os, const NetworkEstimate& n);
void writeEstimateTable(std::ostream& os, const NetworkEstimate& n, const PlatformConfig& platform);

}  // namespace hcm
