#pragma once
// The accuracy proxy of the mixed-precision search: how much a layer's
// quantization is expected to cost in accuracy, summed over layers.
//
// A sensitivity file (YAML) gives, per layer name or glob, either a weight for
// the quantization-noise model or measured accuracy drops per bit width:
//
//   default: {w: 1.0, a: 1.0}            # noise weights for unlisted layers
//   layers:
//     conv1: {w: 4.0, a: 4.0}            # noise model: w·4^-b_w + a·4^-b_a
//     "layer4.*": {w: {2: 0.031, 4: 0.004, 8: 0.0}, a: {2: 0.02, 4: 0.003, 8: 0.0}}   # measured drops
//
// Without a file every layer gets w = a = 1 in the noise model: uniform
// quantization noise power 4^-b (2^-2b, the variance of a b-bit uniform
// quantizer up to a constant), a standard first-order proxy. Measured drops
// for bit widths not listed are interpolated in log2(bits).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "workloads/network.hpp"

namespace hcm {

struct OperandSensitivity {
    double weight = 1.0;                         // noise-model weight
    std::map<int, double> measured;              // bits -> accuracy drop (takes precedence when given)

    double cost(int bits) const;
};

struct LayerSensitivity {
    OperandSensitivity w, a;
};

class SensitivityModel {
public:
    SensitivityModel() = default;
    static SensitivityModel load(const std::string& path);

    // Per-layer sensitivity for the network's layers (by name/glob, else default).
    std::vector<LayerSensitivity> forNetwork(const Network& net) const;
    bool fromFile() const { return !source_.empty(); }

private:
    std::string source_;
    LayerSensitivity default_;
    std::vector<std::pair<std::string, LayerSensitivity>> rules_;  // later rules win
};

}  // namespace hcm
