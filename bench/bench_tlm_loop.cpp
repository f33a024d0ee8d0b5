// The cost of a bare loosely-timed b_transport on this machine: an initiator
// calling a target that only annotates a delay, through simple sockets. The
// simulator's own rate (`hcmsim run` prints TLM transactions per second) is
// compared against it in README.md.
#include <benchmark/benchmark.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

namespace {

struct Target : sc_core::sc_module {
    tlm_utils::simple_target_socket<Target> socket;
    explicit Target(sc_core::sc_module_name n) : sc_module(n), socket("socket") {
        socket.register_b_transport(this, &Target::b_transport);
    }
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        delay += sc_core::sc_time(1, sc_core::SC_NS);
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

struct Initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<Initiator> socket;
    explicit Initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") {}
};

struct Bench {
    Initiator ini{"ini"};
    Target tgt{"tgt"};
    Bench() { ini.socket.bind(tgt.socket); }
};

void BM_BareBTransport(benchmark::State& state) {
    static Bench bench;
    static unsigned char data[64];
    tlm::tlm_generic_payload gp;
    gp.set_data_ptr(data);
    gp.set_data_length(64);
    gp.set_streaming_width(64);
    gp.set_command(tlm::TLM_READ_COMMAND);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    for (auto _ : state) {
        gp.set_address(0);
        bench.ini.socket->b_transport(gp, delay);
        benchmark::DoNotOptimize(delay);
    }
    state.counters["transactions_per_s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BareBTransport);

}  // namespace

BENCHMARK_MAIN();
