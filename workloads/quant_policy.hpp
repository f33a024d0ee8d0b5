#pragma once
// A quantization policy overrides layer precisions by name, glob or position.
//
//   default: {wbits: 4, abits: 4}          # optional; applies to every layer
//   rules:                                   # later rules win
//     - match: ["@first", "@last"]          # @first/@last: first/last conv or fc layer
//       wbits: 8
//       abits: 8
//     - match: "layer4.*"                   # shell glob on layer names
//       wbits: 2
//
// Resolution order for each layer (later wins):
//   built-in w8a8 < network file default < policy default < --wbits/--abits
//   < the layer's own bits in the network file < policy rules that match it.
// Output bits not given anywhere equal the layer's input-activation bits.
#include <optional>
#include <string>
#include <vector>

#include "network.hpp"

namespace hcm {

struct QuantRule {
    std::vector<std::string> patterns;
    PrecisionOverride precision;
    SourceLocation where;
};

struct QuantPolicy {
    std::string source;
    PrecisionOverride defaults;
    std::vector<QuantRule> rules;
};

QuantPolicy loadQuantPolicy(const std::string& path);
QuantPolicy parseQuantPolicy(const std::string& text, const std::string& name);

struct PrecisionRequest {
    PrecisionOverride cli;                 // --wbits / --abits / --obits
    std::optional<QuantPolicy> policy;
};

// Sets layer.prec for every layer. Returns warnings (e.g. a rule that matches
// no layer), one line each.
std::vector<std::string> resolvePrecision(Network& net, const PrecisionRequest& request);

}  // namespace hcm
