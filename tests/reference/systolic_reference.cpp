#include "systolic_reference.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace hcm::ref {

IntMatrix matmul(const IntMatrix& a, const IntMatrix& b) {
    if (a.cols != b.rows) throw std::invalid_argument("matmul: inner dimensions differ");
    IntMatrix c(a.rows, b.cols);
    for (int64_t i = 0; i < a.rows; ++i)
        for (int64_t j = 0; j < b.cols; ++j) {
            int64_t sum = 0;
            for (int64_t x = 0; x < a.cols; ++x) sum += a.at(i, x) * b.at(x, j);
            c.at(i, j) = sum;
        }
    return c;
}

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// One register per PE (or per edge port). A token is present or empty (an
// empty slot of the schedule), carries the temporal step it belongs to and
// `lanes` values.
struct Bank {
    int64_t lanes;
    std::vector<char> present;
    std::vector<int64_t> step, val;

    Bank(int64_t n, int64_t l) : lanes(l), present(size_t(n), 0), step(size_t(n), -1), val(size_t(n * l), 0) {}
    int64_t* vals(int64_t i) { return &val[size_t(i * lanes)]; }
    const int64_t* vals(int64_t i) const { return &val[size_t(i * lanes)]; }
    void clear(int64_t i) {
        present[size_t(i)] = 0;
        step[size_t(i)] = -1;
        std::fill_n(vals(i), lanes, 0);
    }
    void copy(int64_t i, const Bank& src, int64_t j) {
        present[size_t(i)] = src.present[size_t(j)];
        step[size_t(i)] = src.step[size_t(j)];
        std::copy_n(src.vals(j), lanes, vals(i));
    }
    bool any() const { return std::find(present.begin(), present.end(), 1) != present.end(); }
};

// A GEMM operand seen as [reduction index kk][item], item = pixel or filter.
struct Operand {
    const IntMatrix* mat = nullptr;
    bool itemMajor = false;  // A is stored [pixel][kk], B is [kk][filter]
    int64_t items = 0, lanes = 1;
    int64_t sliceDiv = 1, sliceMod = 1;  // slice used in pass p: (p / sliceDiv) % sliceMod

    int64_t value(int64_t kk, int64_t item) const { return itemMajor ? mat->at(item, kk) : mat->at(kk, item); }
    int64_t sliceOf(int64_t pass) const { return (pass / sliceDiv) % sliceMod; }
};

struct Context {
    int64_t ra, ca, m, k, n;
    int sliceBits;
    int64_t aSlices, wSlices, passes;
    Operand act, wgt;
    IntMatrix c;
    std::vector<char> written;  // output element already holds a (partial) sum

    int64_t slice(int64_t x, int64_t i) const { return (x >> (i * sliceBits)) & ((int64_t(1) << sliceBits) - 1); }
    int64_t shiftOf(int64_t pass) const { return (pass / wSlices + pass % wSlices) * sliceBits; }

    // The array's output port delivers a finished sum for C(pixel, filter).
    void writeOutput(int64_t pixel, int64_t filter, int64_t value, SystolicTraffic& tr) {
        const size_t idx = size_t(pixel * n + filter);
        if (written[idx]) ++tr.psum_reads;
        written[idx] = 1;
        c.at(pixel, filter) += value;
        ++tr.ofmap_writes;
    }
};

[[noreturn]] void misaligned(const char* what, int64_t cycle, int64_t r, int64_t col) {
    throw std::logic_error(std::string("systolic reference: ") + what + " at cycle " + std::to_string(cycle) +
                           " PE (" + std::to_string(r) + ", " + std::to_string(col) + ")");
}

