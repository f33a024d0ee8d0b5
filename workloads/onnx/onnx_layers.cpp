#include "onnx_layers.hpp"

#include <algorithm>
#include <cctype>

namespace hcm::onnximp {

namespace {

int64_t product(const std::vector<int64_t>& d, size_t from, size_t to) {
    int64_t p = 1;
    for (size_t i = from; i < to && i < d.size(); ++i) p *= d[i];
    return p;
}

std::string dimsText(const std::vector<int64_t>& d) {
    std::string s = "[";
    for (size_t i = 0; i < d.size(); ++i) s += (i ? ", " : "") + std::to_string(d[i]);
    return s + "]";
}

// Window geometry of a conv or pool along its 1 or 2 spatial axes, stored as
// (height, width); a 1-D op has height 1.
struct Window {
    int64_t in[2] = {1, 1}, k[2] = {1, 1}, stride[2] = {1, 1}, dil[2] = {1, 1};
    int64_t padBegin[2] = {0, 0}, padEnd[2] = {0, 0};
};

std::vector<int64_t> attrPerAxis(const OnnxGraph& g, int node, const char* name, size_t nd, int64_t dflt) {
    auto v = g.attrInts(node, name);
    if (v.empty()) return std::vector<int64_t>(nd, dflt);
    if (v.size() != nd)
        g.fail(node, std::string(name) + " has " + std::to_string(v.size()) + " values for " + std::to_string(nd) +
                         " spatial axes");
    for (int64_t x : v)
        if (x < 1) g.fail(node, std::string(name) + " must be >= 1");
    return v;
}

Window readWindow(const OnnxGraph& g, int node, const std::vector<int64_t>& x, const std::vector<int64_t>& kernel) {
    const size_t nd = kernel.size();
    if (x.size() != nd + 2)
        g.fail(node, "input of rank " + std::to_string(x.size()) + " " + dimsText(x) + " does not match a " +
                         std::to_string(nd) + "-D kernel");
    if (nd < 1 || nd > 2) g.fail(node, std::to_string(nd) + "-D windows are not supported (1-D and 2-D are)");
    const auto strides = attrPerAxis(g, node, "strides", nd, 1);
    const auto dil = attrPerAxis(g, node, "dilations", nd, 1);  // Conv, MaxPool >= 10, AveragePool >= 19
    std::vector<int64_t> pads = g.attrInts(node, "pads");
    if (pads.empty()) pads.assign(2 * nd, 0);
    if (pads.size() != 2 * nd) g.fail(node, "pads has " + std::to_string(pads.size()) + " values, expected " + std::to_string(2 * nd));
    for (int64_t p : pads)
        if (p < 0) g.fail(node, "negative pads are not supported");
    const std::string autoPad = g.attrString(node, "auto_pad", "NOTSET");
    const size_t off = 2 - nd;  // 1-D ops use the width slot
    Window w;
    for (size_t a = 0; a < nd; ++a) {
        const size_t s = a + off;
        w.in[s] = x[2 + a];
        w.k[s] = kernel[a];
        w.stride[s] = strides[a];
        w.dil[s] = dil[a];
        if (autoPad == "NOTSET") {
            w.padBegin[s] = pads[a];
            w.padEnd[s] = pads[a + nd];
        } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
            // Output ceil(in / stride); the odd pixel of padding goes at the end (UPPER) or the beginning (LOWER).
            const int64_t out = (w.in[s] + w.stride[s] - 1) / w.stride[s];
            const int64_t total = std::max<int64_t>(0, (out - 1) * w.stride[s] + (w.k[s] - 1) * w.dil[s] + 1 - w.in[s]);
            const int64_t small = total / 2, large = total - small;
            w.padBegin[s] = autoPad == "SAME_UPPER" ? small : large;
            w.padEnd[s] = autoPad == "SAME_UPPER" ? large : small;
        } else if (autoPad != "VALID") {
            g.fail(node, "unknown auto_pad '" + autoPad + "'");
        }
    }
    return w;
}

void applyWindow(const Window& w, Layer& L) {
    L.h = w.in[0], L.w = w.in[1];
    L.r = w.k[0], L.s = w.k[1];
    L.stride_h = w.stride[0], L.stride_w = w.stride[1];
    L.dil_h = w.dil[0], L.dil_w = w.dil[1];
    L.pad_top = w.padBegin[0], L.pad_bottom = w.padEnd[0];
    L.pad_left = w.padBegin[1], L.pad_right = w.padEnd[1];
}

// The layer's output H x W against the shape ONNX inferred for output 0 (when known).
void checkSpatialOutput(const OnnxGraph& g, int node, const Layer& L) {
    const auto& n = g.node(node);
    if (n.output_size() < 1) return;
    const auto out = g.shape(n.output(0));
    if (!out || out->size() < 3) return;
    const int64_t p = out->size() == 3 ? 1 : (*out)[2];
    const int64_t q = out->back();
    if (L.p() != p || L.q() != q)
        g.fail(node, "output size " + std::to_string(L.p()) + "x" + std::to_string(L.q()) +
                         " from the attributes differs from the shape ONNX infers " + dimsText(*out));
}

void requirePositive(const OnnxGraph& g, int node, const std::vector<int64_t>& d, const std::string& t) {
    for (int64_t x : d)
        if (x < 1) g.fail(node, "tensor '" + t + "' has an empty dimension " + dimsText(d));
}

}  // namespace

