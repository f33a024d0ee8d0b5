#include "rram_tile.hpp"

#include <algorithm>
#include <stdexcept>

#include "hw/common/payload_data.hpp"

namespace hcm {

using sc_core::sc_time;

RramTile::RramTile(sc_core::sc_module_name name, const SramParams& edram, sc_time clockPeriod)
    : sc_module(name), in("in"), edram_port("edram_port") {
    in.register_b_transport(this, &RramTile::b_transport);
    edram_ = std::make_unique<SramBuffer>("edram", edram, clockPeriod);
    edram_port.bind(edram_->socket);
    gp_.set_data_ptr(dummyPayloadData());
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_dmi_allowed(false);
    gp_.set_address(0);
}

sc_time RramTile::edramAccess(tlm::tlm_command command, int64_t bits, const sc_time& at) {
    const int64_t bytes = (bits + 7) / 8;
    if (bytes <= 0) return at;
    // The eDRAM is a circular buffer of input rows: a transfer larger than it
    // wraps (streaming width), as rows are consumed while new ones arrive.
    // (Transfers beyond 1 GiB go as several transactions: the payload length is 32 bits.)
    const uint64_t capacity = uint64_t(edram_->params().capacity_bytes);
    constexpr int64_t kMaxTransaction = int64_t(1) << 30;
    sc_time d = at - sc_core::sc_time_stamp();
    for (int64_t left = bytes; left > 0; left -= kMaxTransaction) {
        const int64_t n = std::min(left, kMaxTransaction);
        gp_.set_command(command);
        gp_.set_data_length(static_cast<unsigned>(n));
        gp_.set_streaming_width(static_cast<unsigned>(std::min<uint64_t>(capacity, uint64_t(n))));
        gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        edram_port->b_transport(gp_, d);
        if (gp_.is_response_error()) throw std::logic_error(std::string(name()) + ": eDRAM access failed");
    }
    return sc_core::sc_time_stamp() + d;
}

void RramTile::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    TileWork* w = nullptr;
    gp.get_extension(w);
    if (!w) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    const sc_time start = sc_core::sc_time_stamp() + delay;
    const sc_time written = edramAccess(tlm::TLM_WRITE_COMMAND, w->input_bits, start);
    const sc_time read = edramAccess(tlm::TLM_READ_COMMAND, w->ima_input_bits, start);
    w->compute_ps = uint64_t(w->vectors) * uint64_t(w->steps) * w->read_ps;
    const sc_time end = std::max({written, read, start + sc_core::sc_time::from_value(w->compute_ps)});
    stats_.commands += 1;
    stats_.busy_ps += (end - start).value();
    stats_.crossbar_reads += w->crossbars * w->vectors * w->steps;
    stats_.ima_input_bits += w->ima_input_bits;
    delay += end - start;
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace hcm
