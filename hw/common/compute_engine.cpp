#include "compute_engine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "design_error.hpp"
#include "payload_data.hpp"

namespace hcm {

using sc_core::sc_time;

ComputeEngine::ComputeEngine(sc_core::sc_module_name name, sc_time clockPeriod)
    : sc_module(name), cmd("cmd"), ifmap("ifmap"), weight("weight"), ofmap("ofmap"), clock_(clockPeriod) {
    cmd.register_b_transport(this, &ComputeEngine::b_transport);
    gp_.set_data_ptr(dummyPayloadData());
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_dmi_allowed(false);
}

void ComputeEngine::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    ComputeCommand* c = nullptr;
    gp.get_extension(c);
    if (!c) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    const sc_time start = sc_core::sc_time_stamp() + delay;
    stats_.commands += 1;
    c->cycles = c->array_cycles = 0;
    switch (c->op) {
        case ComputeCommand::Op::Configure:
            requireNumberFormat(c->problem);
            configure(*c);
            break;
        case ComputeCommand::Op::Run:
            run(*c, start);
            stats_.array_cycles += c->array_cycles;
            stats_.buffer_stall_cycles += c->cycles - c->array_cycles;
            break;
        case ComputeCommand::Op::Vector:
            vector(*c, start);
            stats_.vector_cycles += c->cycles;
            break;
    }
    stats_.busy_cycles += c->cycles;
    delay += clock_ * double(c->cycles);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

sc_time ComputeEngine::access(tlm_utils::simple_initiator_socket<ComputeEngine>& port, tlm::tlm_command command,
                              uint64_t address, uint64_t span, int64_t bytes, const sc_time& start) {
    if (bytes <= 0) return start;
    gp_.set_command(command);
    gp_.set_address(address);
    gp_.set_data_length(static_cast<unsigned>(bytes));
    gp_.set_streaming_width(static_cast<unsigned>(std::max<uint64_t>(1, std::min<uint64_t>(span, uint64_t(bytes)))));
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    sc_time d = start - sc_core::sc_time_stamp();
    port->b_transport(gp_, d);
    if (gp_.is_response_error())
        throw std::logic_error(std::string(name()) + ": buffer access out of range at offset " + std::to_string(address));
    return sc_core::sc_time_stamp() + d;
}

void ComputeEngine::requireNumberFormat(const GemmProblem& problem) const {
    if (problem.fp && !floatingPoint())
        throw DesignError("floating-point operands (fp" + std::to_string(std::max(problem.abits, problem.wbits)) +
                          ") need a floating-point datapath, and this engine computes integers only (quantize the "
                          "layer, or run it on a gpu_sm platform)");
}

int64_t ComputeEngine::cyclesBetween(const sc_time& from, const sc_time& to) const {
    if (to <= from) return 0;
    return int64_t(std::llround((to - from) / clock_));
}

TileCost ComputeEngine::vectorCost(const ComputeCommand& c) const {
    const int64_t lanes = std::max<int64_t>(1, vectorLanes());
    TileCost t;
    t.array_cycles = (c.vector_ops + lanes - 1) / lanes;
    t.ifmap_read_bytes = packedBytes(c.vector_inputs, c.vector_in_bits);
    t.weight_read_bytes = packedBytes(c.vector_inputs2, c.vector_in_bits);
    t.ofmap_write_bytes = packedBytes(c.vector_outputs, c.vector_out_bits);
    return t;
}

void ComputeEngine::vector(ComputeCommand& c, const sc_time& start) { finishCommand(c, vectorCost(c), start); }

void ComputeEngine::finishCommand(ComputeCommand& c, const TileCost& cost, const sc_time& start) {
    const sc_time a = access(ifmap, tlm::TLM_READ_COMMAND, c.ifmap_base, c.ifmap_span, cost.ifmap_read_bytes, start);
    const sc_time w = access(weight, tlm::TLM_READ_COMMAND, c.weight_base, c.weight_span, cost.weight_read_bytes, start);
    const sc_time r = access(ofmap, tlm::TLM_READ_COMMAND, c.ofmap_base, c.ofmap_span, cost.ofmap_read_bytes, start);
    const sc_time o = access(ofmap, tlm::TLM_WRITE_COMMAND, c.ofmap_base, c.ofmap_span, cost.ofmap_write_bytes, start);
    c.array_cycles = cost.array_cycles;
    c.cycles = std::max({cost.array_cycles, cost.bound_cycles, cyclesBetween(start, std::max({a, w, r, o}))});
}

}  // namespace hcm
