#pragma once
// A memory that answers every transaction at once (--ideal-memory): used to
// time the compute engine alone, as SCALE-Sim's stall-free compute model does.
// It still counts the bytes that cross it.
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <cstdint>

namespace hcm {

class IdealMemory : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<IdealMemory> socket;

    explicit IdealMemory(sc_core::sc_module_name name);

    uint64_t bytesRead() const { return read_; }
    uint64_t bytesWritten() const { return written_; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    uint64_t read_ = 0, written_ = 0;
};

}  // namespace hcm
