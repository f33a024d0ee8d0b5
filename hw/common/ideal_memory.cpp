#include "ideal_memory.hpp"

namespace hcm {

IdealMemory::IdealMemory(sc_core::sc_module_name name) : sc_module(name), socket("socket") {
    socket.register_b_transport(this, &IdealMemory::b_transport);
}

void IdealMemory::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& /*delay*/) {
    if (gp.is_read())
        read_ += gp.get_data_length();
    else if (gp.is_write())
        written_ += gp.get_data_length();
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace hcm
