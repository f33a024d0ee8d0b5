// Folding of shape arithmetic (workloads/onnx/onnx_fold): ONNX's semantics
// for each operator exporters use around reshapes, with hand-worked values,
// and the import of the patterns torch.onnx writes (torch.chunk, expand with
// -1, view with the batch read from the tensor).
#include <gtest/gtest.h>

#include <limits>

#include "support/onnx_builder.hpp"
#include "workloads/onnx/onnx_fold.hpp"
#include "workloads/onnx/onnx_import.hpp"

using namespace hcm;
using namespace hcm::onnximp;
using hcm::test::convOpts;
using hcm::test::OnnxBuilder;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// Folds the builder's graph once; `shapes` are the known tensor shapes.
struct Folded {
    explicit Folded(OnnxBuilder& b, std::map<std::string, std::vector<int64_t>> shapes = {}, int opset = 13)
        : folder(b.model().graph(), opset) {
        folder.fold([&](const std::string& t) -> std::optional<std::vector<int64_t>> {
            const auto it = shapes.find(t);
            if (it == shapes.end()) return std::nullopt;
            return it->second;
        });
    }
    std::vector<int64_t> ints(const std::string& t) const {
        const FoldedTensor* v = folder.value(t);
        if (!v) throw std::runtime_error("no value for " + t);
        return v->ints;
    }
    std::vector<int64_t> dims(const std::string& t) const { return folder.value(t)->dims; }
    bool has(const std::string& t) const { return folder.value(t) != nullptr; }
    ValueFolder folder;
};

using V = std::vector<int64_t>;

}  // namespace

