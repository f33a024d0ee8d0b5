#pragma once
// Parameters of the GPU-like streaming multiprocessors (hw/gpu_sm/*). The
// config reader (sim/config/engines/gpu_sm_config.*) fills them from the
// `compute:` section with kind: gpu_sm; docs/gpu_sm.md explains the model.
#include <array>
#include <cstdint>

namespace hcm {

// Op classes of the SIMT lanes. A lane operation of a class multiplies-
// accumulates kOpClassMacs products packed in 32-bit words: fp32 FMA 1,
// int32 multiply-add 1, int16 2-way dot product (dp2a) 2, int8 4-way (dp4a)
// 4, int4 8-way 8, XNOR/AND + popcount + accumulate on a 32-bit word 32,
// fp16 2-way (HFMA2: two half-precision FMAs on a 32-bit register) 2.
enum class OpClass { Fp32 = 0, Int32 = 1, Int16x2 = 2, Int8x4 = 3, Int4x8 = 4, Binary = 5, Fp16x2 = 6 };
constexpr int kOpClasses = 7;
constexpr int kOpClassBits[kOpClasses] = {32, 32, 16, 8, 4, 1, 16};
constexpr int64_t kOpClassMacs[kOpClasses] = {1, 1, 2, 4, 8, 32, 2};
const char* toString(OpClass op);

// How the CTA tiles sit in shared memory (docs/gpu_sm.md, bank conflicts):
// swizzled (CUTLASS-style XOR layouts, conflict-free by construction), padded
// (row-major with one word of padding per row), naive (plain row-major).
enum class SmemLayout { Swizzled, Padded, Naive };
const char* toString(SmemLayout layout);

struct GpuSmParams {
    int64_t sms = 8;
    int64_t subpartitions = 4;          // warp schedulers per SM, one warp instruction a cycle each
    int64_t lanes_per_subpartition = 32;
    int64_t warp_size = 32;
    int64_t max_warps_per_sm = 64;
    int64_t max_blocks_per_sm = 32;
    int64_t registers_per_sm = 65536;   // 32-bit registers
    int64_t max_registers_per_thread = 255;
    int64_t register_alloc_unit = 256;  // registers are allocated per warp in units of this many
    int64_t shared_mem_bytes = 64 * 1024;
    int64_t shared_mem_banks = 32;      // 4-byte banks, one wavefront of them per cycle
    int64_t l1_bytes = 128 * 1024;
    // Classes with a native path; others run on the next wider one. The
    // 32-bit ones (fp32, int32) are always there.
    std::array<bool, kOpClasses> native{true, true, true, true, true, true, true};
    // Lane operations per lane per cycle of each class (1 = full rate).
    std::array<double, kOpClasses> op_rate{1, 1, 1, 1, 1, 1, 1};
    int64_t global_latency_cycles = 200;  // a global load's round trip (an L2 hit) as the SM sees it
    int64_t pipeline_stages = 2;          // shared-memory stages (2 = double buffering)
    int64_t iteration_overhead_instructions = 8;   // per warp per k-iteration: addresses, barrier, loop
    int64_t epilogue_instructions_per_output = 2;  // per output per thread: scale/convert, store
    SmemLayout smem_layout = SmemLayout::Swizzled;
    int64_t tile_m = 0, tile_n = 0;       // forced CTA tile (0: chosen per layer)
    double l2_bytes_per_cycle = 0;        // L2 bandwidth the SMs' L1 misses share (0: unbounded)
    // Energy: one lane operation of each class's math pipe, one warp
    // instruction (fetch, decode, issue, operand collection).
    std::array<double, kOpClasses> lane_op_pj{0, 0, 0, 0, 0, 0, 0};
    double warp_instruction_pj = 0;

    int64_t lanesPerSm() const { return subpartitions * lanes_per_subpartition; }
};

}  // namespace hcm
