#include "rram_noc.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "tile_work.hpp"

namespace hcm {

using sc_core::sc_time;

RramNoc::RramNoc(sc_core::sc_module_name name, const RramNocParams& params, sc_time clockPeriod)
    : sc_module(name), in("in"), params_(params), clock_(clockPeriod) {
    in.register_b_transport(this, &RramNoc::b_transport);
    const int64_t routers = (params_.tiles + params_.tiles_per_router - 1) / params_.tiles_per_router;
    gridCols_ = std::max<int64_t>(1, int64_t(std::ceil(std::sqrt(double(routers)))));
    inFree_.assign(size_t(params_.tiles), sc_core::SC_ZERO_TIME);
    outFree_.assign(size_t(params_.tiles), sc_core::SC_ZERO_TIME);
    for (int64_t t = 0; t < params_.tiles; ++t)
        to_tile.push_back(std::make_unique<tlm_utils::simple_initiator_socket<RramNoc>>(
            ("to_tile_" + std::to_string(t)).c_str()));
}

int RramNoc::hops(int64_t tile) const {
    const int64_t router = tile / params_.tiles_per_router;
    return int(1 + router % gridCols_ + router / gridCols_);
}

void RramNoc::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    TileWork* w = nullptr;
    gp.get_extension(w);
    const uint64_t tile = gp.get_address();
    if (!w || tile >= uint64_t(params_.tiles)) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const size_t port = size_t(tile);
    const int h = hops(int64_t(tile));
    w->hops = h;
    const sc_time now = sc_core::sc_time_stamp();
    const sc_time hopTime = clock_ * double(h * params_.hop_latency_cycles);
    auto serialise = [&](int64_t bits) {
        return params_.width_bits > 0 ? clock_ * double((bits + params_.width_bits - 1) / params_.width_bits)
                                      : sc_core::SC_ZERO_TIME;
    };

    // Inputs: to the router, then over its port to the tile, which computes
    // while they stream in.
    const sc_time arrive = now + delay + hopTime;
    const sc_time inStart = std::max(arrive, inFree_[port]);
    stats_.wait_ps += (inStart - arrive).value();
    const sc_time inEnd = inStart + serialise(w->input_bits);
    inFree_[port] = inEnd;
    sc_time d = inStart - now;
    (*to_tile[tile])->b_transport(gp, d);
    if (gp.is_response_error()) return;
    const sc_time tileEnd = std::max(now + d, inEnd);

    // Outputs back to the I/O.
    const sc_time outStart = std::max(tileEnd, outFree_[port]);
    stats_.wait_ps += (outStart - tileEnd).value();
    const sc_time outEnd = outStart + serialise(w->output_bits);
    outFree_[port] = outEnd;
    const sc_time done = w->output_bits > 0 ? outEnd + hopTime : tileEnd;

    stats_.transactions += 1;
    stats_.in_bits += w->input_bits;
    stats_.out_bits += w->output_bits;
    const int64_t bitHops = (w->input_bits + w->output_bits) * h;
    stats_.bit_hops += bitHops;
    stats_.energy_pj += double(bitHops) * params_.pj_per_bit_hop;
    delay = done - now;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace hcm
