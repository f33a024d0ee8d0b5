#pragma once
// The wbits / abits / obits fields of a network file, a layer or a
// quantization policy: integers 1..32, or fp16 / fp32.
#include "precision.hpp"

namespace hcm {

class YamlMap;

// Reads whichever of the three keys are present (errors name file, line and key).
PrecisionOverride readPrecisionFields(YamlMap& m);

}  // namespace hcm
