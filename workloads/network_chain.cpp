#include "network_chain.hpp"

#include <limits>
#include <map>
#include <string>

namespace hcm {

namespace {

// Products of dimensions saturate instead of overflowing: every dimension is
// at most 2^24, so three of them can exceed int64, and a saturated product
// never equals a real one.
int64_t mul(int64_t a, int64_t b) {
    int64_t r = 0;
    if (__builtin_mul_overflow(a, b, &r)) return std::numeric_limits<int64_t>::max();
    return r;
}

// A tensor passed between layers: batch n of [c, h, w]; an fc writes m rows
// of `out` features, kept as n = m, c = out, h = w = 1 with `rows` set.
struct Tensor {
    int64_t n = 1, c = 1, h = 1, w = 1;
    bool rows = false;
    int64_t perImage() const { return mul(mul(c, h), w); }
};

Tensor outputOf(const Layer& L) {
    if (L.op == LayerOp::FC) return {L.n, L.k, 1, 1, true};
    return {L.n, L.hasWeights() ? L.k : L.c, L.p(), L.q(), false};
}

std::string str(int64_t v) {
    return v == std::numeric_limits<int64_t>::max() ? "2^63 or more" : std::to_string(v);
}

std::string dims(const Tensor& t) {
    if (t.rows) return "[" + str(t.c) + "]" + (t.n != 1 ? " (m " + str(t.n) + ")" : "");
    return "[" + str(t.c) + ", " + str(t.h) + ", " + str(t.w) + "]" + (t.n != 1 ? " (batch " + str(t.n) + ")" : "");
}

std::string inputOf(const Layer& L) {
    if (L.op == LayerOp::FC) return "input " + str(L.c) + (L.n != 1 ? " (m " + str(L.n) + ")" : "");
    return "input " + dims({L.n, L.c, L.h, L.w, false});
}

bool spatialReads(const Layer& L, const Tensor& t) {
    if (t.n == L.n && t.c == L.c && t.h == L.h && t.w == L.w) return true;
    if (!t.rows) return false;
    const int64_t pixels = mul(L.h, L.w);
    return (t.n == L.n && t.c == mul(L.c, pixels)) || (t.n == mul(L.n, pixels) && t.c == L.c);
}

// Whether layer L (its input as declared) reads tensor t.
bool reads(const Layer& L, const Tensor& t) {
    if (L.op != LayerOp::FC) return spatialReads(L, t);
    const int64_t pixels = mul(t.h, t.w);
    return (L.n == t.n && L.c == t.perImage()) || (L.n == mul(t.n, pixels) && L.c == t.c);
}

// Why a shape that looks close is still wrong: the two ways an fc and a
// [C, H, W] tensor meet.
std::string hint(const Layer& L, const Tensor& t) {
    if (L.op == LayerOp::FC && !t.rows && mul(t.h, t.w) > 1)
        return ": an fc reads it as C·H·W = " + str(t.perImage()) + " features (m " + str(t.n) + ") or as C = " +
               str(t.c) + " features in each of N·H·W = " + str(mul(t.n, mul(t.h, t.w))) + " rows (m)";
    if (L.op != LayerOp::FC && t.rows && mul(L.h, L.w) > 1)
        return ": an fc output is read as [C, H, W] when m = N·H·W and out = C, or m = N and out = C·H·W";
    return "";
}

class ChainChecker {
public:
    ChainChecker(const Network& net, const std::vector<LayerKeyLocations>& where) : net_(net), where_(where) {
        for (size_t i = 0; i < net.layers.size(); ++i) index_.emplace(net.layers[i].name, i);
    }

    void check() {
        for (i_ = 0; i_ < net_.layers.size(); ++i_) checkLayer(net_.layers[i_]);
    }

private:
    struct Producer {
        std::string name;
        bool isInput = false;  // @input: a network input, any shape
        Tensor out;
    };

    [[noreturn]] void fail(const Layer& L, bool atFrom, const std::string& message) const {
        SourceLocation at = L.where;
        if (i_ < where_.size()) {
            const SourceLocation& key = atFrom ? where_[i_].from : where_[i_].in;
            if (!key.file.empty() || key.line > 0) at = key;
        }
        throwInputError(at, "layer '" + L.name + "'", message);
    }

    Producer resolve(const Layer& L, const std::string& name) const {
        if (name == kNetworkInputName) return {name, true, {}};
        const auto it = index_.find(name);
        if (it == index_.end()) fail(L, true, "from: no layer is named '" + name + "'");
        if (it->second == i_) fail(L, true, "from: a layer cannot read its own output");
        if (it->second > i_)
            fail(L, true, "from: '" + name + "' comes after this layer (layers run in the order of the file)");
        return {name, false, outputOf(net_.layers[it->second])};
    }

