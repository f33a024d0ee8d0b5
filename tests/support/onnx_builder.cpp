#include "onnx_builder.hpp"

#include <fstream>
#include <stdexcept>

namespace hcm::test {

namespace {
int64_t count(const std::vector<int64_t>& dims) {
    int64_t n = 1;
    for (int64_t d : dims) n *= d;
    return n;
}
size_t elemSize(int t) {
    switch (t) {
        case 1: case 6: return 4;      // float, int32
        case 7: case 11: return 8;     // int64, double
        case 10: return 2;             // float16
        default: return 1;             // int8, uint8, 4-bit (one per byte is fine here)
    }
}
}  // namespace

OnnxBuilder::OnnxBuilder(int opset, const std::string& graphName) {
    model_.set_ir_version(8);
    model_.set_producer_name("hcmsim-tests");
    opsetImport("", opset);
    graph().set_name(graphName);
}

void OnnxBuilder::opsetImport(const std::string& domain, int64_t version) {
    auto* o = model_.add_opset_import();
    o->set_domain(domain);
    o->set_version(version);
}

void OnnxBuilder::ensureDomain(const std::string& domain) {
    for (const auto& o : model_.opset_import())
        if (o.domain() == domain) return;
    opsetImport(domain, 1);
}

std::string OnnxBuilder::fresh(const std::string& base) { return base + "_" + std::to_string(counter_++); }

std::string OnnxBuilder::input(const std::string& name, const std::vector<int64_t>& dims, int elemType) {
    auto* v = graph().add_input();
    v->set_name(name);
    auto* t = v->mutable_type()->mutable_tensor_type();
    t->set_elem_type(elemType);
    auto* s = t->mutable_shape();
    for (int64_t d : dims) {
        auto* dim = s->add_dim();
        if (d < 0)
            dim->set_dim_param("N");
        else
            dim->set_dim_value(d);
    }
    return name;
}

void OnnxBuilder::output(const std::string& name) {
    auto* v = graph().add_output();
    v->set_name(name);
    v->mutable_type()->mutable_tensor_type()->set_elem_type(1);
}

std::string OnnxBuilder::weight(const std::string& name, const std::vector<int64_t>& dims, int elemType) {
    auto* t = graph().add_initializer();
    t->set_name(name);
    t->set_data_type(elemType);
    for (int64_t d : dims) t->add_dims(d);
    if (weightData_) t->set_raw_data(std::string(static_cast<size_t>(count(dims)) * elemSize(elemType), '\0'));
    return name;
}

std::string OnnxBuilder::floats(const std::string& name, const std::vector<int64_t>& dims, const std::vector<float>& v) {
    auto* t = graph().add_initializer();
    t->set_name(name);
    t->set_data_type(1);
    for (int64_t d : dims) t->add_dims(d);
    for (float x : v) t->add_float_data(x);
    return name;
}

std::string OnnxBuilder::ints(const std::string& name, const std::vector<int64_t>& dims, const std::vector<int64_t>& v) {
    auto* t = graph().add_initializer();
    t->set_name(name);
    t->set_data_type(7);
    for (int64_t d : dims) t->add_dims(d);
    for (int64_t x : v) t->add_int64_data(x);
    return name;
}

std::string OnnxBuilder::zeroPoint(const std::string& name, int elemType) {
    auto* t = graph().add_initializer();
    t->set_name(name);
    t->set_data_type(elemType);
    t->set_raw_data(std::string(1, '\0'));
    return name;
}

onnx::NodeProto& OnnxBuilder::node(const std::string& op, const std::vector<std::string>& inputs,
                                   const std::vector<std::string>& outputs, const std::string& name,
                                   const std::string& domain) {
    auto* n = graph().add_node();
    n->set_op_type(op);
    if (!name.empty()) n->set_name(name);
    if (!domain.empty()) n->set_domain(domain);
    for (const auto& i : inputs) n->add_input(i);
    for (const auto& o : outputs) n->add_output(o);
    return *n;
}

void OnnxBuilder::attr(onnx::NodeProto& n, const std::string& name, int64_t v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INT);
    a->set_i(v);
}
void OnnxBuilder::attr(onnx::NodeProto& n, const std::string& name, const std::vector<int64_t>& v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::INTS);
    for (int64_t x : v) a->add_ints(x);
}
void OnnxBuilder::attr(onnx::NodeProto& n, const std::string& name, float v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(v);
}
void OnnxBuilder::attr(onnx::NodeProto& n, const std::string& name, const std::string& v) {
    auto* a = n.add_attribute();
    a->set_name(name);
    a->set_type(onnx::AttributeProto::STRING);
    a->set_s(v);
}

