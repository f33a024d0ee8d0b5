#pragma once
// Commands from the layer controller to a compute engine, carried as a TLM
// extension on a generic payload (like writes to an accelerator's command
// registers). Every engine kind (systolic, bit-serial, fusion, ...) accepts
// the same three commands, so the controller and its tiler are shared:
//
//   Configure  a GEMM problem (one group of a conv/fc layer) at a precision;
//              the engine answers with its FoldSpace: which GEMM dimension it
//              maps to array rows, columns and time, and in what units.
//   Run        one tile of work: row folds [fi0, fi1) x column folds [fj0, fj1),
//              each over temporal steps [t0, t1), run in SCALE-Sim's order
//              (column folds outer, row folds inner); the engine fetches the
//              operands from the buffers itself (TLM reads), writes partial
//              sums / outputs, and annotates its duration.
//   Vector     a memory-only operation (pooling, element-wise add) on the
//              engine's vector lanes.
#include <tlm>

#include <cstdint>
#include <vector>

#include "hw/common/buffer_role.hpp"

namespace hcm {

enum class GemmDim { M, K, N };  // output pixels, reduction, filters

// The GEMM of one group of a layer: ifmap[m x k] * filter[k x n].
struct GemmProblem {
    int64_t m = 1, k = 1, n = 1;
    int abits = 8, wbits = 8, obits = 8;
    int acc_bits = 32;          // partial-sum width kept in the output buffer
    bool fp = false;            // floating-point operands (fp16 / fp32)
    bool fully_connected = false;
    // Kernel positions R·S per input channel (k = channels x taps, channel-major),
    // for engines that reduce whole channels per tap (Bit Fusion, Stripes).
    int64_t taps = 1;
    int64_t groups = 1;         // the layer runs `groups` of these one after another
    // The "weights" are an activation produced during the inference (q·kᵀ,
    // attention·v): an engine that stores weights ahead of time (RRAM) must
    // write them when the layer runs.
    bool runtime_weights = false;

    bool operator==(const GemmProblem& o) const {
        return m == o.m && k == o.k && n == o.n && abits == o.abits && wbits == o.wbits && obits == o.obits &&
               acc_bits == o.acc_bits && fp == o.fp && fully_connected == o.fully_connected && taps == o.taps &&
               groups == o.groups && runtime_weights == o.runtime_weights;
    }
};

// How an engine lays a GemmProblem over space and time.
struct FoldSpace {
    GemmDim row_dim = GemmDim::K, col_dim = GemmDim::N, time_dim = GemmDim::M;
    int64_t row_unit = 1;       // GEMM elements of row_dim per row fold
    int64_t col_unit = 1;       // GEMM elements of col_dim per column fold
    int64_t time_unit = 1;      // GEMM elements of time_dim per temporal group
    int64_t steps_per_group = 1;  // temporal steps per group (operand slices, bit-serial cycles)
    int64_t fr = 1, fc = 1;     // folds
    int64_t t = 1;              // temporal steps of a whole fold
    double peak_macs_per_cycle = 0;
    int64_t total_cycles_ideal = 0;  // every fold whole, no stalls
    // Bytes the engine moves through each buffer for the whole problem on its
    // stall-free schedule, indexed by bufferIndex(BufferRole): Ifmap reads,
    // Weight reads, Ofmap the larger of output-buffer reads and writes; 0
    // when the engine does not say.
    // Estimators divide by the buffers' port bandwidth to see port-bound layers.
    int64_t buffer_bytes[kBufferRoles] = {0, 0, 0};
    // How fast the engine takes in a tile's unique inputs from the ifmap
    // buffer, in bits per cycle, when its own network limits it (RRAM: the
    // router ports that feed each copy's tiles); 0 when it does not. A tile
    // then lasts at least its ifmap bits / this rate; estimators use it.
    double input_bits_per_cycle = 0;
    // The engine holds this problem's weights already (e.g. programmed into
    // RRAM crossbars before the inference): the controller loads no weights.
    bool weights_preloaded = false;
    // The engine stores weights and must be written before use (RRAM
    // crossbars reprogrammed during the inference). When > 0, filter blocks
    // of at most this many column folds (all row folds) run outermost and the
    // controller streams each block's weights once through the weight buffer,
    // in chunks, as Run commands with `program_weights`, before its tiles.
    int64_t programmed_col_folds = 0;
    int64_t block_program_cycles = 0;  // what writing one such block costs beyond its transfer
    // Where a resident layer sits in the engine (RRAM: its first crossbar, so
    // estimators see the same tiles and routers the simulation uses); -1 when
    // the engine places it at run time or has no such notion.
    int64_t placement_base = -1;
    // All folds of a tile run at once (RRAM: every crossbar is its own
    // array), so a tile lasts its temporal steps x total_cycles_ideal / t
    // whatever its folds; the planner's time estimate uses this.
    bool folds_in_parallel = false;
    // The engine runs a reduction block smaller than one row fold (whole
    // channels of a fold whose lanes hold channels x all their taps), the
    // fold's other lanes idle for its whole time; Run's [e0, e1) says which
    // channels. The planner falls back to such blocks when one fold's
    // operands do not fit the buffers (a 7x7 kernel on many lanes).
    bool partial_row_folds = false;
    // Width of the partial sums the engine keeps between reduction blocks (in
    // the ofmap buffer, or spilled to DRAM); 0: the exact accumulator width
    // b_a + b_w + ceil(log2(k)) of GemmProblem::acc_bits. An engine with
    // fixed-width accumulators (a GPU's 32-bit registers) says so.
    int acc_bits = 0;

