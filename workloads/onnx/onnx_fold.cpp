#include "onnx_fold.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "onnx_tensor_data.hpp"

namespace hcm::onnximp {

namespace {

using Dims = std::vector<int64_t>;

bool isRealType(int t) { return t == kFloat || t == kDouble || t == kFloat16 || t == kBfloat16; }
bool isIntType(int t) {
    return t == kInt64 || t == kInt32 || t == kInt16 || t == kInt8 || t == kUint8 || t == kUint16 || t == kUint32 ||
           t == kUint64 || t == kBool;
}

// Element count of `dims`, or -1 if negative or above the fold limit.
int64_t countOf(const Dims& dims) {
    int64_t n = 1;
    for (int64_t d : dims) {
        if (d < 0) return -1;
        if (__builtin_mul_overflow(n, d, &n) || n > kMaxFoldElements) return -1;
    }
    return n;
}

Dims stridesOf(const Dims& dims) {
    Dims s(dims.size(), 1);
    for (size_t i = dims.size(); i-- > 1;) s[i - 1] = s[i] * dims[i];
    return s;
}

// numpy broadcasting of two shapes; false if they do not broadcast.
bool broadcast(const Dims& a, const Dims& b, Dims& out) {
    const size_t r = std::max(a.size(), b.size());
    out.assign(r, 1);
    for (size_t i = 0; i < r; ++i) {
        const int64_t x = i + a.size() >= r ? a[i + a.size() - r] : 1;
        const int64_t y = i + b.size() >= r ? b[i + b.size() - r] : 1;
        if (x != y && x != 1 && y != 1) return false;
        out[i] = x == 1 ? y : x;
    }
    return true;
}

// Index into a tensor of `in` dims (broadcast to `out`) of the element at
// linear position `pos` of the output.
int64_t sourceIndex(const Dims& out, const Dims& in, int64_t pos) {
    const size_t off = out.size() - in.size();
    const Dims inStrides = stridesOf(in);
    int64_t idx = 0;
    for (size_t i = out.size(); i-- > 0;) {
        const int64_t coord = pos % out[i];
        pos /= out[i];
        if (i >= off && in[i - off] != 1) idx += coord * inStrides[i - off];
    }
    return idx;
}

// Normalises a possibly negative axis of a rank-r tensor; false if out of range.
bool normAxis(int64_t& axis, int64_t rank) {
    if (axis < 0) axis += rank;
    return axis >= 0 && axis < rank;
}

FoldedTensor emptyLike(int type, Dims dims) {
    FoldedTensor t;
    t.type = type;
    t.dims = std::move(dims);
    return t;
}

// Copies elements `idx` (indices into `src`) into a new tensor of `dims`.
FoldedTensor gatherElements(const FoldedTensor& src, Dims dims, const std::vector<int64_t>& idx) {
    FoldedTensor t = emptyLike(src.type, std::move(dims));
    for (int64_t i : idx) {
        if (src.isReal()) t.reals.push_back(src.reals[size_t(i)]);
        else t.ints.push_back(src.ints[size_t(i)]);
    }
    return t;
}

const onnx::AttributeProto* findAttr(const onnx::NodeProto& n, const char* name) {
    for (const auto& a : n.attribute())
        if (a.name() == name) return &a;
    return nullptr;
}

int64_t attrInt(const onnx::NodeProto& n, const char* name, int64_t dflt) {
    const auto* a = findAttr(n, name);
    return a ? a->i() : dflt;
}

// Integer values of a 0-D or 1-D integer tensor (axes, shapes, starts, ...).
std::optional<Dims> intList(const FoldedTensor* t) {
    if (!t || t->isReal() || t->dims.size() > 1) return std::nullopt;
    return t->ints;
}

// Converts a double to an integer type value; nullopt if not representable.
std::optional<int64_t> toInt(double v) {
    if (!std::isfinite(v) || v < -9.2e18 || v > 9.2e18) return std::nullopt;
    return static_cast<int64_t>(v);  // truncation, as Cast does
}

bool castTo(const FoldedTensor& in, int to, FoldedTensor& out) {
    out = emptyLike(to, in.dims);
    if (isRealType(to)) {
        if (in.isReal()) out.reals = in.reals;
        else
            for (int64_t v : in.ints) out.reals.push_back(double(v));
        return true;
    }
    if (!isIntType(to)) return false;
    if (!in.isReal()) {
        out.ints = in.ints;
    } else {
        for (double v : in.reals) {
            const auto i = toInt(v);
            if (!i) return false;
            out.ints.push_back(*i);
        }
    }
    if (to == kBool)
        for (auto& v : out.ints) v = v != 0;
    return true;
}

// ---- element-wise arithmetic ----------------------------------------------

enum class Arith { Add, Sub, Mul, Div, Mod, FMod, Pow, Max, Min };

bool intArith(Arith op, int64_t a, int64_t b, int64_t& r) {
    switch (op) {
        case Arith::Add: return !__builtin_add_overflow(a, b, &r);
        case Arith::Sub: return !__builtin_sub_overflow(a, b, &r);
        case Arith::Mul: return !__builtin_mul_overflow(a, b, &r);
        case Arith::Div:  // integer Div truncates, as onnxruntime computes it
            if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) return false;
            r = a / b;
            return true;
        case Arith::Mod:  // fmod = 0: the result takes the divisor's sign (Python's %)
        case Arith::FMod:
            if (b == 0 || (a == std::numeric_limits<int64_t>::min() && b == -1)) return false;
            r = a % b;
            if (op == Arith::Mod && r != 0 && ((r < 0) != (b < 0))) r += b;
            return true;
        case Arith::Pow: {
            if (b < 0) return false;
            r = 1;
            for (int64_t i = 0; i < b; ++i)
                if (__builtin_mul_overflow(r, a, &r)) return false;
            return true;
        }
        case Arith::Max: r = std::max(a, b); return true;
        case Arith::Min: r = std::min(a, b); return true;
    }
    return false;
}

bool realArith(Arith op, double a, double b, double& r) {
    switch (op) {
        case Arith::Add: r = a + b; break;
        case Arith::Sub: r = a - b; break;
        case Arith::Mul: r = a * b; break;
        case Arith::Div: r = a / b; break;
        case Arith::Mod:
        case Arith::FMod: r = std::fmod(a, b); break;
        case Arith::Pow: r = std::pow(a, b); break;
        case Arith::Max: r = std::max(a, b); break;
        case Arith::Min: r = std::min(a, b); break;
    }
    return std::isfinite(r);
}

bool binary(Arith op, const FoldedTensor& a, const FoldedTensor& b, FoldedTensor& out) {
    if (a.isReal() != b.isReal()) return false;  // ONNX requires one type
    Dims dims;
    if (!broadcast(a.dims, b.dims, dims)) return false;
    const int64_t n = countOf(dims);
    if (n < 0) return false;
    out = emptyLike(a.type, dims);
    for (int64_t i = 0; i < n; ++i) {
        const size_t ia = size_t(sourceIndex(dims, a.dims, i)), ib = size_t(sourceIndex(dims, b.dims, i));
        if (a.isReal()) {
            double r;
            if (!realArith(op, a.reals[ia], b.reals[ib], r)) return false;
            out.reals.push_back(r);
        } else {
            int64_t r;
            if (!intArith(op, a.ints[ia], b.ints[ib], r)) return false;
            out.ints.push_back(r);
        }
    }
    return true;
}

enum class Compare { Equal, Less, LessOrEqual, Greater, GreaterOrEqual, And, Or, Xor };

bool compare(Compare op, const FoldedTensor& a, const FoldedTensor& b, FoldedTensor& out) {
    if (a.isReal() != b.isReal()) return false;
    Dims dims;
    if (!broadcast(a.dims, b.dims, dims)) return false;
    const int64_t n = countOf(dims);
    if (n < 0) return false;
    out = emptyLike(kBool, dims);
    for (int64_t i = 0; i < n; ++i) {
        const size_t ia = size_t(sourceIndex(dims, a.dims, i)), ib = size_t(sourceIndex(dims, b.dims, i));
        const double x = a.isReal() ? a.reals[ia] : double(a.ints[ia]);
        const double y = b.isReal() ? b.reals[ib] : double(b.ints[ib]);
        const int64_t xi = a.isReal() ? 0 : a.ints[ia], yi = b.isReal() ? 0 : b.ints[ib];
        const bool exact = !a.isReal();
        bool r = false;
        switch (op) {
            case Compare::Equal: r = exact ? xi == yi : x == y; break;
            case Compare::Less: r = exact ? xi < yi : x < y; break;
            case Compare::LessOrEqual: r = exact ? xi <= yi : x <= y; break;
            case Compare::Greater: r = exact ? xi > yi : x > y; break;
            case Compare::GreaterOrEqual: r = exact ? xi >= yi : x >= y; break;
            case Compare::And: r = (x != 0) && (y != 0); break;
            case Compare::Or: r = (x != 0) || (y != 0); break;
            case Compare::Xor: r = (x != 0) != (y != 0); break;
        }
        out.ints.push_back(r ? 1 : 0);
    }
    return true;
}

bool unary(const std::string& op, const FoldedTensor& a, FoldedTensor& out) {
    out = emptyLike(a.type, a.dims);
    if (op == "Not") {
        if (a.isReal()) return false;
        for (int64_t v : a.ints) out.ints.push_back(v == 0 ? 1 : 0);
        return true;
    }
    if (!a.isReal()) {
        for (int64_t v : a.ints) {
            int64_t r = v;
            if (op == "Neg" || (op == "Abs" && v < 0)) {
                if (v == std::numeric_limits<int64_t>::min()) return false;
                r = -v;
            } else if (op == "Sign") {
                r = (v > 0) - (v < 0);
            } else if (op == "Relu") {
                r = std::max<int64_t>(v, 0);
            } else if (op != "Abs" && op != "Floor" && op != "Ceil" && op != "Round") {
                return false;  // Sqrt, Reciprocal, ... are not defined on integers
            }
            out.ints.push_back(r);
        }
        return true;
    }
    for (double v : a.reals) {
        double r;
        if (op == "Neg") r = -v;
        else if (op == "Abs") r = std::fabs(v);
        else if (op == "Floor") r = std::floor(v);
        else if (op == "Ceil") r = std::ceil(v);
        else if (op == "Round") r = std::nearbyint(v);  // half to even, as ONNX rounds
        else if (op == "Sqrt") r = std::sqrt(v);
        else if (op == "Reciprocal") r = 1.0 / v;
        else if (op == "Sign") r = (v > 0) - (v < 0);
        else if (op == "Relu") r = std::max(v, 0.0);
        else if (op == "Exp") r = std::exp(v);
        else if (op == "Log") r = std::log(v);
        else return false;
        if (!std::isfinite(r)) return false;
        out.reals.push_back(r);
    }
    return true;
}

// ---- data movement on small tensors ---------------------------------------

bool gather(const FoldedTensor& data, const FoldedTensor& indices, int64_t axis, FoldedTensor& out) {
    if (indices.isReal() || !normAxis(axis, int64_t(data.dims.size()))) return false;
    Dims dims(data.dims.begin(), data.dims.begin() + axis);
    dims.insert(dims.end(), indices.dims.begin(), indices.dims.end());
    dims.insert(dims.end(), data.dims.begin() + axis + 1, data.dims.end());
    if (countOf(dims) < 0) return false;
    const int64_t outer = countOf(Dims(data.dims.begin(), data.dims.begin() + axis));
    const int64_t inner = countOf(Dims(data.dims.begin() + axis + 1, data.dims.end()));
    const int64_t extent = data.dims[size_t(axis)];
    std::vector<int64_t> idx;
    for (int64_t o = 0; o < outer; ++o)
        for (int64_t i : indices.ints) {
            if (i < 0) i += extent;
            if (i < 0 || i >= extent) return false;
            for (int64_t k = 0; k < inner; ++k) idx.push_back((o * extent + i) * inner + k);
        }
    out = gatherElements(data, dims, idx);
    return true;
}

bool concat(const std::vector<const FoldedTensor*>& in, int64_t axis, FoldedTensor& out) {
    const Dims& first = in[0]->dims;
    if (!normAxis(axis, int64_t(first.size()))) return false;
    Dims dims = first;
    dims[size_t(axis)] = 0;
    for (const auto* t : in) {
        if (t->dims.size() != first.size() || t->isReal() != in[0]->isReal()) return false;
        for (size_t d = 0; d < first.size(); ++d)
            if (int64_t(d) != axis && t->dims[d] != first[d]) return false;
        dims[size_t(axis)] += t->dims[size_t(axis)];
    }
    if (countOf(dims) < 0) return false;
    out = emptyLike(in[0]->type, dims);
    const int64_t outer = countOf(Dims(first.begin(), first.begin() + axis));
    for (int64_t o = 0; o < outer; ++o)
        for (const auto* t : in) {
            const int64_t block = countOf(Dims(t->dims.begin() + axis, t->dims.end()));
            for (int64_t k = 0; k < block; ++k) {
                const size_t i = size_t(o * block + k);
                if (t->isReal()) out.reals.push_back(t->reals[i]);
                else out.ints.push_back(t->ints[i]);
            }
        }
    return true;
}

bool slice(const FoldedTensor& data, Dims starts, Dims ends, Dims axes, Dims steps, FoldedTensor& out) {
    const int64_t rank = int64_t(data.dims.size());
    if (axes.empty())
        for (int64_t a = 0; a < int64_t(starts.size()); ++a) axes.push_back(a);
    if (steps.empty()) steps.assign(starts.size(), 1);
    if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size()) return false;
    Dims begin(size_t(rank), 0), step(size_t(rank), 1), dims = data.dims;
    std::vector<bool> seen(size_t(rank), false);
    for (size_t i = 0; i < starts.size(); ++i) {
        int64_t a = axes[i];
        if (!normAxis(a, rank) || seen[size_t(a)] || steps[i] == 0) return false;
        seen[size_t(a)] = true;
        const int64_t dim = data.dims[size_t(a)];
        int64_t s = starts[i], e = ends[i];
        if (s < 0) s += dim;
        if (e < 0) e += dim;
        int64_t count;
        if (steps[i] > 0) {
            s = std::clamp<int64_t>(s, 0, dim);
            e = std::clamp<int64_t>(e, 0, dim);
            count = e > s ? (e - s + steps[i] - 1) / steps[i] : 0;
        } else {
            s = std::clamp<int64_t>(s, 0, dim - 1);
            e = std::clamp<int64_t>(e, -1, dim - 1);
            count = s > e ? (s - e - steps[i] - 1) / -steps[i] : 0;
        }
        begin[size_t(a)] = s, step[size_t(a)] = steps[i], dims[size_t(a)] = count;
    }
    const int64_t n = countOf(dims);
    if (n < 0) return false;
    const Dims inStrides = stridesOf(data.dims);
    std::vector<int64_t> idx;
    for (int64_t p = 0; p < n; ++p) {
        int64_t rest = p, src = 0;
        for (int64_t d = rank; d-- > 0;) {
            const int64_t coord = rest % dims[size_t(d)];
            rest /= dims[size_t(d)];
            src += (begin[size_t(d)] + coord * step[size_t(d)]) * inStrides[size_t(d)];
        }
        idx.push_back(src);
    }
    out = gatherElements(data, dims, idx);
    return true;
}