std::string OnnxBuilder::conv(const std::string& x, int64_t cin, int64_t cout, int64_t k, const ConvOpts& o) {
    const std::string name = o.name.empty() ? fresh("conv") : o.name;
    const int64_t kw = o.kernelW > 0 ? o.kernelW : k;
    std::vector<std::string> in = {x, weight(name + ".weight", {cout, cin / o.group, k, kw})};
    if (o.bias) in.push_back(weight(name + ".bias", {cout}));
    const std::string out = name + "_out";
    auto& n = node("Conv", in, {out}, name);
    attr(n, "kernel_shape", std::vector<int64_t>{k, kw});
    attr(n, "strides", std::vector<int64_t>{o.stride, o.stride});
    if (o.dilation != 1) attr(n, "dilations", std::vector<int64_t>{o.dilation, o.dilation});
    if (o.group != 1) attr(n, "group", o.group);
    if (!o.autoPad.empty())
        attr(n, "auto_pad", o.autoPad);
    else
        attr(n, "pads", o.pads.empty() ? std::vector<int64_t>{o.pad, o.pad, o.pad, o.pad} : o.pads);
    return out;
}

std::string OnnxBuilder::batchNorm(const std::string& x, int64_t c, const std::string& name) {
    std::vector<std::string> in = {x};
    for (const char* p : {"weight", "bias", "running_mean", "running_var"}) in.push_back(weight(name + "." + p, {c}));
    const std::string out = name + "_out";
    node("BatchNormalization", in, {out}, name);
    return out;
}

std::string OnnxBuilder::relu(const std::string& x, const std::string& name) { return unary("Relu", x, name); }

std::string OnnxBuilder::unary(const std::string& op, const std::string& x, const std::string& name) {
    const std::string nm = name.empty() ? fresh(op) : name;
    node(op, {x}, {nm + "_out"}, nm);
    return nm + "_out";
}

std::string OnnxBuilder::maxPool(const std::string& x, int64_t k, int64_t stride, int64_t pad,
                                 const std::string& name, bool ceil) {
    auto& n = node("MaxPool", {x}, {name + "_out"}, name);
    attr(n, "kernel_shape", std::vector<int64_t>{k, k});
    attr(n, "strides", std::vector<int64_t>{stride, stride});
    attr(n, "pads", std::vector<int64_t>{pad, pad, pad, pad});
    if (ceil) attr(n, "ceil_mode", int64_t(1));
    return name + "_out";
}

std::string OnnxBuilder::globalAvgPool(const std::string& x, const std::string& name) {
    node("GlobalAveragePool", {x}, {name + "_out"}, name);
    return name + "_out";
}

std::string OnnxBuilder::flatten(const std::string& x, const std::string& name) {
    const std::string nm = name.empty() ? fresh("flatten") : name;
    auto& n = node("Flatten", {x}, {nm + "_out"}, nm);
    attr(n, "axis", int64_t(1));
    return nm + "_out";
}

std::string OnnxBuilder::gemm(const std::string& x, int64_t in, int64_t out, const std::string& name, bool bias) {
    std::vector<std::string> ins = {x, weight(name + ".weight", {out, in})};
    if (bias) ins.push_back(weight(name + ".bias", {out}));
    auto& n = node("Gemm", ins, {name + "_out"}, name);
    attr(n, "transB", int64_t(1));  // PyTorch Linear: weight is [out, in]
    return name + "_out";
}

std::string OnnxBuilder::add(const std::string& a, const std::string& b, const std::string& name) {
    node("Add", {a, b}, {name + "_out"}, name);
    return name + "_out";
}

std::string OnnxBuilder::qdq(const std::string& x, int zpType, const std::string& name) {
    const std::string s = scalar(name + ".scale", 0.05f), zp = zeroPoint(name + ".zero_point", zpType);
    node("QuantizeLinear", {x, s, zp}, {name + "_q"}, name + "/QuantizeLinear");
    node("DequantizeLinear", {name + "_q", s, zp}, {name + "_dq"}, name + "/DequantizeLinear");
    return name + "_dq";
}

std::string OnnxBuilder::dequantizedWeight(const std::string& name, const std::vector<int64_t>& dims, int elemType) {
    const std::string q = weight(name + "_quantized", dims, elemType);
    const std::string s = scalar(name + ".scale", 0.01f), zp = zeroPoint(name + ".zero_point", elemType);
    node("DequantizeLinear", {q, s, zp}, {name}, name + "/DequantizeLinear");
    return name;
}