TEST(OnnxFold, SliceClampsNegativeAndHugeBoundsAndSteps) {
    OnnxBuilder b;
    b.ints("data", {10}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    // [-3, INT64_MAX): the last three.
    b.ints("s1", {1}, {-3}), b.ints("e1", {1}, {kMax});
    b.node("Slice", {"data", "s1", "e1"}, {"last3"});
    // Reversed whole tensor: start -1 (= 9), end INT64_MIN (clamped to -1), step -1.
    b.ints("s2", {1}, {-1}), b.ints("e2", {1}, {kMin}), b.ints("ax", {1}, {0}), b.ints("st", {1}, {-1});
    b.node("Slice", {"data", "s2", "e2", "ax", "st"}, {"reversed"});
    // Step 3 from 1 to 9: 1, 4, 7 (ceil((9 - 1) / 3) = 3 elements).
    b.ints("s3", {1}, {1}), b.ints("e3", {1}, {9}), b.ints("st3", {1}, {3});
    b.node("Slice", {"data", "s3", "e3", "ax", "st3"}, {"strided"});
    // An empty range: start 7 > end 2 with a positive step.
    b.ints("s4", {1}, {7}), b.ints("e4", {1}, {2});
    b.node("Slice", {"data", "s4", "e4"}, {"empty"});
    const Folded f(b);
    EXPECT_EQ(f.ints("last3"), (V{7, 8, 9}));
    EXPECT_EQ(f.ints("reversed"), (V{9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
    EXPECT_EQ(f.ints("strided"), (V{1, 4, 7}));
    EXPECT_EQ(f.ints("empty"), V{});
    EXPECT_EQ(f.dims("empty"), V{0});
}

TEST(OnnxFold, ShapeGatherConcatUnsqueezeSqueeze) {
    OnnxBuilder b;
    b.node("Shape", {"x"}, {"shape"});
    auto& s = b.node("Shape", {"x"}, {"middle"});  // opset 15: start 1, end -1
    OnnxBuilder::attr(s, "start", int64_t(1));
    OnnxBuilder::attr(s, "end", int64_t(-1));
    b.ints("minus1", {}, {-1});
    b.node("Gather", {"shape", "minus1"}, {"last"});   // a scalar: 5
    b.ints("axes0", {1}, {0});
    b.node("Unsqueeze", {"last", "axes0"}, {"last1"});  // [5]
    b.ints("twelve", {1}, {12});
    auto& c = b.node("Concat", {"last1", "twelve", "minus1_1"}, {"newshape"});
    OnnxBuilder::attr(c, "axis", int64_t(0));
    b.ints("minus1_1", {1}, {-1});
    b.ints("axes02", {2}, {0, -1});
    b.node("Unsqueeze", {"twelve", "axes02"}, {"u"});  // [1, 1, 1]
    b.node("Squeeze", {"u"}, {"sq"});                    // all ones removed: []
    b.ints("m", {2, 3}, {1, 2, 3, 4, 5, 6});
    b.ints("cols", {2}, {-1, 0});
    auto& g = b.node("Gather", {"m", "cols"}, {"picked"});  // columns 2 and 0
    OnnxBuilder::attr(g, "axis", int64_t(1));
    const Folded f(b, {{"x", {2, 3, 4, 5}}}, 15);
    EXPECT_EQ(f.ints("shape"), (V{2, 3, 4, 5}));
    EXPECT_EQ(f.ints("middle"), (V{3, 4}));
    EXPECT_EQ(f.ints("last"), V{5});
    EXPECT_EQ(f.dims("last"), V{});
    EXPECT_EQ(f.ints("newshape"), (V{5, 12, -1}));
    EXPECT_EQ(f.dims("u"), (V{1, 1, 1}));
    EXPECT_EQ(f.dims("sq"), V{});
    EXPECT_EQ(f.ints("sq"), V{12});
    EXPECT_EQ(f.dims("picked"), (V{2, 2}));
    EXPECT_EQ(f.ints("picked"), (V{3, 1, 6, 4}));
}

TEST(OnnxFold, IntegerArithmeticIsExactAndRefusesOverflow) {
    OnnxBuilder b;
    b.ints("a", {4}, {7, -7, 7, -7});
    b.ints("b", {4}, {2, 2, -2, -2});
    b.node("Div", {"a", "b"}, {"div"});   // truncates: 3, -3, -3, 3
    b.node("Mod", {"a", "b"}, {"mod"});   // the divisor's sign: 1, 1, -1, -1
    auto& fm = b.node("Mod", {"a", "b"}, {"fmod"});
    OnnxBuilder::attr(fm, "fmod", int64_t(1));  // the dividend's sign: 1, -1, 1, -1
    b.ints("three", {}, {3});
    b.node("Pow", {"b", "three"}, {"cube"});  // broadcast scalar: 8, 8, -8, -8
    b.ints("big", {1}, {kMax});
    b.node("Mul", {"big", "three"}, {"overflow"});
    b.ints("zero", {}, {0});
    b.node("Div", {"a", "zero"}, {"by_zero"});
    b.ints("col", {2, 1}, {10, 20});
    b.ints("row", {3}, {1, 2, 3});
    b.node("Add", {"col", "row"}, {"outer"});  // [2, 3] broadcast
    b.node("Max", {"row", "three", "col"}, {"vmax"});
    const Folded f(b);
    EXPECT_EQ(f.ints("div"), (V{3, -3, -3, 3}));
    EXPECT_EQ(f.ints("mod"), (V{1, 1, -1, -1}));
    EXPECT_EQ(f.ints("fmod"), (V{1, -1, 1, -1}));
    EXPECT_EQ(f.ints("cube"), (V{8, 8, -8, -8}));
    EXPECT_FALSE(f.has("overflow"));
    EXPECT_FALSE(f.has("by_zero"));
    EXPECT_EQ(f.dims("outer"), (V{2, 3}));
    EXPECT_EQ(f.ints("outer"), (V{11, 12, 13, 21, 22, 23}));
    EXPECT_EQ(f.ints("vmax"), (V{10, 10, 10, 20, 20, 20}));
}

TEST(OnnxFold, ExpandWithMinusOneAsTorchWritesIt) {
    // class_token.expand(n, -1, -1) at opset 13 (torchvision's ViT): the -1s
    // become 1s through ConstantOfShape, Mul, Equal and Where.
    OnnxBuilder b;
    b.ints("want", {3}, {1, -1, -1});
    b.ints("three", {1}, {3});
    auto& cos = b.node("ConstantOfShape", {"three"}, {"ones"});
    auto* v = cos.add_attribute();
    v->set_name("value");
    v->set_type(onnx::AttributeProto::TENSOR);
    v->mutable_t()->set_data_type(7);
    v->mutable_t()->add_dims(1);
    v->mutable_t()->add_int64_data(1);
    b.ints("neg", {}, {-1});
    b.node("Mul", {"ones", "neg"}, {"minus_ones"});
    b.node("Equal", {"want", "minus_ones"}, {"is_free"});
    b.node("Where", {"is_free", "ones", "want"}, {"expand_to"});
    b.ints("start", {}, {0}), b.ints("limit", {}, {10}), b.ints("delta", {}, {3});
    b.node("Range", {"start", "limit", "delta"}, {"range"});
    b.ints("two_by_three", {2, 3}, {1, 2, 3, 4, 5, 6});
    b.ints("flat", {2}, {0, -1});
    b.node("Reshape", {"two_by_three", "flat"}, {"reshaped"});  // 0 keeps 2, -1 infers 3
    const Folded f(b);
    EXPECT_EQ(f.ints("ones"), (V{1, 1, 1}));
    EXPECT_EQ(f.ints("is_free"), (V{0, 1, 1}));
    EXPECT_EQ(f.ints("expand_to"), (V{1, 1, 1}));
    EXPECT_EQ(f.ints("range"), (V{0, 3, 6, 9}));
    EXPECT_EQ(f.dims("reshaped"), (V{2, 3}));
}

TEST(OnnxFold, OnlySmallTensorsAreEvaluated) {
    OnnxBuilder b;
    b.ints("huge_shape", {1}, {100000});
    b.node("ConstantOfShape", {"huge_shape"}, {"huge"});  // 100,000 elements: not folded
    b.node("Shape", {"activation"}, {"s"});               // no shape known: no value
    const Folded f(b);
    EXPECT_FALSE(f.has("huge"));
    EXPECT_FALSE(f.has("s"));
}

TEST(OnnxFold, TorchChunkSlicesImport) {
    // torch.chunk(x, 2, dim=1) as torch.onnx writes it at opset 13 (ShuffleNet
    // v2): Shape -> Gather -> Add -> Div -> Mul -> Slice. libonnx's inference
    // stops at the Div; the folder gives each Slice its bounds.
    OnnxBuilder b;
    const std::string x = b.conv(b.input("x", {1, 3, 8, 8}), 3, 6, 1, convOpts("conv0"));
    b.node("Shape", {x}, {"shape"}, "Shape");
    b.ints("one", {1}, {1});
    b.node("Gather", {"shape", "one"}, {"channels"}, "Gather");  // [6]
    b.node("Add", {"channels", "one"}, {"plus1"}, "Add");         // [7]
    b.ints("two", {1}, {2});
    b.node("Div", {"plus1", "two"}, {"half"}, "Div");             // [3]
    b.node("Mul", {"half", "one"}, {"end0"}, "Mul");              // [3]
    b.node("Mul", {"half", "two"}, {"end1"}, "Mul_1");            // [6]
    b.ints("zero", {1}, {0});
    b.node("Slice", {x, "zero", "end0", "one"}, {"first"}, "Slice");
    b.node("Slice", {x, "end0", "end1", "one"}, {"second"}, "Slice_1");
    b.output(b.conv("first", 3, 4, 3, convOpts("conv_a", 1, 1)));
    b.output(b.conv("second", 3, 4, 3, convOpts("conv_b", 1, 1)));
    const Network n = parseOnnxNetwork(b.serialize(), "chunk.onnx");
    ASSERT_EQ(n.layers.size(), 3u);  // the slices are views
    EXPECT_EQ(n.layers[1].c, 3);
    EXPECT_EQ(n.layers[2].c, 3);
    EXPECT_EQ(n.totalMacs(), 64 * 6 * 3 + 2 * 64 * 4 * 27);
}

TEST(OnnxFold, ViewWithTheBatchReadFromTheTensorImports) {
    // x.view(x.size(0), 4, -1) with a dynamic batch: Shape -> Gather ->
    // Unsqueeze -> Concat -> Reshape; then x.size(0) * 4 through Mul.
    OnnxBuilder b;
    const std::string x = b.input("x", {-1, 8, 4, 4});
    b.node("Shape", {x}, {"shape"}, "Shape");
    b.ints("zero", {}, {0});
    b.node("Gather", {"shape", "zero"}, {"n"}, "Gather");
    b.ints("axes", {1}, {0});
    b.node("Unsqueeze", {"n", "axes"}, {"n1"}, "Unsqueeze");
    b.ints("four", {1}, {4});
    b.ints("rest", {1}, {-1});
    auto& c = b.node("Concat", {"n1", "four", "rest"}, {"target"}, "Concat");
    OnnxBuilder::attr(c, "axis", int64_t(0));
    b.node("Reshape", {x, "target"}, {"rows"}, "Reshape");  // [1, 4, 32]
    b.weight("w", {32, 10});
    b.node("MatMul", {"rows", "w"}, {"y"}, "fc");
    b.output("y");
    const Network n = parseOnnxNetwork(b.serialize(), "view.onnx");
    ASSERT_EQ(n.layers.size(), 1u);
    EXPECT_EQ(n.layers[0].n, 4);
    EXPECT_EQ(n.layers[0].c, 32);
    EXPECT_EQ(n.totalMacs(), 4 * 32 * 10);
}
