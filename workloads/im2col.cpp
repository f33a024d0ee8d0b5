#include "im2col.hpp"

namespace hcm {

Layer im2colLowered(const Layer& conv) {
    if (conv.op != LayerOp::Conv || conv.groups != 1)
        throwInputError(conv.where, conv.name, "im2col lowers an ungrouped convolution only");
    Layer m = conv;
    m.h = conv.p();
    m.w = conv.q();
    m.c = conv.c * conv.r * conv.s;
    m.r = m.s = 1;
    m.stride_h = m.stride_w = 1;
    m.pad_top = m.pad_left = m.pad_bottom = m.pad_right = 0;
    m.dil_h = m.dil_w = 1;
    m.ceil_mode = false;
    return m;
}

void im2colFirstLayer(Network& net, const std::string& option) {
    for (auto& L : net.layers) {
        if (L.op != LayerOp::Conv) continue;
        if (L.groups != 1)
            throwInputError({}, option,
                            "the first convolution, '" + L.name + "', is grouped: im2col lowers an ungrouped one");
        L = im2colLowered(L);
        return;
    }
    throwInputError({}, option, "the network '" + net.name + "' has no convolution to lower");
}

}  // namespace hcm