bool reshapeTo(const FoldedTensor& data, const Dims& shape, bool allowZero, FoldedTensor& out) {
    Dims dims = shape;
    int64_t known = 1, infer = -1;
    for (size_t i = 0; i < dims.size(); ++i) {
        if (dims[i] == 0 && !allowZero) {
            if (i >= data.dims.size()) return false;
            dims[i] = data.dims[i];
        }
        if (dims[i] == -1) {
            if (infer >= 0) return false;
            infer = int64_t(i);
        } else if (dims[i] < 0) {
            return false;
        } else if (__builtin_mul_overflow(known, dims[i], &known)) {
            return false;
        }
    }
    if (infer >= 0) {
        if (known == 0 || data.size() % known != 0) return false;
        dims[size_t(infer)] = data.size() / known;
    }
    if (countOf(dims) != data.size()) return false;
    out = data;
    out.dims = dims;
    return true;
}

bool reduce(const std::string& op, const FoldedTensor& a, Dims axes, bool keep, FoldedTensor& out) {
    const int64_t rank = int64_t(a.dims.size());
    std::vector<bool> reduced(size_t(rank), axes.empty());
    for (int64_t ax : axes) {
        if (!normAxis(ax, rank)) return false;
        reduced[size_t(ax)] = true;
    }
    Dims dims, keptDims;
    for (int64_t d = 0; d < rank; ++d) {
        if (!reduced[size_t(d)]) keptDims.push_back(a.dims[size_t(d)]);
        if (!reduced[size_t(d)] || keep) dims.push_back(reduced[size_t(d)] ? 1 : a.dims[size_t(d)]);
    }
    const int64_t n = countOf(keptDims);
    if (n < 0 || a.size() == 0) return false;
    std::vector<double> acc(static_cast<size_t>(n)), cnt(static_cast<size_t>(n), 0.0);
    std::vector<int64_t> iacc(static_cast<size_t>(n));
    const Dims strides = stridesOf(a.dims);
    for (int64_t p = 0; p < a.size(); ++p) {
        int64_t rest = p, o = 0;
        for (int64_t d = 0; d < rank; ++d) {
            const int64_t coord = (rest / strides[size_t(d)]) % a.dims[size_t(d)];
            if (!reduced[size_t(d)]) o = o * a.dims[size_t(d)] + coord;
        }
        const double v = a.isReal() ? a.reals[size_t(p)] : double(a.ints[size_t(p)]);
        const int64_t iv = a.isReal() ? 0 : a.ints[size_t(p)];
        double& x = acc[size_t(o)];
        int64_t& ix = iacc[size_t(o)];
        const bool first = cnt[size_t(o)] == 0;
        cnt[size_t(o)] += 1;
        if (op == "ReduceSum" || op == "ReduceMean") {
            x += v;
            if (__builtin_add_overflow(ix, iv, &ix)) return false;
        } else if (op == "ReduceProd") {
            x = first ? v : x * v;
            if (first) ix = iv;
            else if (__builtin_mul_overflow(ix, iv, &ix)) return false;
        } else if (op == "ReduceMax") {
            x = first ? v : std::max(x, v), ix = first ? iv : std::max(ix, iv);
        } else if (op == "ReduceMin") {
            x = first ? v : std::min(x, v), ix = first ? iv : std::min(ix, iv);
        } else {
            return false;
        }
    }
    out = emptyLike(a.type, dims);
    for (int64_t o = 0; o < n; ++o) {
        if (a.isReal()) {
            out.reals.push_back(op == "ReduceMean" ? acc[size_t(o)] / cnt[size_t(o)] : acc[size_t(o)]);
        } else {
            if (op == "ReduceMean") return false;  // integer mean: rounding is not specified
            out.ints.push_back(iacc[size_t(o)]);
        }
    }
    return true;
}

}  // namespace