void toNchw(const std::vector<int64_t>& d, Layer& L) {
    L.n = L.c = L.h = L.w = 1;
    switch (d.size()) {
        case 0: break;
        case 1: L.c = d[0]; break;
        case 2: L.n = d[0], L.c = d[1]; break;
        case 3: L.n = d[0], L.c = d[1], L.w = d[2]; break;
        default:
            L.n = d[0], L.c = d[1];
            L.h = product(d, 2, d.size() - 1);
            L.w = d.back();
    }
}

Layer convLayer(const OnnxGraph& g, int node) {
    const auto in = g.stdInputs(node);
    if (in.size() < 2 || in[0].empty() || in[1].empty()) g.fail(node, "needs an input and a weight tensor");
    const auto x = g.requireShape(node, in[0]);
    const auto wt = g.requireShape(node, in[1]);
    requirePositive(g, node, x, in[0]);
    if (x.size() != 3 && x.size() != 4)
        g.fail(node, std::to_string(int(x.size()) - 2) + "-D convolution is not supported (1-D and 2-D are)");
    if (wt.size() != x.size()) g.fail(node, "weight " + dimsText(wt) + " does not match input " + dimsText(x));
    std::vector<int64_t> kernel(wt.begin() + 2, wt.end());
    if (const auto ks = g.attrInts(node, "kernel_shape"); !ks.empty() && ks != kernel)
        g.fail(node, "kernel_shape " + dimsText(ks) + " differs from the weight shape " + dimsText(wt));
    Layer L;
    L.op = LayerOp::Conv;
    L.n = x[0];
    L.c = x[1];
    L.k = wt[0];
    L.groups = g.attrInt(node, "group", 1);
    if (L.groups < 1 || wt[1] * L.groups != L.c)
        g.fail(node, "weight " + dimsText(wt) + " with group " + std::to_string(L.groups) + " does not match " +
                         std::to_string(L.c) + " input channels");
    applyWindow(readWindow(g, node, x, kernel), L);
    L.bias = in.size() > 2 && !in[2].empty();
    checkSpatialOutput(g, node, L);
    return L;
}

