// The fast systolic model against the cycle-stepped structural reference:
// cycles (per fold and in total), buffer traffic and numeric results, over a
// systematic sweep of small GEMMs, array shapes, dataflows and precisions.
#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "hw/pe_array/systolic_model.hpp"
#include "tests/reference/systolic_reference.hpp"

using namespace hcm;
using hcm::ref::IntMatrix;

namespace hcm {
// Readable parameter names in gtest's failure messages.
void PrintTo(Dataflow df, std::ostream* os) { *os << toString(df); }
}  // namespace hcm

namespace {

// Deterministic values in [0, 2^bits): a fixed LCG, identical on every platform.
IntMatrix randomMatrix(int64_t rows, int64_t cols, int bits, uint64_t seed) {
    IntMatrix m(rows, cols);
    uint64_t x = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    for (int64_t& v : m.v) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        v = int64_t((x >> 33) & ((uint64_t(1) << bits) - 1));
    }
    return m;
}

std::string describe(const SystolicArrayParams& p, int64_t m, int64_t k, int64_t n, int abits, int wbits) {
    return std::string(toString(p.dataflow)) + " " + std::to_string(p.rows) + "x" + std::to_string(p.cols) +
           " P" + std::to_string(p.mac_bits) + (p.pack ? " pack" : " nopack") + " gemm " + std::to_string(m) +
           "x" + std::to_string(k) + "x" + std::to_string(n) + " a" + std::to_string(abits) + " w" +
           std::to_string(wbits);
}

// One shape: the reference must reproduce the fast model's numbers exactly.
void expectModelMatchesReference(const SystolicArrayParams& p, int64_t m, int64_t k, int64_t n, int abits,
                                 int wbits) {
    const std::string what = describe(p, m, k, n, abits, wbits);
    const IntMatrix a = randomMatrix(m, k, abits, uint64_t(m * 1000 + k * 10 + n));
    const IntMatrix b = randomMatrix(k, n, wbits, uint64_t(n * 1000 + k * 10 + m + 7));
    const ref::SystolicRefResult r = ref::runSystolicReference(p, a, b, abits, wbits);
    const SystolicMapping map = mapGemm(p, GemmShape{m, k, n}, abits, wbits);

    ASSERT_EQ(r.c, ref::matmul(a, b)) << what;
    ASSERT_EQ(r.cycles, map.total_cycles) << what;
    ASSERT_EQ(int64_t(r.folds.size()), map.folds()) << what;
    SystolicTimer timer(map);
    for (const ref::SystolicRefFold& f : r.folds) {
        ASSERT_EQ(f.cycles, map.fold_cycles) << what << " fold " << f.fi << "," << f.fj;
        SystolicTraffic tr;
        ASSERT_EQ(timer.run(f.fi, f.fj, 0, map.t, &tr), f.cycles) << what;
        ASSERT_EQ(tr, f.traffic) << what << " fold " << f.fi << "," << f.fj << ": fast ifmap/filter/ofmap/psum "
                                 << tr.ifmap_reads << "/" << tr.filter_reads << "/" << tr.ofmap_writes << "/"
                                 << tr.psum_reads << " ref " << f.traffic.ifmap_reads << "/"
                                 << f.traffic.filter_reads << "/" << f.traffic.ofmap_writes << "/"
                                 << f.traffic.psum_reads;
    }
}

SystolicArrayParams array(int64_t rows, int64_t cols, Dataflow df, int macBits = 8, bool pack = true) {
    SystolicArrayParams p;
    p.rows = rows;
    p.cols = cols;
    p.dataflow = df;
    p.mac_bits = macBits;
    p.pack = pack;
    return p;
}

using ArrayCase = std::tuple<int64_t, int64_t, Dataflow>;

class SystolicSweep : public ::testing::TestWithParam<ArrayCase> {};

}  // namespace

TEST(SystolicReference, MatmulIsPlain) {
    IntMatrix a(2, 3), b(3, 2);
    a.v = {1, 2, 3, 4, 5, 6};
    b.v = {7, 8, 9, 10, 11, 12};
    IntMatrix want(2, 2);
    want.v = {58, 64, 139, 154};
    EXPECT_EQ(ref::matmul(a, b), want);
}

