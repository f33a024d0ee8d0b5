#include "onnx_graph.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>

#include <onnx/defs/schema.h>
#include <onnx/shape_inference/implementation.h>

#include "onnx_fold.hpp"
#include "onnx_model_reader.hpp"
#include "onnx_tensor_data.hpp"
#include "sim/common/input_error.hpp"

namespace hcm::onnximp {

namespace {

// Initializers larger than this lose their data in the copy that shape
// inference sees: only small constants (Reshape shapes, Slice starts, Resize
// scales, ...) are read by inference, and weights can be hundreds of MB.
constexpr int64_t kKeepDataElements = 4096;

// Shape inference and folding alternate until nothing new is learnt; each
// round resolves at least one more link of a shape -> value -> shape chain.
constexpr int kMaxInferenceRounds = 64;

// Folded values travel back from the inference child as initializers of this
// name prefix (never a name an exporter writes).
const std::string kFoldedPrefix = "__hcmsim_value/";

bool isDefaultDomain(const std::string& d) { return d.empty() || d == "ai.onnx"; }

std::string dimText(const onnx::TensorShapeProto::Dimension& d) {
    if (d.has_dim_value()) return std::to_string(d.dim_value());
    if (d.has_dim_param()) return "'" + d.dim_param() + "'";
    return "?";
}

}  // namespace

OnnxGraph::OnnxGraph(const char* data, size_t size, const std::string& file, std::vector<std::string>& warnings)
    : file_(file) {
    parse(data, size);
    checkOpsets(warnings);
    collectTensors();
    markActivations();
    fixInputShapes();
    inferShapes();
}

void OnnxGraph::parse(const char* data, size_t size) {
    const SourceLocation where{file_, 0, 0};
    if (size == 0) throwInputError(where, "", "empty file, not an ONNX model");
    if (!readModelWithoutPayloads(data, size, model_))
        throwInputError(where, "", "not an ONNX model: the protobuf does not parse (truncated or not a .onnx file)");
    if (model_.ir_version() <= 0 || !model_.has_graph() || model_.graph().node_size() == 0)
        throwInputError(where, "",
                        "not an ONNX model: no graph (ir_version " + std::to_string(model_.ir_version()) + ", " +
                            std::to_string(model_.has_graph() ? model_.graph().node_size() : 0) + " nodes)");
}

void OnnxGraph::checkOpsets(std::vector<std::string>& warnings) {
    for (const auto& imp : model_.opset_import())
        if (isDefaultDomain(imp.domain())) opset_ = static_cast<int>(imp.version());
    if (opset_ <= 0)
        throwInputError({file_, 0, 0}, "opset_import", "the model imports no version of the default ONNX domain");
    if (opset_ < kMinOpset || opset_ > kMaxOpset)
        warnings.push_back(file_ + ": opset " + std::to_string(opset_) + " is outside the supported range " +
                           std::to_string(kMinOpset) + ".." + std::to_string(kMaxOpset) +
                           " (libonnx " + "1.12); operators changed since may get wrong shapes — re-export with "
                           "opset_version=" + std::to_string(kMaxOpset) + " or lower");
    info_.reserve(static_cast<size_t>(nodeCount()));
    for (int i = 0; i < nodeCount(); ++i) info_.push_back(lookupOp(node(i).domain(), node(i).op_type()));
    // Every ONNX operator produces at least one output; the mappers rely on it
    // (a fuzzer found a node without one).
    for (int i = 0; i < nodeCount(); ++i)
        if (node(i).output_size() == 0 || node(i).output(0).empty()) fail(i, "the node has no output");
    checkDivisorAttributes();
}

// libonnx's shape inference divides by strides, dilations, kernel sizes and
// the group count without checking them (a zero stops the process with a
// floating-point exception, as a fuzzer showed), so they are checked first.
void OnnxGraph::checkDivisorAttributes() const {
    for (int i = 0; i < nodeCount(); ++i)
        for (const auto& a : node(i).attribute()) {
            const std::string& name = a.name();
            if (name == "strides" || name == "dilations" || name == "kernel_shape") {
                for (int64_t v : a.ints())
                    if (v < 1) fail(i, "attribute '" + name + "' has " + std::to_string(v) + "; every value must be >= 1");
            } else if (name == "group" && a.type() == onnx::AttributeProto::INT && a.i() < 1) {
                fail(i, "attribute 'group' is " + std::to_string(a.i()) + "; it must be >= 1");
            }
        }
}

void OnnxGraph::collectTensors() {
    const auto& g = model_.graph();
    for (const auto& t : g.initializer()) constants_[t.name()] = &t;
    for (int i = 0; i < g.node_size(); ++i) {
        const auto& n = g.node(i);
        if (n.op_type() == "Constant" && isDefaultDomain(n.domain()) && n.output_size() == 1) {
            for (const auto& a : n.attribute()) {
                if (a.name() == "value" && a.has_t()) {
                    constants_[n.output(0)] = &a.t();
                } else if (a.name() == "value_float" || a.name() == "value_int" || a.name() == "value_floats" ||
                           a.name() == "value_ints") {
                    auto t = std::make_unique<onnx::TensorProto>();
                    if (a.name() == "value_float") t->set_data_type(kFloat), t->add_float_data(a.f());
                    if (a.name() == "value_int") t->set_data_type(kInt64), t->add_int64_data(a.i());
                    if (a.name() == "value_floats") {
                        t->set_data_type(kFloat);
                        for (float f : a.floats()) t->add_float_data(f);
                        t->add_dims(a.floats_size());
                    }
                    if (a.name() == "value_ints") {
                        t->set_data_type(kInt64);
                        for (int64_t v : a.ints()) t->add_int64_data(v);
                        t->add_dims(a.ints_size());
                    }
                    constants_[n.output(0)] = t.get();
                    owned_.push_back(std::move(t));
                }
            }
        }
        for (const auto& out : n.output())
            if (!out.empty()) producer_[out] = i;
        for (const auto& in : n.input())
            if (!in.empty()) {
                auto& c = consumers_[in];
                if (c.empty() || c.back() != i) c.push_back(i);
            }
    }
    for (const auto& in : g.input())
        if (!constants_.count(in.name())) inputs_.push_back(in.name());
    for (const auto& out : g.output()) outputs_.insert(out.name());
    if (inputs_.empty()) throwInputError({file_, 0, 0}, "graph.input", "the model has no input tensor");
}

void OnnxGraph::markActivations() {
    activations_.insert(inputs_.begin(), inputs_.end());
    for (int i = 0; i < nodeCount(); ++i) {
        const OpInfo* inf = info(i);
        if (inf && inf->cls == OpClass::Metadata) continue;  // a shape is no activation
        bool on = false;
        for (const auto& in : node(i).input()) on = on || (!in.empty() && activations_.count(in));
        if (on)
            for (const auto& out : node(i).output())
                if (!out.empty()) activations_.insert(out);
    }
}

void OnnxGraph::fixInputShapes() {
    // Only the batch axis may be dynamic: it becomes 1 here and the layers
    // scale with --batch afterwards (see network_loader).
    auto* g = model_.mutable_graph();
    bool first = true;
    for (auto& in : *g->mutable_input()) {
        if (constants_.count(in.name())) continue;
        const std::string key = "input '" + in.name() + "'";
        if (!in.type().has_tensor_type())
            throwInputError({file_, 0, 0}, key, "only tensor inputs are supported");
        if (!in.type().tensor_type().has_shape())
            throwInputError({file_, 0, 0}, key, "has no shape; export the model with a fixed input size");
        auto* shape = in.mutable_type()->mutable_tensor_type()->mutable_shape();
        for (int a = 0; a < shape->dim_size(); ++a) {
            auto* d = shape->mutable_dim(a);
            if (a == 0 && !d->has_dim_value()) {
                d->set_dim_value(1);
                continue;
            }
            if (!d->has_dim_value() || d->dim_value() < 1)
                throwInputError({file_, 0, 0}, key,
                                "dimension " + std::to_string(a) + " is " + dimText(*d) +
                                    "; only the batch dimension (axis 0) may be dynamic — export with a fixed "
                                    "input size");
        }
        if (first && shape->dim_size() > 0) batch_ = shape->dim(0).dim_value();
        first = false;
    }
}

void OnnxGraph::inferShapes() {
    const auto& g = model_.graph();
    onnx::ModelProto s;
    s.set_ir_version(model_.ir_version());
    *s.mutable_opset_import() = model_.opset_import();
    auto* sg = s.mutable_graph();
    sg->set_name(g.name());
    *sg->mutable_input() = g.input();
    for (const auto& o : g.output()) {
        auto* c = sg->add_output();
        c->set_name(o.name());
        // Declared output types may name the dynamic batch (or be wrong); inference fills them in.
        if (o.type().has_tensor_type()) c->mutable_type()->mutable_tensor_type();
    }
    for (const auto& t : g.initializer()) {
        if (elementCount(t) <= kKeepDataElements) {
            *sg->add_initializer() = t;
            continue;
        }
        auto* c = sg->add_initializer();
        c->set_name(t.name());
        c->set_data_type(t.data_type());
        *c->mutable_dims() = t.dims();
    }
    for (int i = 0; i < g.node_size(); ++i) {
        const auto& n = g.node(i);
        const OpInfo* inf = info(i);
        if (!inf || inf->standardDomain) {
            *sg->add_node() = n;
            continue;
        }
        auto* c = sg->add_node();
        c->set_name(n.name());
        c->set_op_type(inf->stdOp);
        for (int p : stdInputPositions(*inf, n.input_size())) c->add_input(n.input(p));
        if (n.output_size() > 0) c->add_output(n.output(0));
        if (inf->stdOp != "Identity") *c->mutable_attribute() = n.attribute();
    }
    runInferenceIsolated(s);
    for (const auto& t : s.graph().initializer())
        if (t.name().compare(0, kFoldedPrefix.size(), kFoldedPrefix) == 0)
            folded_[t.name().substr(kFoldedPrefix.size())] = t;
    for (const auto& v : s.graph().input()) types_[v.name()] = v.type();
    for (const auto& v : s.graph().value_info()) types_[v.name()] = v.type();
    for (const auto& v : s.graph().output()) types_[v.name()] = v.type();
}

namespace {

bool hasFullShape(const onnx::TypeProto& t) {
    if (!t.has_tensor_type() || !t.tensor_type().has_shape()) return false;
    for (const auto& d : t.tensor_type().shape().dim())
        if (!d.has_dim_value()) return false;
    return true;
}

}  // namespace

namespace {

bool writeAll(int fd, const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n, size -= size_t(n);
    }
    return true;
}

std::string readAll(int fd) {
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        out.append(buf, size_t(n));
    }
    return out;
}

