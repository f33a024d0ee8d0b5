#pragma once
// One layer of a quantized CNN, in the shape vocabulary of the field:
// batch N, input C x H x W, K output channels, R x S kernel, output P x Q.
//
//   conv    : grouped 2-D convolution (groups = C is depthwise)
//   fc      : fully connected / GEMM; M = n (rows), reduction = c, outputs = k;
//             groups > 1 is a batched GEMM (attention heads): `groups`
//             independent GEMMs of n x c/groups x k/groups
//   pool    : memory-only window reduction (max/avg), no weights, no MACs
//   add     : memory-only element-wise sum of `add_inputs` tensors of C x H x W
//   eltwise : memory-only element-wise function (`fn`: GELU, LayerNorm,
//             Softmax, a product, ...) of `add_inputs` tensors of C x H x W and
//             an optional broadcast operand of `side_elements` per image (the
//             channel scale of a squeeze-excitation block), costing
//             `ops_per_element` vector-lane operations per output element
#include <cstdint>
#include <string>
#include <vector>

#include "precision.hpp"
#include "sim/common/input_error.hpp"

namespace hcm {

enum class LayerOp { Conv, FC, Pool, Add, Eltwise };

const char* toString(LayerOp op);

struct Layer {
    std::string name;
    LayerOp op = LayerOp::Conv;

    int64_t n = 1;                       // batch (GEMM M for fc)
    int64_t c = 1, h = 1, w = 1;         // input channels, height, width
    int64_t k = 1;                       // output channels (fc: output features)
    int64_t r = 1, s = 1;                // kernel height, width
    int64_t stride_h = 1, stride_w = 1;
    int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
    int64_t dil_h = 1, dil_w = 1;
    int64_t groups = 1;
    bool ceil_mode = false;              // output size rounds up (SCALE-Sim, PyTorch ceil_mode)
    bool bias = false;                   // k bias parameters
    bool batchnorm = false;              // folded batch norm: 2k parameters (scale, shift)
    int64_t add_inputs = 2;              // add, eltwise: full-size input tensors
    std::string fn;                      // eltwise: the function, for reports (gelu, softmax, mul, ...)
    int64_t side_elements = 0;           // eltwise: broadcast operand elements per image
    int64_t ops_per_element = 1;         // eltwise: vector-lane operations per output element
    // conv/fc: the second operand is an activation computed during this
    // inference (attention's K and V), not a stored weight: it is no
    // parameter, and an engine that stores weights ahead of time (RRAM
    // crossbars) must write it at run time.
    bool runtime_weights = false;
    // Layers whose outputs this layer reads, by name (empty: the previous
    // layer's output, and for add the other tensors are not named). Several
    // names for a conv/fc/pool/eltwise are concatenated along channels.
    std::vector<std::string> from;

    PrecisionOverride declared;          // precision given in the network file
    Precision prec;                      // resolved precision (see resolvePrecision)
    SourceLocation where;                // where the layer was defined

    // Output size.
    int64_t p() const;
    int64_t q() const;

    bool hasWeights() const { return op == LayerOp::Conv || op == LayerOp::FC; }
    bool hasParameters() const { return hasWeights() && !runtime_weights; }
    bool isMemoryOnly() const { return !hasWeights(); }

    int64_t reductionSize() const;       // (C/groups) * R * S; inputs per output for conv/fc
    int64_t macs() const;                // 0 for pool/add/eltwise
    int64_t weights() const;             // conv/fc weights (runtime operands included), no bias
    int64_t params() const;              // stored weights + bias + batch-norm parameters
    int64_t vectorOps() const;           // pool/add/eltwise: vector-lane operations; 0 for conv/fc
    int64_t inputElements() const;       // all input tensors (add: add_inputs of them)
    int64_t outputElements() const;

    // Bits of each tensor at the layer's precision (ideal dense packing).
    int64_t weightBits() const { return weights() * prec.wbits; }
    int64_t inputBits() const { return inputElements() * prec.abits; }
    int64_t outputBits() const { return outputElements() * prec.obits; }

    bool isDepthwise() const { return op == LayerOp::Conv && groups > 1 && groups == c; }
    // Input channels of one group (conv, fc), else c.
    int64_t channelsPerGroup() const { return hasWeights() ? c / groups : c; }
};

// What an element-wise function costs when the network file does not say:
// full-size inputs, whether a per-channel operand is broadcast, and
// vector-lane operations per output element. Unknown names: one input, one op.
struct EltwiseDefaults {
    int64_t inputs = 1;
    bool side_is_channels = false;
    int64_t ops_per_element = 1;
};
EltwiseDefaults eltwiseDefaults(const std::string& fn);

// Checks shapes are consistent (divisible groups, non-empty output, ...).
// Throws InputError naming layer.where and the offending key.
void validateLayer(const Layer& layer);

}  // namespace hcm
