#pragma once
// Layer classes, as the calibrated tier refines its factors and as reports
// group errors: conv (kernels larger than 1x1), pointwise (1x1), strided (a
// stride larger than the kernel: input rows skipped), depthwise (grouped),
// fc (GEMMs), pool, add, eltwise.
#include <optional>
#include <string>

#include "workloads/layer.hpp"

namespace hcm {

enum class LayerClass { Conv, Pointwise, Strided, Depthwise, FC, Pool, Add, Eltwise };
constexpr int kLayerClasses = 8;

const char* toString(LayerClass c);
std::optional<LayerClass> layerClassNamed(const std::string& name);
LayerClass classOf(const Layer& layer);

}  // namespace hcm