// Hand-checked against SCALE-Sim's demand matrices: a 2x2 ws array, one fold,
// T = 3 pixels -> 2*2 + 2 + 3 - 2 = 7 cycles (ofmap demand: 3 prefix rows,
// 3 output rows, 1 skew row); os on the same array: 3 + 2 + 2 - 2 = 5.
TEST(SystolicReference, TinyFoldCycles) {
    const IntMatrix a = randomMatrix(3, 2, 8, 1), b = randomMatrix(2, 2, 8, 2);
    EXPECT_EQ(ref::runSystolicReference(array(2, 2, Dataflow::WS), a, b, 8, 8).cycles, 7);
    const IntMatrix a2 = randomMatrix(2, 3, 8, 3), b2 = randomMatrix(3, 2, 8, 4);
    EXPECT_EQ(ref::runSystolicReference(array(2, 2, Dataflow::OS), a2, b2, 8, 8).cycles, 5);
}

// 8-bit operands on an 8-bit array (SCALE-Sim's own setting): every m, k, n
// from a set covering "smaller than", "equal to" and "not a multiple of" the
// array, up to 20; 10^3 = 1000 shapes per array and dataflow.
TEST_P(SystolicSweep, FastModelEqualsReference) {
    const auto [rows, cols, df] = GetParam();
    const SystolicArrayParams p = array(rows, cols, df);
    const std::vector<int64_t> dims = {1, 2, 3, 4, 5, 8, 9, 13, 16, 20};
    for (int64_t m : dims)
        for (int64_t k : dims)
            for (int64_t n : dims) {
                expectModelMatchesReference(p, m, k, n, 8, 8);
                if (HasFatalFailure()) return;
            }
}

namespace {

std::vector<ArrayCase> arrayCases() {
    std::vector<ArrayCase> cases;
    const std::vector<std::pair<int64_t, int64_t>> shapes = {{1, 1}, {2, 3}, {4, 4}, {3, 5}, {8, 8}};
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS})
        for (const auto& [rows, cols] : shapes) cases.emplace_back(rows, cols, df);
    return cases;
}

std::string arrayCaseName(const ::testing::TestParamInfo<ArrayCase>& info) {
    const auto [rows, cols, df] = info.param;
    return std::string(toString(df)) + "_" + std::to_string(rows) + "x" + std::to_string(cols);
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Arrays, SystolicSweep, ::testing::ValuesIn(arrayCases()), arrayCaseName);

// Packing and slicing: the reference carries pa / pw lanes per token and runs
// one pass per (activation slice, weight slice); its numerics check that the
// lanes and the shifted slice products add up to A*B, its cycles and traffic
// that the fast model's pa, pw and passes are right.
TEST(SystolicPrecision, FastModelEqualsReference) {
    const std::vector<std::pair<int, int>> bits = {{4, 4}, {2, 8}, {3, 5}, {1, 2}, {16, 8}, {8, 16}, {12, 4}, {16, 16}};
    const std::vector<int64_t> dims = {1, 3, 7, 12};
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS})
        for (const auto& [rows, cols] : std::vector<std::pair<int64_t, int64_t>>{{2, 3}, {4, 4}})
            for (bool pack : {true, false})
                for (const auto& [abits, wbits] : bits)
                    for (int64_t m : dims)
                        for (int64_t k : dims)
                            for (int64_t n : dims) {
                                expectModelMatchesReference(array(rows, cols, df, 8, pack), m, k, n, abits, wbits);
                                if (HasFatalFailure()) return;
                            }
}

// Packing pays off on a compute-bound shape in the structural model too:
// 4-bit operands on 8-bit PEs do 4 products a PE-cycle.
TEST(SystolicPrecision, PackedFourBitIsFourTimesFasterOnTheReference) {
    const IntMatrix a = randomMatrix(16, 20, 4, 11), b = randomMatrix(20, 16, 4, 12);
    const auto full = ref::runSystolicReference(array(4, 4, Dataflow::OS, 8, false), a, b, 4, 4);
    const auto packed = ref::runSystolicReference(array(4, 4, Dataflow::OS, 8, true), a, b, 4, 4);
    EXPECT_EQ(full.c, packed.c);
    // unpacked: 4 x 4 folds of 20 + 6 cycles; packed: 2 x 2 folds of the same.
    EXPECT_EQ(full.cycles, 16 * 26);
    EXPECT_EQ(packed.cycles, 4 * 26);
}
