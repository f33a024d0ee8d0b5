#pragma once
// Import of SCALE-Sim topology files, meaning what they mean in SCALE-Sim:
//
//  conv form: "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width,
//              Channels, Num Filter, Strides," (optional 9th field: stride width).
//             Padding is already folded into the IFMAP size; the output size is
//             ceil((H - R + stride) / stride). A name containing "DP" is a depthwise
//             layer: SCALE-Sim runs it as `Channels` single-channel layers with
//             `Num Filter` filters each, which is a grouped conv with groups = C.
//  GEMM form (header's second column is "M"): "Layer, M, N, K," = an M x K by
//             K x N product: M output rows, reduction K, N outputs per row.
//
// Rows end with a trailing comma in SCALE-Sim's files; we accept rows with or
// without it. Errors name file:line:column of the offending field.
#include <string>

#include "network.hpp"

namespace hcm {

Network loadScaleSimCsv(const std::string& path);
Network parseScaleSimCsv(const std::string& text, const std::string& name);

}  // namespace hcm