std::string OnnxBuilder::quant(const std::string& x, int bits, const std::string& name) {
    const std::string s = scalar(name + ".scale", 0.1f), zp = scalar(name + ".zeropt", 0.f);
    const std::string bw = scalar(name + ".bitwidth", static_cast<float>(bits));
    ensureDomain("qonnx.custom_op.general");
    auto& n = node("Quant", {x, s, zp, bw}, {name + "_out"}, name, "qonnx.custom_op.general");
    attr(n, "signed", int64_t(1));
    attr(n, "narrow", int64_t(0));
    attr(n, "rounding_mode", std::string("ROUND"));
    return name + "_out";
}

std::string OnnxBuilder::bipolarQuant(const std::string& x, const std::string& name) {
    const std::string s = scalar(name + ".scale", 1.f);
    ensureDomain("qonnx.custom_op.general");
    node("BipolarQuant", {x, s}, {name + "_out"}, name, "qonnx.custom_op.general");
    return name + "_out";
}

std::string OnnxBuilder::qonnxConv(const std::string& x, int64_t cin, int64_t cout, int64_t k, int wbits,
                                   const ConvOpts& o) {
    const std::string w = weight(o.name + ".weight", {cout, cin / o.group, k, k});
    const std::string qw = wbits == 1 ? bipolarQuant(w, o.name + ".weight_quant") : quant(w, wbits, o.name + ".weight_quant");
    auto& n = node("Conv", {x, qw}, {o.name + "_out"}, o.name);
    attr(n, "kernel_shape", std::vector<int64_t>{k, k});
    attr(n, "strides", std::vector<int64_t>{o.stride, o.stride});
    attr(n, "pads", std::vector<int64_t>{o.pad, o.pad, o.pad, o.pad});
    if (o.group != 1) attr(n, "group", o.group);
    return o.name + "_out";
}

std::string OnnxBuilder::serialize() const {
    std::string s;
    if (!model_.SerializeToString(&s)) throw std::runtime_error("ModelProto does not serialize");
    return s;
}

void OnnxBuilder::save(const std::string& path) const {
    std::ofstream out(path, std::ios::binary);
    out << serialize();
    if (!out) throw std::runtime_error("cannot write " + path);
}

OnnxBuilder resnet18Model() {
    OnnxBuilder b(13, "main_graph");
    std::string x = b.input("input", {-1, 3, 224, 224});
    auto convBn = [&](const std::string& in, const std::string& scope, const std::string& conv, int64_t cin,
                      int64_t cout, int64_t k, int64_t stride, int64_t pad, const std::string& bn) {
        std::string y = b.conv(in, cin, cout, k, convOpts(scope + "/" + conv + "/Conv", stride, pad));
        return b.batchNorm(y, cout, scope + "/" + bn + "/BatchNormalization");
    };
    x = convBn(x, "", "conv1", 3, 64, 7, 2, 3, "bn1");
    x = b.relu(x, "/relu/Relu");
    x = b.maxPool(x, 3, 2, 1, "/maxpool/MaxPool");
    int64_t cin = 64;
    const int64_t widths[4] = {64, 128, 256, 512};
    for (int stage = 0; stage < 4; ++stage) {
        const std::string layer = "layer" + std::to_string(stage + 1);
        for (int blk = 0; blk < 2; ++blk) {
            const std::string scope = "/" + layer + "/" + layer + "." + std::to_string(blk);
            const int64_t cout = widths[stage], stride = (blk == 0 && stage > 0) ? 2 : 1;
            std::string y = convBn(x, scope, "conv1", cin, cout, 3, stride, 1, "bn1");
            y = b.relu(y, scope + "/relu/Relu");
            y = convBn(y, scope, "conv2", cout, cout, 3, 1, 1, "bn2");
            std::string shortcut = x;
            if (stride != 1 || cin != cout) shortcut = convBn(x, scope, "downsample/downsample.0", cin, cout, 1, stride, 0, "downsample/downsample.1");
            y = b.add(y, shortcut, scope + "/Add");
            x = b.relu(y, scope + "/relu_1/Relu");
            cin = cout;
        }
    }
    x = b.globalAvgPool(x, "/avgpool/GlobalAveragePool");
    x = b.flatten(x, "/Flatten");
    b.output(b.gemm(x, 512, 1000, "/fc/Gemm"));
    return b;
}

}  // namespace hcm::test