Layer gemmLayer(const OnnxGraph& g, int node, GemmRoles roles) {
    const auto in = g.stdInputs(node);
    if (in.size() < 2 || in[0].empty() || in[1].empty()) g.fail(node, "needs inputs A and B");
    const auto a = g.requireShape(node, in[0]);
    const auto b = g.requireShape(node, in[1]);
    if (a.size() != 2 || b.size() != 2) g.fail(node, "Gemm needs 2-D A and B, got " + dimsText(a) + " and " + dimsText(b));
    const bool ta = g.attrInt(node, "transA", 0) != 0, tb = g.attrInt(node, "transB", 0) != 0;
    const int64_t m = ta ? a[1] : a[0], ka = ta ? a[0] : a[1];
    const int64_t kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
    if (ka != kb) g.fail(node, "A " + dimsText(a) + " and B " + dimsText(b) + " do not multiply (transA " +
                                    std::to_string(ta) + ", transB " + std::to_string(tb) + ")");
    Layer L;
    L.op = LayerOp::FC;
    L.c = ka;
    // W @ x: every column of x is a row of the fc, W's rows its outputs.
    L.n = roles == GemmRoles::WeightA ? n : m;
    L.k = roles == GemmRoles::WeightA ? m : n;
    L.runtime_weights = roles == GemmRoles::RuntimeB;
    L.bias = in.size() > 2 && !in[2].empty();
    return L;
}

Layer matmulLayer(const OnnxGraph& g, int node, GemmRoles roles) {
    const auto in = g.stdInputs(node);
    if (in.size() < 2 || in[0].empty() || in[1].empty()) g.fail(node, "needs inputs A and B");
    auto a = g.requireShape(node, in[0]);
    auto b = g.requireShape(node, in[1]);
    if (a.empty() || b.empty()) g.fail(node, "MatMul of a scalar");
    requirePositive(g, node, a, in[0]);
    requirePositive(g, node, b, in[1]);
    if (a.size() == 1) a.insert(a.begin(), 1);  // numpy: [K] -> [1, K]
    if (b.size() == 1) b.push_back(1);          //        [K] -> [K, 1]
    const int64_t m = a[a.size() - 2], k = a.back(), kb = b[b.size() - 2], n = b.back();
    if (k != kb) g.fail(node, "A " + dimsText(a) + " and B " + dimsText(b) + " do not multiply");
    // Broadcast the leading (batch) axes.
    const std::vector<int64_t> ba(a.begin(), a.end() - 2), bb(b.begin(), b.end() - 2);
    const size_t nb = std::max(ba.size(), bb.size());
    int64_t batch = 1;
    for (size_t i = 0; i < nb; ++i) {
        const int64_t x = i + ba.size() >= nb ? ba[i + ba.size() - nb] : 1;
        const int64_t y = i + bb.size() >= nb ? bb[i + bb.size() - nb] : 1;
        if (x != y && x != 1 && y != 1) g.fail(node, "batch axes of " + dimsText(a) + " and " + dimsText(b) + " do not broadcast");
        batch *= std::max(x, y);
    }
    // One GEMM per matrix of the stationary operand; the rows of all the
    // batch entries that share a matrix (broadcast) go through it together.
    const auto& stationary = roles == GemmRoles::WeightA ? ba : bb;
    const int64_t groups = product(stationary, 0, stationary.size());
    const int64_t rows = roles == GemmRoles::WeightA ? n : m;
    const int64_t outputs = roles == GemmRoles::WeightA ? m : n;
    Layer L;
    L.op = LayerOp::FC;
    L.groups = groups;
    L.n = rows * (batch / groups);
    L.c = groups * k;
    L.k = groups * outputs;
    L.runtime_weights = roles == GemmRoles::RuntimeB;
    return L;
}

namespace {
void rejectChannelsLast(const OnnxGraph& g, int node) {
    if (g.node(node).op_type().rfind("QLinear", 0) == 0 && g.attrInt(node, "channels_last", 0) != 0)
        g.fail(node, "channels_last layout is not supported");
}
}  // namespace

Layer poolLayer(const OnnxGraph& g, int node) {
    const auto in = g.stdInputs(node);
    if (in.empty() || in[0].empty()) g.fail(node, "needs an input");
    rejectChannelsLast(g, node);
    const auto x = g.requireShape(node, in[0]);
    requirePositive(g, node, x, in[0]);
    const auto kernel = g.attrInts(node, "kernel_shape");
    if (kernel.empty()) g.fail(node, "kernel_shape is required");
    Layer L;
    L.op = LayerOp::Pool;
    L.n = x[0];
    L.c = x.size() > 1 ? x[1] : 1;
    L.k = L.c;
    applyWindow(readWindow(g, node, x, kernel), L);
    L.ceil_mode = g.attrInt(node, "ceil_mode", 0) != 0;
    checkSpatialOutput(g, node, L);
    return L;
}

