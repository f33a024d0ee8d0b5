// The ONNX model reader that skips weight payloads: what it keeps and drops,
// that it agrees with protobuf's own parser on every prefix of a model, that
// field order does not matter, and that external data is never opened.
#include <gtest/gtest.h>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "sim/common/input_error.hpp"
#include "support/cli_runner.hpp"
#include "support/onnx_builder.hpp"
#include "workloads/onnx/onnx_import.hpp"
#include "workloads/onnx/onnx_model_reader.hpp"
#include "workloads/onnx/onnx_tensor_data.hpp"

using namespace hcm;
using namespace hcm::onnximp;
using hcm::test::convOpts;
using hcm::test::OnnxBuilder;

namespace {

const onnx::TensorProto& initializer(const onnx::ModelProto& m, const std::string& name) {
    for (const auto& t : m.graph().initializer())
        if (t.name() == name) return t;
    throw std::runtime_error("no initializer " + name);
}

// A conv whose 64 x 64 x 3 x 3 float weight is 147,456 bytes (dropped), a
// bias of 256 bytes and a Reshape shape (kept).
OnnxBuilder smallAndLarge() {
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 64, 8, 8});
    auto o = convOpts("conv", 1, 1);
    o.bias = true;
    const std::string y = b.conv(x, 64, 64, 3, o);
    b.ints("shape", {2}, {1, -1});
    b.node("Reshape", {y, "shape"}, {"flat"}, "flatten");
    b.output("flat");
    return b;
}

std::string lengthDelimited(int field, const std::string& payload) {
    std::string out;
    google::protobuf::io::StringOutputStream s(&out);
    google::protobuf::io::CodedOutputStream c(&s);
    c.WriteTag(uint32_t(field) << 3 | 2);
    c.WriteVarint32(uint32_t(payload.size()));
    c.WriteString(payload);
    c.Trim();
    return out;
}

}  // namespace

TEST(OnnxReader, DropsLargePayloadsKeepsEverythingElse) {
    const OnnxBuilder b = smallAndLarge();
    const std::string bytes = b.serialize();
    onnx::ModelProto m;
    ASSERT_TRUE(readModelWithoutPayloads(bytes.data(), bytes.size(), m));
    const auto& w = initializer(m, "conv.weight");
    EXPECT_EQ(w.dims_size(), 4);
    EXPECT_EQ(w.dims(0), 64);
    EXPECT_EQ(w.dims(3), 3);
    EXPECT_EQ(w.data_type(), 1);
    EXPECT_FALSE(w.has_raw_data());  // 147,456 bytes > 64 KiB: never read
    EXPECT_FALSE(tensorValues(w).has_value());
    const auto bias = tensorValues(initializer(m, "conv.bias"));
    ASSERT_TRUE(bias.has_value());
    EXPECT_EQ(bias->size(), 64u);
    EXPECT_EQ(*tensorValues(initializer(m, "shape")), (std::vector<double>{1, -1}));
    // Everything but the payload is what protobuf parses.
    onnx::ModelProto full;
    ASSERT_TRUE(full.ParseFromString(bytes));
    full.mutable_graph()->mutable_initializer(0)->clear_raw_data();
    EXPECT_EQ(full.SerializeAsString(), m.SerializeAsString());
}

TEST(OnnxReader, AgreesWithProtobufOnEveryPrefix) {
    // Every payload here is kept, so the reader must accept exactly what
    // protobuf accepts and produce the same message; cut files end anywhere.
    OnnxBuilder b;
    const std::string x = b.input("x", {1, 4, 6, 6});
    auto o = convOpts("conv", 1, 1);
    o.bias = true;
    b.output(b.relu(b.conv(x, 4, 8, 3, o), "relu"));
    auto& c = b.node("Constant", {}, {"k"}, "const");
    auto* t = c.add_attribute();
    t->set_name("value");
    t->set_type(onnx::AttributeProto::TENSOR);
    t->mutable_t()->set_data_type(7);
    t->mutable_t()->add_dims(2);
    t->mutable_t()->add_int64_data(3), t->mutable_t()->add_int64_data(-1);
    const std::string bytes = b.serialize();
    for (size_t cut = 0; cut <= bytes.size(); ++cut) {
        onnx::ModelProto mine, theirs;
        const bool ok = readModelWithoutPayloads(bytes.data(), cut, mine);
        const bool expected = theirs.ParseFromArray(bytes.data(), int(cut));
        ASSERT_EQ(ok, expected) << "prefix of " << cut << " bytes";
        if (ok) {
            ASSERT_EQ(mine.SerializeAsString(), theirs.SerializeAsString()) << cut;
        }
    }
}

