#pragma once
// ONNX and quantized-ONNX (QDQ, QOperator, QONNX/FINN) import.
//
// Conv, Gemm, MatMul (and their quantized forms) become conv/fc layers;
// MaxPool/AveragePool/GlobalAveragePool pool layers; Add and other element-wise
// ops between activations add layers; Concat a memory-only copy layer (a pool
// with a 1x1 window). Batch norm, activation functions, reshapes and quantizers
// are folded into their neighbours. Pure data movement (Transpose, Pad, Slice,
// Resize, ...) becomes a copy layer with a warning; any other operator on
// activations is an error naming the node and its op type. Layer names are the
// node names (fallback: op type + node index). Bit widths come from the
// quantizers in the graph (see onnx_precision.hpp) and are the layers' own
// (declared) precision; a float model takes --wbits/--abits or a policy.
// A dynamic batch dimension is 1 here; --batch scales the layers afterwards.
#include <string>
#include <vector>

#include "workloads/network.hpp"

namespace hcm {

// Reads and imports `path`. Bad files are InputErrors naming the file.
Network loadOnnxNetwork(const std::string& path, std::vector<std::string>* warnings = nullptr);

// Imports a serialized ModelProto; `name` is used in messages and as the source.
Network parseOnnxNetwork(const std::string& bytes, const std::string& name,
                         std::vector<std::string>* warnings = nullptr);

}  // namespace hcm