// Set by a sanitizer runtime when there is one (weak: null otherwise).
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

// In the child: a crash ends it quietly with its signal, for the parent to
// report. Without this, handlers inherited from the parent (a sanitizer's or a
// fuzzer's) would treat the library's crash as the parent's own.
void quietCrashes() {
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, SIG_DFL);
    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(nullptr);
}

}  // namespace

// libonnx 1.12's shape inference trusts the graph: attributes that disagree
// with the tensor ranks make it read through a null pointer or divide by zero
// (fuzzing found both, in convPoolShapeInference). It therefore runs in a
// child process: a model that crashes it is an input error, not a crash of
// hcmsim. The child sends back the inferred types and folded values (or its
// input error).
void OnnxGraph::runInferenceIsolated(onnx::ModelProto& s) const {
    // libonnx registers its ~1,000 operator schemas on first use (about 20 ms):
    // done here, once per process, every child inherits them.
    onnx::OpSchemaRegistry::Schema("Identity", kMaxOpset, "");
    int fds[2];
    if (::pipe(fds) != 0) return runInference(s);  // no isolation to be had: run it here
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return runInference(s);
    }
    if (pid == 0) {
        ::close(fds[0]);
        quietCrashes();
        char status = 0;
        std::string out;
        try {
            runInference(s);
            // Only what the parent reads: the inferred types and the folded values.
            onnx::ModelProto reply;
            auto* g = reply.mutable_graph();
            *g->mutable_input() = s.graph().input();
            *g->mutable_output() = s.graph().output();
            *g->mutable_value_info() = s.graph().value_info();
            for (const auto& t : s.graph().initializer())
                if (t.name().compare(0, kFoldedPrefix.size(), kFoldedPrefix) == 0) *g->add_initializer() = t;
            out = reply.SerializeAsString();
        } catch (const std::exception& e) {
            status = 1;
            out = e.what();
        }
        const bool sent = writeAll(fds[1], &status, 1) && writeAll(fds[1], out.data(), out.size());
        ::_exit(sent ? 0 : 3);  // no destructors, no leak check: the parent goes on
    }
    ::close(fds[1]);
    const std::string reply = readAll(fds[0]);
    ::close(fds[0]);
    int wstatus = 0;
    while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0 || reply.empty()) {
        const std::string how = WIFSIGNALED(wstatus) ? "signal " + std::to_string(WTERMSIG(wstatus))
                                                      : "exit status " + std::to_string(WEXITSTATUS(wstatus));
        throwInputError({file_, 0, 0}, "",
                        "ONNX shape inference crashed on this model (" + how +
                            "): its attributes and tensor ranks are inconsistent (check it with onnx.checker)");
    }
    if (reply[0] != 0) throw InputError(reply.substr(1));
    if (!s.ParseFromString(reply.substr(1))) throw std::runtime_error("ONNX shape inference: the reply does not parse");
}