Layer globalPoolLayer(const OnnxGraph& g, int node) {
    const auto in = g.stdInputs(node);
    if (in.empty() || in[0].empty()) g.fail(node, "needs an input");
    rejectChannelsLast(g, node);
    const auto x = g.requireShape(node, in[0]);
    requirePositive(g, node, x, in[0]);
    if (x.size() < 3) g.fail(node, "input " + dimsText(x) + " has no spatial axes");
    Layer L;
    toNchw(x, L);
    L.op = LayerOp::Pool;
    L.k = L.c;
    L.r = L.h;
    L.s = L.w;
    return L;
}

bool reducesSpatialAxes(const OnnxGraph& g, int node) {
    const auto in = g.stdInputs(node);
    const auto x = g.shape(in.at(0));
    if (!x || x->size() != 4) return false;
    std::vector<int64_t> axes = g.attrInts(node, "axes");
    if (axes.empty() && in.size() > 1 && !in[1].empty()) {  // opset 13 ReduceSum, 18 all: axes as an input
        const auto v = g.constantValues(in[1]);
        if (!v) return false;
        for (double d : *v) axes.push_back(static_cast<int64_t>(d));
    }
    for (auto& a : axes)
        if (a < 0) a += 4;
    std::sort(axes.begin(), axes.end());
    return axes == std::vector<int64_t>{2, 3};
}

Layer reducePoolLayer(const OnnxGraph& g, int node) {
    const auto in = g.stdInputs(node);
    if (in.empty() || in[0].empty()) g.fail(node, "needs an input");
    const auto x = g.requireShape(node, in[0]);
    requirePositive(g, node, x, in[0]);
    std::vector<int64_t> axes = g.attrInts(node, "axes");
    if (!g.attr(node, "axes") && in.size() > 1 && !in[1].empty()) {  // opset 13 ReduceSum, 18 all: axes as an input
        const auto v = g.constantValues(in[1]);
        if (!v) g.fail(node, "the axes input '" + in[1] + "' is not a constant");
        for (double d : *v) axes.push_back(static_cast<int64_t>(d));
    }
    const int64_t rank = static_cast<int64_t>(x.size());
    std::vector<bool> reduced(x.size(), axes.empty() && g.attrInt(node, "noop_with_empty_axes", 0) == 0);
    for (int64_t a : axes) {
        if (a < -rank || a >= rank) g.fail(node, "axis " + std::to_string(a) + " is out of range for " + dimsText(x));
        reduced[static_cast<size_t>(a < 0 ? a + rank : a)] = true;
    }
    int64_t kept = 1, window = 1;
    for (size_t i = 0; i < x.size(); ++i) (reduced[i] ? window : kept) *= x[i];
    Layer L;
    L.op = LayerOp::Pool;
    L.n = !x.empty() && !reduced[0] ? x[0] : 1;  // the batch, unless it is reduced too
    L.c = kept / L.n;
    L.k = L.c;
    L.w = window;
    L.s = window;
    return L;
}

namespace {
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}
}  // namespace

