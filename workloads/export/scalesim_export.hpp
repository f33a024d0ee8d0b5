#pragma once
// SCALE-Sim topology CSV export, meaning in SCALE-Sim what the layers mean in
// hcmsim (and reading back through hcmsim's own importer with equal MACs).
//
// Conv form (`Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter
// Width, Channels, Num Filter, Strides,`): SCALE-Sim has padding folded into
// the IFMAP and computes the output as ceil((H - R + stride) / stride), so the
// IFMAP written is the input rows and columns the layer actually reads,
// (P - 1)·stride + R by (Q - 1)·stride + S: SCALE-Sim then gets hcmsim's P x Q.
// Depthwise layers carry "DP" in their name (SCALE-Sim's convention); other
// grouped convolutions become one row per group ("<name>_g<i>"); fc layers are
// 1x1 convolutions over an IFMAP of `rows` x 1. SCALE-Sim has no dilation
// (rows keep the undilated kernel: equal MACs, a note) and no batch (the conv
// form needs batch 1). A stride that differs between height and width is
// written as hcmsim's optional 9th field (stride width).
//
// GEMM form (`Layer, M, N, K,`): M = N·P·Q rows, N = output channels, K =
// (C/groups)·R·S; grouped layers one row per group. It carries the batch.
//
// Memory-only layers (pool, add) have no SCALE-Sim row (a note says how many).
#include <string>
#include <vector>

#include "workloads/network.hpp"

namespace hcm {

enum class ScaleSimForm { Conv, Gemm };

struct ScaleSimTopology {
    std::string csv;
    int rows = 0;
    std::vector<std::string> notes;  // what could not be said exactly, one line each
};

// Throws InputError for a conv layer with batch > 1 in the conv form.
ScaleSimTopology scaleSimTopology(const Network& net, ScaleSimForm form);

}  // namespace hcm
