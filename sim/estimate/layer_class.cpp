#include "layer_class.hpp"

namespace hcm {

const char* toString(LayerClass c) {
    switch (c) {
        case LayerClass::Conv: return "conv";
        case LayerClass::Pointwise: return "pointwise";
        case LayerClass::Strided: return "strided";
        case LayerClass::Depthwise: return "depthwise";
        case LayerClass::FC: return "fc";
        case LayerClass::Pool: return "pool";
        case LayerClass::Add: return "add";
        case LayerClass::Eltwise: return "eltwise";
    }
    return "?";
}

std::optional<LayerClass> layerClassNamed(const std::string& name) {
    for (int i = 0; i < kLayerClasses; ++i)
        if (name == toString(LayerClass(i))) return LayerClass(i);
    return std::nullopt;
}

LayerClass classOf(const Layer& L) {
    switch (L.op) {
        case LayerOp::Pool: return LayerClass::Pool;
        case LayerOp::Add: return LayerClass::Add;
        case LayerOp::Eltwise: return LayerClass::Eltwise;
        case LayerOp::FC: return LayerClass::FC;
        case LayerOp::Conv: break;
    }
    if (L.groups > 1) return LayerClass::Depthwise;
    if (L.stride_h > (L.r - 1) * L.dil_h + 1) return LayerClass::Strided;
    if (L.r == 1 && L.s == 1) return LayerClass::Pointwise;
    return LayerClass::Conv;
}

}  // namespace hcm
