#include "scalesim_export.hpp"

#include <set>
#include <sstream>

#include "sim/common/input_error.hpp"

namespace hcm {

namespace {

// CSV-safe and free of SCALE-Sim's "DP" marker unless the layer is depthwise.
std::string rowName(const std::string& raw, bool depthwise, size_t index) {
    std::string s;
    for (char c : raw) s += (c == ',' || c == '"' || static_cast<unsigned char>(c) <= ' ') ? '_' : c;
    if (s.empty()) s = "layer" + std::to_string(index);
    for (size_t p = s.find("DP"); p != std::string::npos; p = s.find("DP", p)) s[p + 1] = 'p';
    if (depthwise) s += "_DP";
    return s;
}

class Writer {
public:
    explicit Writer(ScaleSimForm form) {
        out_ << (form == ScaleSimForm::Conv
                     ? "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                     : "Layer, M, N, K,\n");
    }

    // A unique row name (our importer rejects duplicates, SCALE-Sim overwrites reports).
    std::string unique(std::string name) {
        const std::string base = name;
        for (int n = 2; !used_.insert(name).second; ++n) name = base + "_" + std::to_string(n);
        return name;
    }

    void conv(const std::string& name, int64_t h, int64_t w, int64_t r, int64_t s, int64_t c, int64_t k,
              int64_t strideH, int64_t strideW) {
        out_ << unique(name) << ", " << h << ", " << w << ", " << r << ", " << s << ", " << c << ", " << k << ", "
             << strideH << ",";
        if (strideW != strideH) out_ << " " << strideW << ",";
        out_ << "\n";
        ++rows_;
    }

    void gemm(const std::string& name, int64_t m, int64_t n, int64_t k) {
        out_ << unique(name) << ", " << m << ", " << n << ", " << k << ",\n";
        ++rows_;
    }

    ScaleSimTopology finish(std::vector<std::string> notes) { return {out_.str(), rows_, std::move(notes)}; }

private:
    std::ostringstream out_;
    std::set<std::string> used_;
    int rows_ = 0;
};

}  // namespace

ScaleSimTopology scaleSimTopology(const Network& net, ScaleSimForm form) {
    Writer wr(form);
    std::vector<std::string> notes;
    int memoryOnly = 0, dilated = 0, unequalStride = 0, split = 0;
    for (size_t i = 0; i < net.layers.size(); ++i) {
        const Layer& L = net.layers[i];
        if (!L.hasWeights()) {
            ++memoryOnly;
            continue;
        }
        if (L.op == LayerOp::FC) {
            // A batched fc (attention heads) is `groups` independent GEMMs: a row each.
            const int64_t cg = L.c / L.groups, kg = L.k / L.groups;
            if (L.groups > 1) ++split;
            for (int64_t g = 0; g < L.groups; ++g) {
                std::string name = rowName(L.name, false, i);
                if (L.groups > 1) name += "_g" + std::to_string(g);
                if (form == ScaleSimForm::Conv)
                    wr.conv(name, L.n, 1, 1, 1, cg, kg, 1, 1);  // rows as pixels of a 1x1 conv
                else
                    wr.gemm(name, L.n, kg, cg);
            }
            continue;
        }
        if (form == ScaleSimForm::Conv && L.n > 1)
            throwInputError({}, "--batch",
                            "SCALE-Sim conv topologies describe one image, but layer '" + L.name + "' has batch " +
                                std::to_string(L.n) + "; use --batch 1 or --form gemm");
        const int64_t cg = L.c / L.groups, kg = L.k / L.groups;
        if (L.dil_h > 1 || L.dil_w > 1) ++dilated;
        if (L.stride_h != L.stride_w && form == ScaleSimForm::Conv) ++unequalStride;
        // The input rows/columns the layer reads: SCALE-Sim's ceil formula then gives P x Q.
        const int64_t h = (L.p() - 1) * L.stride_h + L.r, w = (L.q() - 1) * L.stride_w + L.s;
        if (form == ScaleSimForm::Conv && cg == 1 && L.groups > 1) {
            wr.conv(rowName(L.name, true, i), h, w, L.r, L.s, L.c, kg, L.stride_h, L.stride_w);
            continue;
        }
        if (L.groups > 1) ++split;
        for (int64_t g = 0; g < L.groups; ++g) {
            std::string name = rowName(L.name, false, i);
            if (L.groups > 1) name += "_g" + std::to_string(g);
            if (form == ScaleSimForm::Conv)
                wr.conv(name, h, w, L.r, L.s, cg, kg, L.stride_h, L.stride_w);
            else
                wr.gemm(name, L.n * L.p() * L.q(), kg, cg * L.r * L.s);
        }
    }
    if (memoryOnly > 0)
        notes.push_back(std::to_string(memoryOnly) + " memory-only layers (pool, add, eltwise) have no SCALE-Sim row");
    if (dilated > 0)
        notes.push_back(std::to_string(dilated) +
                        " dilated layers are written with their undilated kernel (SCALE-Sim has no dilation; MACs "
                        "and output size are exact)");
    if (unequalStride > 0)
        notes.push_back(std::to_string(unequalStride) +
                        " layers with different height and width strides carry the stride width as a 9th field");
    if (split > 0)
        notes.push_back(std::to_string(split) + " grouped layers are written as one row per group");
    return wr.finish(std::move(notes));
}

}  // namespace hcm