void OnnxGraph::runInference(onnx::ModelProto& s) const {
    // libonnx 1.12 reads the constant inputs of Reshape, Slice, Expand, ...
    // only from initializers, and propagates the values of some shape
    // subgraphs itself (Shape -> Gather -> Concat) but not others (Div,
    // Where, ConstantOfShape, Range). So each round infers shapes, folds every
    // small tensor whose inputs are now known (onnx_fold), turns the folded
    // inputs of nodes still without an output shape into initializers of the
    // copy, and infers again.
    ValueFolder folder(s.graph(), opset_);
    std::map<std::string, std::vector<int64_t>> constantDims;
    for (const auto& t : s.graph().initializer()) constantDims[t.name()].assign(t.dims().begin(), t.dims().end());
    for (int round = 0; round < kMaxInferenceRounds; ++round) {
        try {
            // No type checking and node-level errors tolerated: a node inference
            // cannot handle leaves its outputs without shape, which is an error
            // later only if a layer needs that shape.
            onnx::ShapeInferenceOptions options(false, 0, true);
            onnx::shape_inference::InferShapes(s, onnx::OpSchemaRegistry::Instance(), options);
        } catch (const std::exception& e) {
            throwInputError({file_, 0, 0}, "", std::string("ONNX shape inference failed: ") + e.what());
        }
        std::map<std::string, const onnx::TypeProto*> types;
        for (const auto& v : s.graph().input()) types[v.name()] = &v.type();
        for (const auto& v : s.graph().value_info()) types[v.name()] = &v.type();
        for (const auto& v : s.graph().output()) types[v.name()] = &v.type();
        folder.fold([&](const std::string& t) -> std::optional<std::vector<int64_t>> {
            if (const auto c = constantDims.find(t); c != constantDims.end()) return c->second;
            const auto it = types.find(t);
            if (it == types.end() || !hasFullShape(*it->second)) return std::nullopt;
            std::vector<int64_t> dims;
            for (const auto& d : it->second->tensor_type().shape().dim()) dims.push_back(d.dim_value());
            return dims;
        });
        bool changed = false;
        auto* g = s.mutable_graph();
        for (auto& n : *g->mutable_node()) {
            bool known = true;
            for (const auto& o : n.output()) known = known && (o.empty() || (types.count(o) && hasFullShape(*types[o])));
            if (known) continue;
            for (auto& in : *n.mutable_input()) {
                if (in.empty() || constantDims.count(in)) continue;
                const FoldedTensor* v = folder.value(in);
                if (!v) continue;
                const std::string name = kFoldedPrefix + in;
                if (!constantDims.count(name)) {
                    v->toTensorProto(name, *g->add_initializer());
                    constantDims[name] = v->dims;
                }
                in = name;
                changed = true;
            }
        }
        if (!changed) break;
    }
    // Every folded value goes back to the parent (Reduce axes, Pad pads, Gather
    // indices computed by the graph are read there).
    for (const auto& [name, v] : folder.values())
        if (!constantDims.count(name) && !constantDims.count(kFoldedPrefix + name))
            v.toTensorProto(kFoldedPrefix + name, *s.mutable_graph()->add_initializer());
}