    void checkLayer(const Layer& L) {
        if (L.name == kNetworkInputName)
            fail(L, false, std::string("the name '") + kNetworkInputName + "' is reserved for the network input");
        if (L.from.empty()) {
            if (i_ == 0) return;  // reads the network input
            const Layer& prev = net_.layers[i_ - 1];
            const Tensor t = outputOf(prev);
            if (empty(t)) return;
            if (!reads(L, t))
                fail(L, false, inputOf(L) + " does not match the output " + dims(t) + " of '" + prev.name +
                                   "' (the previous layer)" + hint(L, t) +
                                   "; name the producer with from: if it reads another layer");
            return;
        }
        std::vector<Producer> producers;
        for (const auto& name : L.from) producers.push_back(resolve(L, name));
        if (L.op == LayerOp::Add || L.op == LayerOp::Eltwise)
            checkOperands(L, producers);
        else
            checkConcatenation(L, producers);
    }

    // A kernel larger than its padded input writes nothing; validateLayer
    // names that layer and its kernel, a better message than a mismatch here.
    static bool empty(const Tensor& t) { return t.h < 1 || t.w < 1; }

    void expectReads(const Layer& L, const Producer& p) const {
        if (p.isInput || empty(p.out) || reads(L, p.out)) return;
        fail(L, true, inputOf(L) + " does not match the output " + dims(p.out) + " of '" + p.name + "' (from:)" +
                          hint(L, p.out));
    }

    // conv, fc, pool: one producer, or several concatenated along channels.
    void checkConcatenation(const Layer& L, const std::vector<Producer>& ps) const {
        if (ps.size() == 1) return expectReads(L, ps[0]);
        for (const auto& p : ps) {
            if (empty(p.out)) return;
            if (p.isInput)
                fail(L, true,
                     std::string("from: '") + kNetworkInputName +
                         "' (a network input, shape unknown) cannot be concatenated with other tensors");
        }
        Tensor cat = ps[0].out;
        std::string parts = "'" + ps[0].name + "' " + dims(ps[0].out);
        for (size_t j = 1; j < ps.size(); ++j) {
            const Tensor& t = ps[j].out;
            if (t.n != cat.n || t.h != cat.h || t.w != cat.w)
                fail(L, true, "from: cannot concatenate '" + ps[0].name + "' " + dims(ps[0].out) + " and '" +
                                  ps[j].name + "' " + dims(t) +
                                  " along channels: their batch or spatial sizes differ");
            cat.c = cat.c + t.c;
            cat.rows = cat.rows && t.rows;
            parts += " + '" + ps[j].name + "' " + dims(t);
        }
        if (!reads(L, cat))
            fail(L, true, inputOf(L) + " does not match the concatenation " + parts + " = " + dims(cat) +
                              " (from:)" + hint(L, cat));
    }

    // add, eltwise: every full-size operand by name, then (eltwise) perhaps
    // the broadcast operand.
    void checkOperands(const Layer& L, const std::vector<Producer>& ps) const {
        const bool eltwise = L.op == LayerOp::Eltwise;
        const size_t full = size_t(L.add_inputs);
        const bool namesSide = eltwise && L.side_elements > 0 && ps.size() == full + 1;
        if (ps.size() != full && !namesSide) {
            std::string msg = "from: names " + str(int64_t(ps.size())) + " tensor" + (ps.size() == 1 ? "" : "s") +
                              ", but the " + (eltwise ? "eltwise reads " : "add sums ") + str(int64_t(full)) +
                              " full-size tensor" + (full == 1 ? "" : "s") + " (inputs)";
            msg += eltwise && L.side_elements > 0 ? " and may name its broadcast operand last"
                                                  : "; list every one of them";
            fail(L, true, msg);
        }
        for (size_t j = 0; j < full; ++j) expectReads(L, ps[j]);
        if (!eltwise || L.side_elements == 0) return;
        if (namesSide) return expectBroadcast(L, ps.back(), "(from:)", "");
        // Only the full-size operands are named: the previous layer, when it
        // is none of them, computed the broadcast operand (the squeeze-
        // excitation branch right before its scale).
        if (i_ == 0) return;
        const Layer& prev = net_.layers[i_ - 1];
        for (const auto& name : L.from)
            if (name == prev.name) return;
        expectBroadcast(L, {prev.name, false, outputOf(prev)}, "(the previous layer)",
                        "; name the broadcast operand last in from: if another layer computes it");
    }

    void expectBroadcast(const Layer& L, const Producer& p, const std::string& which, const std::string& tail) const {
        if (p.isInput || empty(p.out)) return;
        const Tensor& t = p.out;
        if (mul(t.n, t.perImage()) == mul(L.n, L.side_elements)) return;
        fail(L, true, "the broadcast operand has " + str(L.side_elements) + " elements per image (side), but '" +
                          p.name + "' " + which + " outputs " + dims(t) + tail);
    }

    const Network& net_;
    const std::vector<LayerKeyLocations>& where_;
    std::map<std::string, size_t> index_;
    size_t i_ = 0;
};

}  // namespace

void checkNetworkChain(const Network& net, const std::vector<LayerKeyLocations>& where) {
    ChainChecker(net, where).check();
}

}  // namespace hcm