// ws / is: `st` is preloaded (one reduction index per PE row, one group of
// st.lanes items per column), `sm` streams in from the left, psums flow down.
SystolicRefFold runStationaryFold(Context& ctx, const Operand& st, const Operand& sm, bool stIsAct, int64_t fi,
                                  int64_t fj) {
    const int64_t ra = ctx.ra, ca = ctx.ca, pes = ra * ca;
    const int64_t T = ceilDiv(sm.items, sm.lanes) * ctx.passes;
    const int64_t outLanes = st.lanes * sm.lanes;
    SystolicRefFold fold{fi, fj, 0, {}};
    SystolicTraffic& tr = fold.traffic;

    Bank stat(pes, st.lanes);  // step field = the fold row the PE holds (alignment check)
    Bank flow(pes, sm.lanes), flowNext(pes, sm.lanes);
    Bank psum(pes, outLanes), psumNext(pes, outLanes);
    std::vector<int64_t> colAcc(size_t(ca * outLanes), 0);  // sums passes at each column's foot
    int64_t lastLeave = -1;

    const int64_t lastInjection = ra + (T - 1) + (ra - 1);
    for (int64_t cyc = 0; cyc <= lastInjection || flow.any() || psum.any(); ++cyc) {
        if (cyc < ra) {  // preload: shift down, inject fold row ra-1-cyc at the top
            for (int64_t r = ra - 1; r > 0; --r)
                for (int64_t col = 0; col < ca; ++col) stat.copy(r * ca + col, stat, (r - 1) * ca + col);
            const int64_t row = ra - 1 - cyc, kk = fi * ra + row;
            for (int64_t col = 0; col < ca; ++col) {
                stat.present[size_t(col)] = 1;
                stat.step[size_t(col)] = row;
                for (int64_t l = 0; l < st.lanes; ++l) {
                    const int64_t item = (fj * ca + col) * st.lanes + l;
                    const bool real = kk < ctx.k && item < st.items;
                    stat.vals(col)[l] = real ? st.value(kk, item) : 0;
                    if (real) ++(stIsAct ? tr.ifmap_reads : tr.filter_reads);
                }
            }
            if (cyc == ra - 1)
                for (int64_t i = 0; i < pes; ++i)
                    if (stat.step[size_t(i)] != i / ca) misaligned("preload", cyc, i / ca, i % ca);
        }
        for (int64_t r = 0; r < ra; ++r)
            for (int64_t col = 0; col < ca; ++col) {
                const int64_t pe = r * ca + col;
                // Operand arriving at this PE this cycle: from the left edge or the left neighbour.
                if (col > 0) {
                    flowNext.copy(pe, flow, pe - 1);
                } else {
                    flowNext.clear(pe);
                    const int64_t s = cyc - ra - r;
                    if (s >= 0 && s < T) {
                        const int64_t pass = s % ctx.passes, kk = fi * ra + r;
                        flowNext.present[size_t(pe)] = 1;
                        flowNext.step[size_t(pe)] = s;
                        for (int64_t l = 0; l < sm.lanes; ++l) {
                            const int64_t item = (s / ctx.passes) * sm.lanes + l;
                            const bool real = kk < ctx.k && item < sm.items;
                            flowNext.vals(pe)[l] = real ? ctx.slice(sm.value(kk, item), sm.sliceOf(pass)) : 0;
                            if (real && pass == 0) ++(stIsAct ? tr.filter_reads : tr.ifmap_reads);
                        }
                    }
                }
                // Partial sum from the PE above (registered last cycle), plus this PE's products.
                const bool in = flowNext.present[size_t(pe)];
                const bool above = r > 0 && psum.present[size_t(pe - ca)];
                if (!in) {
                    if (above) misaligned("psum without operand", cyc, r, col);
                    psumNext.clear(pe);
                    continue;
                }
                const int64_t s = flowNext.step[size_t(pe)], pass = s % ctx.passes;
                if (r > 0 && (!above || psum.step[size_t(pe - ca)] != s)) misaligned("psum out of step", cyc, r, col);
                if (r > 0) psumNext.copy(pe, psum, pe - ca);
                else psumNext.clear(pe);
                psumNext.present[size_t(pe)] = 1;
                psumNext.step[size_t(pe)] = s;
                int64_t* out = psumNext.vals(pe);
                for (int64_t ls = 0; ls < st.lanes; ++ls) {
                    const int64_t w = ctx.slice(stat.vals(pe)[ls], st.sliceOf(pass));
                    for (int64_t lm = 0; lm < sm.lanes; ++lm)
                        out[ls * sm.lanes + lm] += w * flowNext.vals(pe)[lm] * (int64_t(1) << ctx.shiftOf(pass));
                }
            }
        std::swap(flow, flowNext);
        std::swap(psum, psumNext);
        // Psums leaving the bottom row this cycle.
        for (int64_t col = 0; col < ca; ++col) {
            const int64_t pe = (ra - 1) * ca + col;
            if (!psum.present[size_t(pe)]) continue;
            lastLeave = cyc;
            const int64_t s = psum.step[size_t(pe)];
            int64_t* acc = &colAcc[size_t(col * outLanes)];
            for (int64_t i = 0; i < outLanes; ++i) acc[i] += psum.vals(pe)[i];
            if (s % ctx.passes != ctx.passes - 1) continue;
            for (int64_t ls = 0; ls < st.lanes; ++ls)
                for (int64_t lm = 0; lm < sm.lanes; ++lm) {
                    const int64_t stItem = (fj * ca + col) * st.lanes + ls;
                    const int64_t smItem = (s / ctx.passes) * sm.lanes + lm;
                    if (stItem < st.items && smItem < sm.items) {
                        const int64_t v = acc[ls * sm.lanes + lm];
                        if (stIsAct) ctx.writeOutput(stItem, smItem, v, tr);
                        else ctx.writeOutput(smItem, stItem, v, tr);
                    }
                }
            std::fill_n(acc, outLanes, 0);
        }
    }
    fold.cycles = lastLeave + 1;
    return fold;
}