std::string OnnxGraph::label(int i) const {
    const auto& n = node(i);
    std::string op = n.op_type();
    if (!isDefaultDomain(n.domain())) op += ", domain " + n.domain();
    if (n.name().empty()) return "node #" + std::to_string(i) + " (" + op + ")";
    return "node '" + n.name() + "' (" + op + ")";
}

std::vector<std::string> OnnxGraph::stdInputs(int i) const {
    const auto& n = node(i);
    std::vector<std::string> in;
    const OpInfo* inf = info(i);
    if (!inf) return {n.input().begin(), n.input().end()};
    for (int p : stdInputPositions(*inf, n.input_size())) in.push_back(n.input(p));
    return in;
}

void OnnxGraph::fail(int i, const std::string& message) const { throwInputError({file_, 0, 0}, label(i), message); }

bool OnnxGraph::isConstant(const std::string& t) const { return constants_.count(t) > 0; }

std::optional<std::vector<int64_t>> OnnxGraph::shape(const std::string& t) const {
    if (const auto c = constants_.find(t); c != constants_.end())
        return std::vector<int64_t>(c->second->dims().begin(), c->second->dims().end());
    const auto it = types_.find(t);
    if (it == types_.end() || !it->second.has_tensor_type() || !it->second.tensor_type().has_shape()) return std::nullopt;
    std::vector<int64_t> dims;
    for (const auto& d : it->second.tensor_type().shape().dim()) {
        if (!d.has_dim_value() || d.dim_value() < 0) return std::nullopt;
        dims.push_back(d.dim_value());
    }
    return dims;
}

