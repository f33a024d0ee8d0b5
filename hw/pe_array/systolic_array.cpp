#include "systolic_array.hpp"

#include <algorithm>
#include <stdexcept>

#include "hw/common/payload_data.hpp"

namespace hcm {

using sc_core::sc_time;

namespace {
int64_t bytesOf(int64_t elements, int bits) { return (elements * bits + 7) / 8; }
}  // namespace

SystolicArray::SystolicArray(sc_core::sc_module_name name, const SystolicArrayParams& params, sc_time clockPeriod)
    : sc_module(name), cmd("cmd"), ifmap("ifmap"), weight("weight"), ofmap("ofmap"), params_(params),
      clock_(clockPeriod) {
    cmd.register_b_transport(this, &SystolicArray::b_transport);
    gp_.set_data_ptr(dummyPayloadData());
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_dmi_allowed(false);
}

FoldSpace SystolicArray::foldSpace(const GemmProblem& p) const {
    const SystolicMapping m = mapGemm(params_, GemmShape{p.m, p.k, p.n}, p.abits, p.wbits);
    FoldSpace s;
    switch (params_.dataflow) {
        case Dataflow::WS:  // reduction on rows, filters on columns, pixels stream
            s.row_dim = GemmDim::K, s.row_unit = m.rows;
            s.col_dim = GemmDim::N, s.col_unit = m.cols * m.pw;
            s.time_dim = GemmDim::M, s.time_unit = m.pa;
            break;
        case Dataflow::OS:  // pixels on rows, filters on columns, reduction streams
            s.row_dim = GemmDim::M, s.row_unit = m.rows * m.pa;
            s.col_dim = GemmDim::N, s.col_unit = m.cols * m.pw;
            s.time_dim = GemmDim::K, s.time_unit = 1;
            break;
        case Dataflow::IS:  // reduction on rows, pixels on columns, filters stream
            s.row_dim = GemmDim::K, s.row_unit = m.rows;
            s.col_dim = GemmDim::M, s.col_unit = m.cols * m.pa;
            s.time_dim = GemmDim::N, s.time_unit = m.pw;
            break;
    }
    s.steps_per_group = m.passes;
    s.fr = m.fr;
    s.fc = m.fc;
    s.t = m.t;
    s.peak_macs_per_cycle = m.peak_macs_per_cycle;
    s.total_cycles_ideal = m.total_cycles;
    return s;
}

void SystolicArray::b_transport(tlm::tlm_generic_payload& gp, sc_time& delay) {
    ComputeCommand* c = nullptr;
    gp.get_extension(c);
    if (!c) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    const sc_time start = sc_core::sc_time_stamp() + delay;
    stats_.commands += 1;
    switch (c->op) {
        case ComputeCommand::Op::Configure: configure(*c); break;
        case ComputeCommand::Op::Run: run(*c, start); break;
        case ComputeCommand::Op::Vector: vector(*c, start); break;
    }
    delay += clock_ * double(c->cycles);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

void SystolicArray::configure(ComputeCommand& c) {
    problem_ = c.problem;
    c.space = foldSpace(problem_);
    timer_.emplace(mapGemm(params_, GemmShape{problem_.m, problem_.k, problem_.n}, problem_.abits, problem_.wbits));
    c.cycles = 0;
    c.array_cycles = 0;
}

sc_time SystolicArray::access(tlm_utils::simple_initiator_socket<SystolicArray>& port, tlm::tlm_command command,
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

void SystolicArray::run(ComputeCommand& c, const sc_time& start) {
    if (!timer_) throw std::logic_error(std::string(name()) + ": Run before Configure");
    const SystolicMapping& m = timer_->mapping();
    const int64_t segmentsBefore = timer_->segments();
    // Outputs leave as partial sums at accumulator width until the last
    // reduction fold has added its share; then at output precision.
    SystolicTraffic traffic, finalTraffic;
    int64_t arrayCycles = 0;
    for (int64_t fj = c.fj0; fj < c.fj1; ++fj) {
        for (int64_t fi = c.fi0; fi < c.fi1; ++fi) {
            SystolicTraffic unit;
            arrayCycles += timer_->run(fi, fj, c.t0, c.t1, &unit);
            const bool reductionDone = params_.dataflow == Dataflow::OS ? c.t1 == m.t : fi == m.fr - 1;
            (reductionDone ? finalTraffic : traffic) += unit;
        }
    }
    traffic.ifmap_reads += finalTraffic.ifmap_reads;
    traffic.filter_reads += finalTraffic.filter_reads;
    traffic.psum_reads += finalTraffic.psum_reads;

    const sc_time a = access(ifmap, tlm::TLM_READ_COMMAND, c.ifmap_base, c.ifmap_span,
                             bytesOf(traffic.ifmap_reads, problem_.abits), start);
    const sc_time w = access(weight, tlm::TLM_READ_COMMAND, c.weight_base, c.weight_span,
                             bytesOf(traffic.filter_reads, problem_.wbits), start);
    const sc_time r = access(ofmap, tlm::TLM_READ_COMMAND, c.ofmap_base, c.ofmap_span,
                             bytesOf(traffic.psum_reads, problem_.acc_bits), start);
    const int64_t outBytes =
        bytesOf(traffic.ofmap_writes, problem_.acc_bits) + bytesOf(finalTraffic.ofmap_writes, problem_.obits);
    const sc_time o = access(ofmap, tlm::TLM_WRITE_COMMAND, c.ofmap_base, c.ofmap_span, outBytes, start);
    const sc_time buffersDone = std::max({a, w, r, o});
    const int64_t bufferCycles = int64_t((buffersDone - start) / clock_ + 0.5);
    c.array_cycles = arrayCycles;
    c.cycles = std::max(arrayCycles, bufferCycles);

    stats_.units += 1;
    stats_.segments += timer_->segments() - segmentsBefore;
    stats_.array_cycles += arrayCycles;
    stats_.busy_cycles += c.cycles;
    stats_.buffer_stall_cycles += c.cycles - arrayCycles;
}

void SystolicArray::vector(ComputeCommand& c, const sc_time& start) {
    const int64_t lanes = params_.cols;
    const int64_t laneCycles = (c.vector_ops + lanes - 1) / lanes;
    const sc_time a = access(ifmap, tlm::TLM_READ_COMMAND, c.ifmap_base, c.ifmap_span,
                             bytesOf(c.vector_inputs, c.vector_in_bits), start);
    const sc_time b = access(weight, tlm::TLM_READ_COMMAND, c.weight_base, c.weight_span,
                             bytesOf(c.vector_inputs2, c.vector_in_bits), start);
    const sc_time o = access(ofmap, tlm::TLM_WRITE_COMMAND, c.ofmap_base, c.ofmap_span,
                             bytesOf(c.vector_outputs, c.vector_out_bits), start);
    const int64_t bufferCycles = int64_t((std::max({a, b, o}) - start) / clock_ + 0.5);
    c.array_cycles = laneCycles;
    c.cycles = std::max(laneCycles, bufferCycles);
    stats_.vector_cycles += c.cycles;
    stats_.busy_cycles += c.cycles;
}

}  // namespace hcm