// os: pixel groups on the rows, filter groups on the columns, both streamed
// skewed from the left / top edges; sums stay in the PEs until their last MAC.
SystolicRefFold runOutputStationaryFold(Context& ctx, int64_t fi, int64_t fj) {
    const int64_t ra = ctx.ra, ca = ctx.ca, pes = ra * ca;
    const Operand& A = ctx.act;
    const Operand& W = ctx.wgt;
    const int64_t T = ctx.k * ctx.passes;
    const int64_t outLanes = A.lanes * W.lanes;
    SystolicRefFold fold{fi, fj, 0, {}};
    SystolicTraffic& tr = fold.traffic;

    Bank act(pes, A.lanes), actNext(pes, A.lanes), wgt(pes, W.lanes), wgtNext(pes, W.lanes);
    std::vector<int64_t> acc(size_t(pes * outLanes), 0);
    std::vector<int64_t> busCycle(size_t(ca), -1);  // one sum per column bus per cycle
    int64_t lastLeave = -1;

    // Edge token for step s of an operand whose group index (row or column) is `group`.
    auto inject = [&](Bank& bank, int64_t pe, const Operand& op, int64_t group, int64_t s, int64_t& reads) {
        bank.clear(pe);
        if (s < 0 || s >= T) return;
        const int64_t kk = s / ctx.passes, pass = s % ctx.passes;
        bank.present[size_t(pe)] = 1;
        bank.step[size_t(pe)] = s;
        for (int64_t l = 0; l < op.lanes; ++l) {
            const int64_t item = group * op.lanes + l;
            const bool real = item < op.items;
            bank.vals(pe)[l] = real ? ctx.slice(op.value(kk, item), op.sliceOf(pass)) : 0;
            if (real && pass == 0) ++reads;
        }
    };

    const int64_t lastInjection = (T - 1) + std::max(ra, ca) - 1;
    for (int64_t cyc = 0; cyc <= lastInjection || act.any() || wgt.any(); ++cyc) {
        for (int64_t r = 0; r < ra; ++r)
            for (int64_t col = 0; col < ca; ++col) {
                const int64_t pe = r * ca + col;
                if (col > 0) actNext.copy(pe, act, pe - 1);
                else inject(actNext, pe, A, fi * ra + r, cyc - r, tr.ifmap_reads);
                if (r > 0) wgtNext.copy(pe, wgt, pe - ca);
                else inject(wgtNext, pe, W, fj * ca + col, cyc - col, tr.filter_reads);

                const bool a = actNext.present[size_t(pe)], w = wgtNext.present[size_t(pe)];
                if (!a && !w) continue;
                const int64_t s = actNext.step[size_t(pe)];
                if (a != w || s != wgtNext.step[size_t(pe)]) misaligned("operands out of step", cyc, r, col);
                const int64_t pass = s % ctx.passes;
                int64_t* sum = &acc[size_t(pe * outLanes)];
                for (int64_t la = 0; la < A.lanes; ++la)
                    for (int64_t lw = 0; lw < W.lanes; ++lw)
                        sum[la * W.lanes + lw] += actNext.vals(pe)[la] * wgtNext.vals(pe)[lw] * (int64_t(1) << ctx.shiftOf(pass));
                if (s != T - 1) continue;
                // Last MAC: the sum leaves on the column's output bus this cycle.
                if (busCycle[size_t(col)] == cyc) misaligned("output bus conflict", cyc, r, col);
                busCycle[size_t(col)] = cyc;
                lastLeave = cyc;
                for (int64_t la = 0; la < A.lanes; ++la)
                    for (int64_t lw = 0; lw < W.lanes; ++lw) {
                        const int64_t pixel = (fi * ra + r) * A.lanes + la;
                        const int64_t filter = (fj * ca + col) * W.lanes + lw;
                        if (pixel < A.items && filter < W.items)
                            ctx.writeOutput(pixel, filter, sum[la * W.lanes + lw], tr);
                    }
                std::fill_n(sum, outLanes, 0);
            }
        std::swap(act, actNext);
        std::swap(wgt, wgtNext);
    }
    fold.cycles = lastLeave + 1;
    return fold;
}

}  // namespace