bool FoldedTensor::isReal() const { return isRealType(type); }

void FoldedTensor::toTensorProto(const std::string& name, onnx::TensorProto& t) const {
    t.Clear();
    t.set_name(name);
    for (int64_t d : dims) t.add_dims(d);
    // Narrow types are written as the wide ones of the same kind: shape
    // inference reads values, and the consumers of folded values (Reshape,
    // Slice, Expand, Tile, Range, ...) take int64 or float.
    if (isReal()) {
        t.set_data_type(type == kDouble ? kDouble : kFloat);
        for (double v : reals) type == kDouble ? t.add_double_data(v) : t.add_float_data(float(v));
    } else if (type == kInt32 || type == kInt16 || type == kInt8 || type == kUint8 || type == kUint16 || type == kBool) {
        t.set_data_type(type);
        for (int64_t v : ints) t.add_int32_data(int32_t(v));
    } else {
        t.set_data_type(type == kUint64 || type == kUint32 ? type : kInt64);
        for (int64_t v : ints) type == kUint64 || type == kUint32 ? t.add_uint64_data(uint64_t(v)) : t.add_int64_data(v);
    }
}

std::optional<FoldedTensor> foldedFromTensor(const onnx::TensorProto& t) {
    const int64_t n = elementCount(t);
    if ((n > kMaxFoldElements) || (!isRealType(t.data_type()) && !isIntType(t.data_type()))) return std::nullopt;
    if (t.data_type() == kFloat16 || t.data_type() == kBfloat16) return std::nullopt;  // no decoder here
    const auto v = tensorValues(t);
    if (!v || int64_t(v->size()) != n) return std::nullopt;
    FoldedTensor f;
    f.type = t.data_type();
    f.dims.assign(t.dims().begin(), t.dims().end());
    if (f.isReal()) {
        f.reals = *v;
    } else if (t.data_type() == kInt64) {
        // Read exactly: a double cannot hold INT64_MAX, the "to the end" of
        // Slice bounds.
        if (t.has_raw_data()) {
            f.ints.resize(size_t(n));
            std::memcpy(f.ints.data(), t.raw_data().data(), size_t(n) * sizeof(int64_t));
        } else {
            f.ints.assign(t.int64_data().begin(), t.int64_data().end());
        }
    } else {
        for (double x : *v) {
            const auto i = toInt(x);
            if (!i) return std::nullopt;
            f.ints.push_back(*i);
        }
    }
    return f;
}

