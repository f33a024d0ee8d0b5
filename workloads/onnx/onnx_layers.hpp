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
// Which operand of a GEMM is the second (stationary) one: a stored weight B
// (x @ W), a stored weight A (W @ x: the roles swap, rows are x's columns), or
// an activation B computed during the inference (attention's K and V:
// runtime_weights).
enum class GemmRoles { WeightB, WeightA, RuntimeB };

// Gemm / QGemm with transA/transB: an fc layer of M rows, K inputs, N outputs.
Layer gemmLayer(const OnnxGraph& g, int node, GemmRoles roles);
// MatMul with numpy broadcasting. The stationary operand's own batch axes
// (attention heads, batch x heads) are the fc's groups: one GEMM per matrix
// of it, each over all the rows that share that matrix; without batch axes
// (a weight shared by every row) the rows are all leading output axes.
Layer matmulLayer(const OnnxGraph& g, int node, GemmRoles roles);
// MaxPool / AveragePool / LpPool: kernel, strides, pads, dilations, ceil_mode, auto_pad.
Layer poolLayer(const OnnxGraph& g, int node);
// GlobalAveragePool / GlobalMaxPool, and reductions over H and W.
Layer globalPoolLayer(const OnnxGraph& g, int node);
// True if a Reduce* node reduces exactly the spatial axes of a 4-D tensor.
bool reducesSpatialAxes(const OnnxGraph& g, int node);
// Any other reduction (over the last axis, over tokens, ...): a pool layer
// whose window is the reduced elements of each output element.
Layer reducePoolLayer(const OnnxGraph& g, int node);
// Element-wise op combining activation tensors `operands`: inputs of the
// output's size are full inputs, smaller (broadcast) ones a side operand per
// image. Add/Sum of full inputs: an add layer; anything else an eltwise layer
// (fn: "scale" for a product with a per-channel operand, else the op's name).
// `first` gets the index of the first full-size operand.
Layer eltwiseLayer(const OnnxGraph& g, int node, const std::vector<std::string>& operands, size_t& first);
// An element-wise function over a tensor of shape `dims`.
Layer functionLayer(const std::vector<int64_t>& dims, const std::string& fn, int64_t opsPerElement);
// A memory-only copy of a tensor of shape `dims` (Concat, data movement):
// a pool layer with a 1x1 window reads and writes every element once.
Layer copyLayer(const OnnxGraph& g, int node, const std::vector<int64_t>& dims);
// Data movement that moves no data: the consumer reads the input in place
// (Slice and Split select ranges, Gather one index of an activation, a
// Transpose that only moves axes of size 1).
bool isView(const OnnxGraph& g, int node);

}  // namespace hcm::onnximp
