// The systolic engine's fold space for the planner and the calibrated
// estimator: its whole-problem buffer traffic (summed over fold classes)
// equals the sum over every fold of the per-unit traffic model.
#include <gtest/gtest.h>

#include "hw/common/time_units.hpp"
#include "hw/pe_array/systolic_array.hpp"

using namespace hcm;

TEST(SystolicFoldSpace, BufferBytesEqualTheSumOverEveryFold) {
    setPicosecondResolution();
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
        SystolicArrayParams p;
        p.rows = 8;
        p.cols = 4;
        p.dataflow = df;
        SystolicArray a(("a" + std::string(toString(df))).c_str(), p, sc_core::sc_time(1, sc_core::SC_NS));
        for (int64_t m : {1, 7, 33})
            for (int64_t k : {3, 8, 41})
                for (int64_t n : {1, 4, 9})
                    for (int bits : {8, 4}) {
                        GemmProblem g;
                        g.m = m, g.k = k, g.n = n, g.abits = g.wbits = bits, g.obits = 8, g.acc_bits = 20;
                        const FoldSpace s = a.foldSpace(g);
                        const SystolicMapping mp = mapGemm(p, GemmShape{m, k, n}, bits, bits);
                        SystolicTraffic partial, final;
                        for (int64_t fj = 0; fj < mp.fc; ++fj)
                            for (int64_t fi = 0; fi < mp.fr; ++fi) {
                                const bool done = df == Dataflow::OS || fi == mp.fr - 1;
                                (done ? final : partial) += unitTraffic(mp, fi, fj, 0, mp.t, true);
                            }
                        EXPECT_EQ(s.buffer_bytes[0], packedBytes(partial.ifmap_reads + final.ifmap_reads, bits));
                        EXPECT_EQ(s.buffer_bytes[1], packedBytes(partial.filter_reads + final.filter_reads, bits));
                        EXPECT_EQ(s.buffer_bytes[2],
                                  std::max(packedBytes(partial.psum_reads + final.psum_reads, 20),
                                           packedBytes(partial.ofmap_writes, 20) + packedBytes(final.ofmap_writes, 8)))
                            << toString(df) << " m" << m << " k" << k << " n" << n << " b" << bits;
                    }
    }
}