TEST(OnnxReader, PayloadBeforeDimsIsStillDropped) {
    // Writers put fields in number order (dims first), but protobuf allows any
    // order: the reader decides by the payload's length, not by the dims.
    onnx::TensorProto payload, header;
    payload.set_raw_data(std::string(100000, '\x01'));
    header.add_dims(25000);
    header.set_data_type(1);
    header.set_name("w");
    const std::string tensor = payload.SerializeAsString() + header.SerializeAsString();  // concatenation = merge
    onnx::GraphProto g;
    g.set_name("g");
    const std::string graph = g.SerializeAsString() + lengthDelimited(5, tensor);
    onnx::ModelProto m0;
    m0.set_ir_version(8);
    const std::string bytes = m0.SerializeAsString() + lengthDelimited(7, graph);
    onnx::ModelProto m;
    ASSERT_TRUE(readModelWithoutPayloads(bytes.data(), bytes.size(), m));
    ASSERT_EQ(m.graph().initializer_size(), 1);
    const auto& w = m.graph().initializer(0);
    EXPECT_EQ(w.name(), "w");
    EXPECT_EQ(w.dims(0), 25000);
    EXPECT_FALSE(w.has_raw_data());
}

TEST(OnnxReader, ExternalDataIsNeverOpened) {
    // The weights live in a file that does not exist: shapes are all hcmsim needs.
    OnnxBuilder b;
    b.weightData(false);
    const std::string x = b.input("x", {1, 3, 16, 16});
    b.output(b.conv(x, 3, 8, 3, convOpts("conv", 1, 1)));
    auto* w = b.graph().mutable_initializer(0);
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto* e = w->add_external_data();
    e->set_key("location");
    e->set_value("weights_that_are_not_here.bin");
    const std::string dir = test::tempDir("onnx_external");
    b.save(dir + "/model.onnx");
    const Network n = loadOnnxNetwork(dir + "/model.onnx");
    EXPECT_EQ(n.totalMacs(), 16 * 16 * 8 * 27);
}

TEST(OnnxReader, LoadsFromAMappedFile) {
    const std::string dir = test::tempDir("onnx_mapped");
    smallAndLarge().save(dir + "/m.onnx");
    const Network n = loadOnnxNetwork(dir + "/m.onnx");
    EXPECT_EQ(n.totalMacs(), 8 * 8 * 64 * 64 * 9);
    try {
        loadOnnxNetwork(dir + "/missing.onnx");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find(dir + "/missing.onnx: cannot open file"), std::string::npos) << e.what();
    }
    test::writeFile(dir + "/empty.onnx", "");
    try {
        loadOnnxNetwork(dir + "/empty.onnx");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), dir + "/empty.onnx: empty file, not an ONNX model");
    }
}

TEST(OnnxReader, DeepSubgraphNestingIsRefused) {
    // If -> then_branch -> If -> ...: nesting deeper than the walk allows is
    // malformed input, not a stack overflow.
    onnx::GraphProto inner;
    inner.set_name("leaf");
    for (int depth = 0; depth < 40; ++depth) {
        onnx::GraphProto outer;
        auto* n = outer.add_node();
        n->set_op_type("If");
        auto* a = n->add_attribute();
        a->set_name("then_branch");
        a->set_type(onnx::AttributeProto::GRAPH);
        *a->mutable_g() = inner;
        inner = outer;
    }
    onnx::ModelProto m;
    m.set_ir_version(8);
    *m.mutable_graph() = inner;
    const std::string bytes = m.SerializeAsString();
    onnx::ModelProto out;
    EXPECT_FALSE(readModelWithoutPayloads(bytes.data(), bytes.size(), out));
}