std::vector<int64_t> OnnxGraph::requireShape(int i, const std::string& t) const {
    auto s = shape(t);
    if (!s)
        fail(i, "the shape of tensor '" + t +
                    "' is unknown after ONNX shape inference (a dynamic size other than the batch, or an "
                    "operator newer than opset " + std::to_string(kMaxOpset) + " before it)");
    return *s;
}

int OnnxGraph::elemType(const std::string& t) const {
    if (const auto c = constants_.find(t); c != constants_.end()) return c->second->data_type();
    const auto it = types_.find(t);
    if (it == types_.end() || !it->second.has_tensor_type()) return 0;
    return it->second.tensor_type().elem_type();
}

std::optional<std::vector<double>> OnnxGraph::constantValues(const std::string& t) const {
    if (const auto c = constants_.find(t); c != constants_.end()) return tensorValues(*c->second);
    if (const auto f = folded_.find(t); f != folded_.end()) return tensorValues(f->second);
    return std::nullopt;
}

int OnnxGraph::producer(const std::string& t) const {
    const auto it = producer_.find(t);
    return it == producer_.end() ? -1 : it->second;
}

const std::vector<int>& OnnxGraph::consumers(const std::string& t) const {
    static const std::vector<int> none;
    const auto it = consumers_.find(t);
    return it == consumers_.end() ? none : it->second;
}

const onnx::AttributeProto* OnnxGraph::attr(int i, const std::string& name) const {
    for (const auto& a : node(i).attribute())
        if (a.name() == name) return &a;
    return nullptr;
}

int64_t OnnxGraph::attrInt(int i, const std::string& name, int64_t dflt) const {
    const auto* a = attr(i, name);
    return a ? a->i() : dflt;
}

std::vector<int64_t> OnnxGraph::attrInts(int i, const std::string& name) const {
    const auto* a = attr(i, name);
    if (!a) return {};
    return {a->ints().begin(), a->ints().end()};
}

std::string OnnxGraph::attrString(int i, const std::string& name, const std::string& dflt) const {
    const auto* a = attr(i, name);
    return a ? a->s() : dflt;
}

}  // namespace hcm::onnximp
