#pragma once
// Timeloop problem files, one per conv/fc layer, so a study can be
// cross-checked in Timeloop + Accelergy. The format is Timeloop's v0.4 problem
// (problem: {version, shape, instance}) with the CNN-layer shape written out in
// full, so each file stands alone.
//
// Timeloop's naming differs from hcmsim's: R and P run along the WIDTH (they
// are paired with Wstride/Wdilation in the Inputs projection), S and Q along
// the HEIGHT. So R = hcmsim s (kernel width), S = hcmsim r (kernel height),
// P = hcmsim q (output width), Q = hcmsim p (output height); C = input channels
// per group, M = output channels per group, N = batch (fc: GEMM rows).
// Grouped and depthwise convolutions add a G dimension (G = groups).
// Padding is implicit in Timeloop (P and Q are given); the unpadded input size
// and the leading pads are written as H, W, Hpad, Wpad as in Timeloop's own
// example problems, and all four pads in a comment. Timeloop problems carry no
// precision: the layer's bits are in the comment and in index.csv.
#include <vector>

#include "export_file.hpp"
#include "workloads/network.hpp"

namespace hcm {

// The problem YAML of one conv or fc layer.
std::string timeloopProblemYaml(const Layer& layer, const std::string& networkName);

// One "NNN_<layer name>.yaml" per conv/fc layer (NNN: the layer's index in the
// network) plus "index.csv" listing them with MACs and bits. Memory-only layers
// (pool, add) have no Timeloop problem and are not listed.
std::vector<ExportFile> timeloopProblems(const Network& net);

// A layer name made safe as part of a file name.
std::string fileSafeName(const std::string& name);

}  // namespace hcm