ValueFolder::ValueFolder(const onnx::GraphProto& g, int opset) : nodes_(g.node().begin(), g.node().end()), opset_(opset) {
    for (const auto& t : g.initializer())
        if (auto v = foldedFromTensor(t)) values_[t.name()] = std::move(*v);
}

const FoldedTensor* ValueFolder::value(const std::string& t) const {
    const auto it = values_.find(t);
    return it == values_.end() ? nullptr : &it->second;
}

int ValueFolder::fold(const ShapeOf& shapeOf) {
    int added = 0;
    std::vector<FoldedTensor> out;
    for (const auto& n : nodes_) {
        if (n.output_size() == 0) continue;
        bool done = true;
        for (const auto& o : n.output()) done = done && (o.empty() || values_.count(o));
        if (done) continue;
        out.clear();
        if (!evaluate(n, shapeOf, out)) continue;
        for (int i = 0; i < n.output_size() && size_t(i) < out.size(); ++i)
            if (!n.output(i).empty() && values_.emplace(n.output(i), std::move(out[size_t(i)])).second) ++added;
    }
    return added;
}

bool ValueFolder::evaluate(const onnx::NodeProto& n, const ShapeOf& shapeOf, std::vector<FoldedTensor>& out) const {
    if (!n.domain().empty() && n.domain() != "ai.onnx") return false;
    const std::string& op = n.op_type();
    auto in = [&](int i) -> const FoldedTensor* {
        return i < n.input_size() && !n.input(i).empty() ? value(n.input(i)) : nullptr;
    };
    auto optionalList = [&](int i, Dims& v) {  // absent input: empty list; present but unknown: false
        if (i >= n.input_size() || n.input(i).empty()) return true;
        const auto l = intList(in(i));
        if (!l) return false;
        v = *l;
        return true;
    };
    FoldedTensor r;

    if (op == "Constant") {
        if (const auto* a = findAttr(n, "value"); a && a->has_t()) {
            auto v = foldedFromTensor(a->t());
            if (!v) return false;
            r = std::move(*v);
        } else if ((a = findAttr(n, "value_int"))) {
            r = emptyLike(kInt64, {}), r.ints = {a->i()};
        } else if ((a = findAttr(n, "value_ints"))) {
            r = emptyLike(kInt64, {a->ints_size()}), r.ints.assign(a->ints().begin(), a->ints().end());
        } else if ((a = findAttr(n, "value_float"))) {
            r = emptyLike(kFloat, {}), r.reals = {a->f()};
        } else if ((a = findAttr(n, "value_floats"))) {
            r = emptyLike(kFloat, {a->floats_size()}), r.reals.assign(a->floats().begin(), a->floats().end());
        } else {
            return false;
        }
        if (countOf(r.dims) != r.size()) return false;
        out.push_back(std::move(r));
        return true;
    }
    if (op == "Shape" || op == "Size") {
        if (n.input_size() < 1) return false;
        const auto s = shapeOf(n.input(0));
        if (!s) return false;
        if (op == "Size") {
            int64_t c = 1;
            for (int64_t d : *s)
                if (__builtin_mul_overflow(c, d, &c)) return false;
            r = emptyLike(kInt64, {}), r.ints = {c};
        } else {
            const int64_t rank = int64_t(s->size());
            int64_t b = attrInt(n, "start", 0), e = attrInt(n, "end", rank);
            if (b < 0) b += rank;
            if (e < 0) e += rank;
            b = std::clamp<int64_t>(b, 0, rank), e = std::clamp<int64_t>(e, 0, rank);
            r = emptyLike(kInt64, {std::max<int64_t>(0, e - b)});
            for (int64_t i = b; i < e; ++i) r.ints.push_back((*s)[size_t(i)]);
        }
        out.push_back(std::move(r));
        return true;
    }

    // Everything else needs the values of its (present) inputs.
    for (int i = 0; i < n.input_size(); ++i)
        if (!n.input(i).empty() && !value(n.input(i))) return false;
    if (n.input_size() == 0 || !in(0)) return false;
    const FoldedTensor& a = *in(0);

    if (op == "Identity") {
        r = a;
    } else if (op == "Cast") {
        if (!castTo(a, int(attrInt(n, "to", 0)), r)) return false;
    } else if (op == "CastLike") {
        if (!in(1) || !castTo(a, in(1)->type, r)) return false;
    } else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div" || op == "Mod" || op == "Pow") {
        if (!in(1)) return false;
        Arith k = op == "Add" ? Arith::Add : op == "Sub" ? Arith::Sub : op == "Mul" ? Arith::Mul
                : op == "Div" ? Arith::Div : op == "Pow" ? Arith::Pow : Arith::Mod;
        if (k == Arith::Mod && attrInt(n, "fmod", 0) != 0) k = Arith::FMod;
        const FoldedTensor& b = *in(1);
        if (k == Arith::Pow && a.isReal() != b.isReal()) {  // Pow allows a different exponent type
            FoldedTensor bb;
            if (!castTo(b, a.type, bb) || !binary(k, a, bb, r)) return false;
        } else if (!binary(k, a, b, r)) {
            return false;
        }
    } else if (op == "Max" || op == "Min" || op == "Sum") {
        r = a;
        for (int i = 1; i < n.input_size(); ++i) {
            FoldedTensor next;
            if (!in(i) || !binary(op == "Max" ? Arith::Max : op == "Min" ? Arith::Min : Arith::Add, r, *in(i), next))
                return false;
            r = std::move(next);
        }
    } else if (op == "Equal" || op == "Less" || op == "LessOrEqual" || op == "Greater" || op == "GreaterOrEqual" ||
               op == "And" || op == "Or" || op == "Xor") {
        if (!in(1)) return false;
        const Compare k = op == "Equal" ? Compare::Equal : op == "Less" ? Compare::Less
                        : op == "LessOrEqual" ? Compare::LessOrEqual : op == "Greater" ? Compare::Greater
                        : op == "GreaterOrEqual" ? Compare::GreaterOrEqual : op == "And" ? Compare::And
                        : op == "Or" ? Compare::Or : Compare::Xor;
        if (!compare(k, a, *in(1), r)) return false;
    } else if (op == "Neg" || op == "Abs" || op == "Floor" || op == "Ceil" || op == "Round" || op == "Sqrt" ||
               op == "Reciprocal" || op == "Sign" || op == "Not" || op == "Relu" || op == "Exp" || op == "Log") {
        if (!unary(op, a, r)) return false;
    } else if (op == "Where") {
        const FoldedTensor *x = in(1), *y = in(2);
        if (!x || !y || a.isReal() || x->isReal() != y->isReal()) return false;
        Dims d1, dims;
        if (!broadcast(a.dims, x->dims, d1) || !broadcast(d1, y->dims, dims)) return false;
        const int64_t cnt = countOf(dims);
        if (cnt < 0) return false;
        r = emptyLike(x->type, dims);
        for (int64_t i = 0; i < cnt; ++i) {
            const bool c = a.ints[size_t(sourceIndex(dims, a.dims, i))] != 0;
            const FoldedTensor& s = c ? *x : *y;
            const size_t j = size_t(sourceIndex(dims, s.dims, i));
            if (s.isReal()) r.reals.push_back(s.reals[j]);
            else r.ints.push_back(s.ints[j]);
        }
    } else if (op == "Gather") {
        if (!in(1) || !gather(a, *in(1), attrInt(n, "axis", 0), r)) return false;
    } else if (op == "Concat") {
        std::vector<const FoldedTensor*> parts;
        for (int i = 0; i < n.input_size(); ++i)
            if (!n.input(i).empty()) parts.push_back(in(i));
        if (!concat(parts, attrInt(n, "axis", 0), r)) return false;
    } else if (op == "Unsqueeze" || op == "Squeeze") {
        Dims axes;
        if (const auto* at = findAttr(n, "axes")) axes.assign(at->ints().begin(), at->ints().end());
        else if (!optionalList(1, axes)) return false;
        const int64_t rank = int64_t(a.dims.size()) + (op == "Unsqueeze" ? int64_t(axes.size()) : 0);
        for (auto& ax : axes)
            if (!normAxis(ax, rank)) return false;
        r = a;
        if (op == "Unsqueeze") {
            if (axes.empty()) return false;
            std::sort(axes.begin(), axes.end());
            if (std::adjacent_find(axes.begin(), axes.end()) != axes.end()) return false;
            for (int64_t ax : axes) r.dims.insert(r.dims.begin() + ax, 1);
        } else {
            Dims dims;
            for (int64_t d = 0; d < rank; ++d) {
                const bool listed = std::find(axes.begin(), axes.end(), d) != axes.end();
                if (listed && a.dims[size_t(d)] != 1) return false;
                if (!(listed || (axes.empty() && a.dims[size_t(d)] == 1))) dims.push_back(a.dims[size_t(d)]);
            }
            r.dims = dims;
        }
    } else if (op == "Reshape") {
        const auto shape = intList(in(1));
        if (!shape || !reshapeTo(a, *shape, attrInt(n, "allowzero", 0) != 0, r)) return false;
    } else if (op == "Flatten") {
        int64_t axis = attrInt(n, "axis", 1);
        const int64_t rank = int64_t(a.dims.size());
        if (axis < 0) axis += rank;
        if (axis < 0 || axis > rank) return false;
        const int64_t outer = countOf(Dims(a.dims.begin(), a.dims.begin() + axis));
        if (outer <= 0 || !reshapeTo(a, {outer, a.size() / outer}, false, r)) return false;
    } else if (op == "Slice") {
        Dims starts, ends, axes, steps;
        if (opset_ < 10) {
            const auto *s = findAttr(n, "starts"), *e = findAttr(n, "ends"), *x = findAttr(n, "axes");
            if (!s || !e) return false;
            starts.assign(s->ints().begin(), s->ints().end());
            ends.assign(e->ints().begin(), e->ints().end());
            if (x) axes.assign(x->ints().begin(), x->ints().end());
        } else {
            const auto s = intList(in(1)), e = intList(in(2));
            if (!s || !e || !optionalList(3, axes) || !optionalList(4, steps)) return false;
            starts = *s, ends = *e;
        }
        if (!slice(a, starts, ends, axes, steps, r)) return false;
    } else if (op == "ConstantOfShape") {
        const auto shape = intList(&a);
        if (!shape || countOf(*shape) < 0) return false;
        r = emptyLike(kFloat, *shape);
        FoldedTensor fill = emptyLike(kFloat, {});
        fill.reals = {0.0};
        if (const auto* v = findAttr(n, "value"); v && v->has_t()) {
            auto f = foldedFromTensor(v->t());
            if (!f || f->size() != 1) return false;
            fill = std::move(*f);
        }
        r.type = fill.type;
        const int64_t cnt = countOf(*shape);
        if (fill.isReal()) r.reals.assign(size_t(cnt), fill.reals[0]);
        else r.ints.assign(size_t(cnt), fill.ints[0]);
    } else if (op == "Expand") {
        const auto shape = intList(in(1));
        Dims dims;
        if (!shape || !broadcast(a.dims, *shape, dims) || countOf(dims) < 0) return false;
        std::vector<int64_t> idx;
        for (int64_t i = 0; i < countOf(dims); ++i) idx.push_back(sourceIndex(dims, a.dims, i));
        r = gatherElements(a, dims, idx);
    } else if (op == "Range") {
        const FoldedTensor *lim = in(1), *delta = in(2);
        if (!lim || !delta || a.size() != 1 || lim->size() != 1 || delta->size() != 1 || a.isReal() != lim->isReal() ||
            a.isReal() != delta->isReal())
            return false;
        r = emptyLike(a.type, {0});
        if (a.isReal()) {
            const double s = a.reals[0], l = lim->reals[0], d = delta->reals[0];
            const double cnt = std::max(0.0, std::ceil((l - s) / d));
            if (!std::isfinite(cnt) || cnt > double(kMaxFoldElements)) return false;
            for (int64_t i = 0; i < int64_t(cnt); ++i) r.reals.push_back(s + double(i) * d);
        } else {
            const int64_t s = a.ints[0], l = lim->ints[0], d = delta->ints[0];
            if (d == 0) return false;
            const double cnt = std::max(0.0, std::ceil((double(l) - double(s)) / double(d)));
            if (cnt > double(kMaxFoldElements)) return false;
            for (int64_t i = 0; i < int64_t(cnt); ++i) r.ints.push_back(s + i * d);
        }
        r.dims = {r.size()};
    } else if (op == "ReduceSum" || op == "ReduceProd" || op == "ReduceMax" || op == "ReduceMin" || op == "ReduceMean") {
        Dims axes;
        if (const auto* at = findAttr(n, "axes")) axes.assign(at->ints().begin(), at->ints().end());
        else if (!optionalList(1, axes)) return false;
        if (axes.empty() && attrInt(n, "noop_with_empty_axes", 0) != 0) r = a;
        else if (!reduce(op, a, axes, attrInt(n, "keepdims", 1) != 0, r)) return false;
    } else {
        return false;
    }
    out.push_back(std::move(r));
    return true;
}

}  // namespace hcm::onnximp
