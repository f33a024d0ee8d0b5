#pragma once
// SystemC TLM-2.0 loosely-timed target in front of the DRAM timing model.
//
// b_transport never waits: the payload (any length at its address; the data
// pointer is not touched, this is a performance model) is split into
// burst-sized requests that all arrive at sc_time_stamp() + delay, admitted
// into the channel queues as space frees; the call returns with `delay`
// advanced to the last data beat of the last burst. Requests from initiators
// running behind the model's time (temporal decoupling) are served as if they
// arrived at the model's current cycle. Addresses beyond the capacity wrap.
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include <memory>
#include <vector>

#include "dram_controller.hpp"
#include "dram_params.hpp"
#include "dram_stats.hpp"
#include "hw/common/timeline_probe.hpp"

namespace hcm {

class DramTarget : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket<DramTarget> socket;

    // Throws InputError when the parameters are inconsistent.
    DramTarget(sc_core::sc_module_name name, const DramParams& params);
    ~DramTarget() override;

    // Measured so far (background energy up to the last completed burst).
    const DramStats& stats() const;
    // Measured so far with background energy up to `now` (when later than
    // the last burst), so per-phase energy differences include idle time.
    DramStats statsAt(const sc_core::sc_time& now) const;
    // Reports "dram.queue_depth" (sample) and "dram.data" (transfer, bytes per
    // completed burst) with times in ps. Null turns reporting off.
    void setProbe(TimelineProbe* probe);

    DramController& controller() { return *ctrl_; }
    const DramParams& params() const { return ctrl_->params(); }

    // Cycle <-> picosecond conversions used for the annotated delays.
    int64_t cycleAtOrAfterPs(uint64_t ps) const;
    uint64_t psOfCycle(int64_t cycle) const;

private:
    class ProbeAdapter;

    void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
    unsigned int transport_dbg(tlm::tlm_generic_payload& trans);

    std::unique_ptr<DramController> ctrl_;
    std::unique_ptr<ProbeAdapter> probe_;
    std::vector<DramCompletion> done_;
    double tckPs_;
    uint64_t nextTag_ = 0;
    mutable DramStats snapshot_;
};

}  // namespace hcm
