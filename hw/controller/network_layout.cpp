#include "network_layout.hpp"

#include <algorithm>
#include <stdexcept>

#include "sim/common/input_error.hpp"

namespace hcm {

std::vector<LayerTensors> layoutNetworkTensors(const Network& net, uint64_t capacityBytes) {
    DramAllocator alloc(capacityBytes);
    std::vector<LayerTensors> tensors(net.layers.size());
    uint64_t actBytes = 1, residualBytes = 1, sideBytes = 1, psumBytes = 1;
    for (size_t i = 0; i < net.layers.size(); ++i) {
        const Layer& L = net.layers[i];
        LayerTensors& t = tensors[i];
        t.ifmap = TensorRegion{0, L.n, L.c, L.op == LayerOp::FC ? 1 : L.h, L.op == LayerOp::FC ? 1 : L.w, L.prec.abits};
        const int64_t outC = L.hasWeights() ? L.k : L.c;
        t.ofmap = TensorRegion{0, L.n, outC, L.op == LayerOp::FC ? 1 : L.p(), L.op == LayerOp::FC ? 1 : L.q(), L.prec.obits};
        actBytes = std::max({actBytes, t.ifmap.bytes(), t.ofmap.bytes()});
        if ((L.op == LayerOp::Add || L.op == LayerOp::Eltwise) && L.add_inputs > 1) {
            t.residual = TensorRegion{0, L.n * (L.add_inputs - 1), L.c, L.h, L.w, L.prec.abits};
            residualBytes = std::max(residualBytes, t.residual.bytes());
        }
        if (L.op == LayerOp::Eltwise && L.side_elements > 0) {
            t.side = TensorRegion{0, L.n, L.side_elements, 1, 1, L.prec.abits};
            sideBytes = std::max(sideBytes, t.side.bytes());
        }
        if (L.hasWeights()) {
            // Spilled partial sums (TilePlan::reduction_outer) at up to the
            // exact accumulator width, at least 32 bits.
            const int accBits = std::max(32, GemmLayerGeometry::of(L).acc_bits);
            t.psums = TensorRegion{0, L.n, L.k, t.ofmap.h, t.ofmap.w, accBits};
            psumBytes = std::max(psumBytes, t.psums.bytes());
            const int64_t cg = L.c / L.groups;
            t.weights = TensorRegion{0, L.k, cg, L.op == LayerOp::Conv ? L.r : 1, L.op == LayerOp::Conv ? L.s : 1,
                                     L.prec.wbits};
        }
    }
    try {
        for (size_t i = 0; i < tensors.size(); ++i)
            if (net.layers[i].hasWeights()) tensors[i].weights.base = alloc.allocate(tensors[i].weights.bytes());
        const uint64_t act0 = alloc.allocate(actBytes), act1 = alloc.allocate(actBytes);
        const uint64_t residual = alloc.allocate(residualBytes), side = alloc.allocate(sideBytes);
        const uint64_t psums = alloc.allocate(psumBytes);
        for (size_t i = 0; i < tensors.size(); ++i) {
            tensors[i].ifmap.base = (i % 2 == 0) ? act0 : act1;
            tensors[i].ofmap.base = (i % 2 == 0) ? act1 : act0;
            tensors[i].residual.base = residual;
            tensors[i].side.base = side;
            tensors[i].psums.base = psums;
        }
    } catch (const std::length_error& e) {
        throwInputError({net.source, 0, 0}, "", e.what());
    }
    return tensors;
}


}  // namespace hcm
