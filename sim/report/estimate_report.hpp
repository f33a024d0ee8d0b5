#pragma once
// Writers for `hcmsim estimate`: JSON, CSV (units in column names) and an
// aligned table for the terminal. Up to three tiers side by side: the HCM
// roofline (always), the engine-aware replay, the calibrated estimate.
#include <nlohmann/json.hpp>
#include <ostream>

#include "sim/estimate/calibration_model.hpp"
#include "sim/estimate/engine_aware_estimator.hpp"
#include "sim/metric/hcm_estimator.hpp"

namespace hcm {

// The tiers beyond the roofline an estimate carries (null: not computed).
struct EstimateTiers {
    const ReplayedNetwork* engine_aware = nullptr;
    const CalibratedNetwork* calibrated = nullptr;
};

nlohmann::ordered_json layerEstimateJson(const LayerEstimate& e);
// The platform object both estimate and run outputs carry (incl. area_mm2, peak_power_w).
nlohmann::ordered_json platformJson(const PlatformConfig& platform);
nlohmann::ordered_json replayedJson(const ReplayedLayer& r);
nlohmann::ordered_json calibratedJson(const CalibratedLayer& c);
nlohmann::ordered_json estimateJson(const NetworkEstimate& n, const PlatformConfig& platform,
                                    const EstimateTiers& tiers = {});
void writeEstimateCsv(std::ostream& os, const NetworkEstimate& n, const EstimateTiers& tiers = {});
void writeEstimateTable(std::ostream& os, const NetworkEstimate& n, const PlatformConfig& platform,
                        const EstimateTiers& tiers = {});

}  // namespace hcm
