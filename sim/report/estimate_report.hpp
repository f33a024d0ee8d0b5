#pragma once
// Writers for `hcmsim estimate`: JSON, CSV (units in column names) and an
// aligned table for the terminal.
#include <nlohmann/json.hpp>
#include <ostream>

#include "sim/estimate/engine_aware_estimator.hpp"
#include "sim/metric/calibration.hpp"
#include "sim/metric/hcm_estimator.hpp"

namespace hcm {

nlohmann::ordered_json layerEstimateJson(const LayerEstimate& e);
// The platform object both estimate and run outputs carry (incl. area_mm2, peak_power_w).
nlohmann::ordered_json platformJson(const PlatformConfig& platform);
// `calibrated` (optional) adds the calibrated estimator's cycles, DRAM bytes and energy.
nlohmann::ordered_json estimateJson(const NetworkEstimate& n, const PlatformConfig& platform,
                                    const CalibratedNetwork* calibrated = nullptr,
                                    const ReplayedNetwork* engineAware = nullptr);
void writeEstimateCsv(std::ostream& os, const NetworkEstimate& n, const CalibratedNetwork* calibrated = nullptr);
void writeEstimateTable(std::ostream& os, const NetworkEstimate& n, const PlatformConfig& platform,
                        const CalibratedNetwork* calibrated = nullptr);

}  // namespace hcm