SystolicRefResult runSystolicReference(const SystolicArrayParams& array, const IntMatrix& a, const IntMatrix& b,
                                       int abits, int wbits) {
    if (a.cols != b.rows) throw std::invalid_argument("systolic reference: inner dimensions differ");
    if (array.rows < 1 || array.cols < 1 || array.mac_bits < 1 || array.mac_bits > 30 || abits < 1 || wbits < 1)
        throw std::invalid_argument("systolic reference: bad array or bit widths");
    const int P = array.mac_bits;
    Context ctx{array.rows, array.cols, a.rows, a.cols, b.cols, P, 0, 0, 0, {}, {}, IntMatrix(a.rows, b.cols), {}};
    ctx.written.assign(size_t(a.rows * b.cols), 0);
    ctx.aSlices = ceilDiv(abits, P);
    ctx.wSlices = ceilDiv(wbits, P);
    ctx.passes = ctx.aSlices * ctx.wSlices;
    const int64_t pa = (array.pack && abits <= P) ? P / abits : 1;
    const int64_t pw = (array.pack && wbits <= P) ? P / wbits : 1;
    // Pass p multiplies activation slice p / wSlices by weight slice p % wSlices.
    ctx.act = Operand{&a, true, ctx.m, pa, ctx.wSlices, ctx.aSlices};
    ctx.wgt = Operand{&b, false, ctx.n, pw, 1, ctx.wSlices};

    // What the rows and columns of the array hold decides the fold counts.
    const int64_t pixelGroups = ceilDiv(ctx.m, pa), filterGroups = ceilDiv(ctx.n, pw);
    int64_t sr = ctx.k, sc = filterGroups;
    if (array.dataflow == Dataflow::OS) sr = pixelGroups;
    if (array.dataflow == Dataflow::IS) sc = pixelGroups;
    const int64_t fr = ceilDiv(sr, ctx.ra), fc = ceilDiv(sc, ctx.ca);

    SystolicRefResult res;
    for (int64_t fj = 0; fj < fc; ++fj)
        for (int64_t fi = 0; fi < fr; ++fi) {
            SystolicRefFold f;
            switch (array.dataflow) {
                case Dataflow::WS: f = runStationaryFold(ctx, ctx.wgt, ctx.act, false, fi, fj); break;
                case Dataflow::IS: f = runStationaryFold(ctx, ctx.act, ctx.wgt, true, fi, fj); break;
                case Dataflow::OS: f = runOutputStationaryFold(ctx, fi, fj); break;
            }
            res.cycles += f.cycles;
            res.traffic += f.traffic;
            res.folds.push_back(f);
        }
    res.c = std::move(ctx.c);
    return res;
}

}  // namespace hcm::ref
