#pragma once
// Element-wise functions written as several ONNX nodes, recognised as one
// eltwise layer each.
//
// Exporters decompose what hardware computes in one pass over a tensor: at
// opset 13 torch.onnx writes LayerNorm as ReduceMean, Sub, Pow, ReduceMean,
// Add, Sqrt, Div, Mul, Add and GELU as Div, Erf, Add, Mul, Mul. Mapping those
// nodes one by one would give a dozen tiny layers (or fold them away and lose
// their traffic). Instead, every element-wise node (activation functions,
// arithmetic, row reductions, normalizations, Softmax, quantizers, reshapes)
// whose activation inputs all derive from one tensor — its *source* — belongs
// to that source's region; a node whose inputs come from different sources
// (a residual add, x * gate) starts a region of its own. A region whose
// intermediate values are also read outside it is split there, so that each
// region reads one tensor and writes one tensor. A region containing a
// function the hardware must compute on its vector lanes — a normalization
// (ReduceMean ... Sqrt, LayerNormalization, ...), GELU (Erf, or Tanh with a
// cube), Softmax — and writing as many elements as it reads becomes one
// `eltwise` layer; other regions (Relu, BN, bias, SiLU's x * sigmoid(x), a
// scale by a constant) stay folded into their neighbours as before.
#include <string>
#include <vector>

#include "onnx_graph.hpp"

namespace hcm::onnximp {

struct ElementwiseFunction {
    std::string fn;             // "layernorm", "gelu", "softmax", joined by '+' if several
    int64_t opsPerElement = 1;  // vector-lane operations per output element
    std::string input;          // the tensor it reads
    std::string output;         // the tensor it writes
    int outputNode = -1;        // the node that writes `output`
    std::vector<int> nodes;     // its nodes, in graph order
    std::string name;           // layer name: the nodes' common scope + the function
};

class ElementwiseFusion {
public:
    explicit ElementwiseFusion(const OnnxGraph& g);

    // The recognised function node i is part of; nullptr if none.
    const ElementwiseFunction* functionOf(int node) const;
    const std::vector<ElementwiseFunction>& functions() const { return functions_; }
    // Whether node i is element-wise on one source (folded or part of a
    // function); false for a node combining several sources (x + y, x * gate).
    bool isMember(int node) const { return member_.at(size_t(node)); }

private:
    std::vector<ElementwiseFunction> functions_;
    std::vector<int> of_;  // node -> index into functions_, -1
    std::vector<bool> member_;
};

}  // namespace hcm::onnximp