    // Temporal steps covering time_dim elements [0, elems).
    int64_t stepsFor(int64_t elems) const { return (elems + time_unit - 1) / time_unit * steps_per_group; }
};

struct ComputeCommand : tlm::tlm_extension<ComputeCommand> {
    enum class Op { Configure, Run, Vector };
    Op op = Op::Run;

    // Configure
    GemmProblem problem;
    // The conv/fc layers of the whole network in execution order and which
    // of them this is, for engines that place all weights ahead (RRAM
    // crossbars). Null when there is no network context.
    const std::vector<GemmProblem>* program = nullptr;
    int64_t program_index = -1;
    FoldSpace space;            // filled in by the engine

    // Run
    int64_t fi0 = 0, fi1 = 1, fj0 = 0, fj1 = 1, t0 = 0, t1 = 0;
    // The tile's output pixels [m0, m1) (GEMM rows), for engines whose
    // temporal groups hold many pixels (RRAM copies): a tile smaller than a
    // group leaves the rest of the group idle. m1 = 0: whole groups.
    int64_t m0 = 0, m1 = 0;
    // The tile's reduction elements [e0, e1) (FoldSpace::partial_row_folds
    // engines count only these channels). e1 = 0: whole folds.
    int64_t e0 = 0, e1 = 0;
    // Where the unit's operands live in the buffers (byte offsets) and how many
    // bytes each resident tile spans: operand reads wrap inside that span (TLM
    // streaming width), as an array re-reading an im2col window does.
    uint64_t ifmap_base = 0, weight_base = 0, ofmap_base = 0;
    uint64_t ifmap_span = 1, weight_span = 1, ofmap_span = 1;
    int64_t group = 0;          // group of a grouped layer the unit belongs to
    // FoldSpace::programmed_col_folds: write weights [weight_first,
    // weight_first + weight_count) of the filter block [fj0, fj1) (filter-
    // major, as stored in DRAM) from the weight buffer into the engine; no compute.
    bool program_weights = false;
    int64_t weight_first = 0, weight_count = 0;

    // Vector
    int64_t vector_inputs = 0;   // elements read from the ifmap buffer
    int64_t vector_inputs2 = 0;  // elements read from the weight buffer (second add operand)
    int64_t vector_outputs = 0;  // elements written
    int64_t vector_ops = 0;      // element operations (compares/adds)
    int vector_in_bits = 8, vector_out_bits = 8;

    // Results (filled in by the engine)
    int64_t cycles = 0;          // engine cycles of this command
    int64_t array_cycles = 0;    // cycles the array itself needed (before buffer stalls)

    tlm::tlm_extension_base* clone() const override { return new ComputeCommand(*this); }
    void copy_from(const tlm::tlm_extension_base& other) override {
        *this = static_cast<const ComputeCommand&>(other);
    }
};

}  // namespace hcm
