#pragma once
// Attaches a stack-allocated extension to a generic payload for the length of
// one b_transport call. The payload must never keep a pointer to it beyond
// that: if the target throws, the payload (a member of its initiator) is
// destroyed later during unwinding, and tlm_generic_payload's destructor
// frees every extension still attached, which would delete a stack object.
#include <tlm>

namespace hcm {

template <class Ext>
class ScopedExtension {
public:
    ScopedExtension(tlm::tlm_generic_payload& gp, Ext* ext) : gp_(gp), ext_(ext) { gp_.set_extension(ext_); }
    ~ScopedExtension() { gp_.clear_extension(ext_); }
    ScopedExtension(const ScopedExtension&) = delete;
    ScopedExtension& operator=(const ScopedExtension&) = delete;

private:
    tlm::tlm_generic_payload& gp_;
    Ext* ext_;
};

}  // namespace hcm
