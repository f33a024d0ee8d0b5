#pragma once
// hcmsim layers from ONNX nodes: geometry only (names and precision are the
// importer's). Shapes come from ONNX shape inference; where ONNX also infers
// the output shape, the layer's own output size is checked against it.
#include <string>
#include <vector>

#include "onnx_graph.hpp"
#include "workloads/layer.hpp"

namespace hcm::onnximp {

// [N, C, H, W] view of any tensor: rank 2 [N, F] -> C = F; rank 3 [N, C, L] -> W = L;
// rank >= 5 folds the middle axes into H. Element counts are preserved.
void toNchw(const std::vector<int64_t>& dims, Layer& L);

// Conv / QLinearConv / ConvInteger: 1-D or 2-D, groups, strides, pads (asymmetric),
// dilations, auto_pad.
Layer convLayer(const OnnxGraph& g, int node);
// Gemm / QGemm with transA/transB: an fc layer of M rows, K inputs, N outputs.
Layer gemmLayer(const OnnxGraph& g, int node);
// MatMul with numpy broadcasting: rows = all leading output axes. `aIsWeight`:
// the first operand is the constant one (W @ x), so the roles swap.
Layer matmulLayer(const OnnxGraph& g, int node, bool aIsWeight, std::vector<std::string>& warnings);
// MaxPool / AveragePool / LpPool: kernel, strides, pads, dilations, ceil_mode, auto_pad.
Layer poolLayer(const OnnxGraph& g, int node);
// GlobalAveragePool / GlobalMaxPool, and reductions over H and W.
Layer globalPoolLayer(const OnnxGraph& g, int node);
// True if a Reduce* node reduces exactly the spatial axes of a 4-D tensor.
bool reducesSpatialAxes(const OnnxGraph& g, int node);
// Element-wise op over `operands` activation tensors (an add layer).
Layer eltwiseLayer(const OnnxGraph& g, int node, int operands);
// A memory-only copy of a tensor of shape `dims` (Concat, data movement):
// a pool layer with a 1x1 window reads and writes every element once.
Layer copyLayer(const OnnxGraph& g, int node, const std::vector<int64_t>& dims);

}  // namespace hcm::onnximp