Layer eltwiseLayer(const OnnxGraph& g, int node, const std::vector<std::string>& operands, size_t& first) {
    const auto& n = g.node(node);
    std::vector<int64_t> dims;
    if (auto out = g.shape(n.output(0))) {
        dims = *out;
    } else {  // broadcast of the operands' shapes
        for (const auto& t : g.stdInputs(node)) {
            if (t.empty()) continue;
            const auto s = g.requireShape(node, t);
            if (s.size() > dims.size()) dims.insert(dims.begin(), s.size() - dims.size(), 1);
            for (size_t i = 0; i < s.size(); ++i) {
                int64_t& d = dims[dims.size() - s.size() + i];
                d = std::max(d, s[i]);
            }
        }
    }
    requirePositive(g, node, dims, n.output(0));
    Layer L;
    toNchw(dims, L);
    L.k = L.c;
    const int64_t total = product(dims, 0, dims.size());
    // Full-size operands, and broadcast ones counted per image (an operand
    // with the output's batch axis holds one slice per image).
    std::vector<int64_t> sizes;
    for (const auto& t : operands) {
        const auto s = g.requireShape(node, t);
        requirePositive(g, node, s, t);
        int64_t count = product(s, 0, s.size());
        if (count != total && s.size() == dims.size() && !s.empty() && s[0] == dims[0] && dims[0] > 1) count /= s[0];
        sizes.push_back(count);
    }
    size_t fullCount = 0, largest = 0;
    first = operands.size();
    for (size_t i = 0; i < operands.size(); ++i) {
        if (sizes[i] == total && fullCount++ == 0) first = i;
        if (sizes[i] > sizes[largest]) largest = i;
    }
    if (first == operands.size()) first = largest;  // every operand broadcast: the largest is the input
    int64_t side = 0;
    for (size_t i = 0; i < operands.size(); ++i)
        if (sizes[i] != total && i != first) side += sizes[i];
    const std::string op = g.info(node) ? g.info(node)->stdOp : n.op_type();
    if ((op == "Add" || op == "Sum") && side == 0 && fullCount >= 2) {
        L.op = LayerOp::Add;
        L.add_inputs = static_cast<int64_t>(fullCount);
        return L;
    }
    L.op = LayerOp::Eltwise;
    L.fn = op == "Sum" ? "add" : lower(op);
    if (op == "Mul" && fullCount == 1 && operands.size() == 2 && side == L.c) L.fn = "scale";  // x * gate[C]
    L.add_inputs = std::max<int64_t>(1, static_cast<int64_t>(fullCount));
    L.side_elements = side;
    L.ops_per_element = eltwiseDefaults(L.fn).ops_per_element;
    return L;
}

Layer functionLayer(const std::vector<int64_t>& dims, const std::string& fn, int64_t opsPerElement) {
    Layer L;
    toNchw(dims, L);
    L.op = LayerOp::Eltwise;
    L.k = L.c;
    L.fn = fn;
    L.add_inputs = 1;
    L.ops_per_element = opsPerElement;
    return L;
}

Layer copyLayer(const OnnxGraph& g, int node, const std::vector<int64_t>& dims) {
    requirePositive(g, node, dims, g.node(node).output_size() ? g.node(node).output(0) : std::string());
    Layer L;
    toNchw(dims, L);
    L.op = LayerOp::Pool;
    L.k = L.c;
    return L;
}

bool isView(const OnnxGraph& g, int node) {
    const std::string& op = g.node(node).op_type();
    if (op == "Slice" || op == "Split") return true;
    const auto in = g.stdInputs(node);
    if (op == "Gather" && in.size() >= 2) {
        // One entry of an activation (a class token x[:, 0]); a lookup in a
        // constant table (embeddings) or a permutation moves data.
        const auto idx = g.shape(in[1]);
        return g.isActivation(in[0]) && !g.isActivation(in[1]) && idx && product(*idx, 0, idx->size()) <= 1;
    }
    if (op == "Transpose" && !in.empty()) {
        const auto x = g.shape(in[0]);
        if (!x) return false;
        std::vector<int64_t> perm = g.attrInts(node, "perm");
        if (perm.empty())
            for (size_t i = x->size(); i-- > 0;) perm.push_back(static_cast<int64_t>(i));
        if (perm.size() != x->size()) return false;
        int64_t last = -1;  // the axes longer than 1 keep their order: the bytes do not move
        for (int64_t p : perm) {
            if (p < 0 || p >= static_cast<int64_t>(x->size())) return false;
            if ((*x)[static_cast<size_t>(p)] == 1) continue;
            if (p < last) return false;
            last = p;
        }
        return true;
    }
    return false;
}

}  // namespace hcm::onnximp
