// How long importing an ONNX model takes when the file is mostly weights:
// a VGG-16 with its 138 M float parameters inline (553 MB, as torch.onnx
// writes it) is generated into a temporary directory and imported. The
// importer reads the graph and skips the weights, so the time follows the
// graph, not the file size. ViT-B/16 (1,300 nodes, graph-only) shows the
// graph-proportional part.
//
//   bench_onnx_import                         # Google Benchmark
//   bench_onnx_import --write-vgg16 FILE      # only write the model (bench/run_benchmarks.sh
//                                             # times `hcmsim estimate` on it)
#include <benchmark/benchmark.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <unistd.h>

#include "workloads/onnx/onnx_import.hpp"

namespace {

namespace fs = std::filesystem;

// torchvision's vgg16 at 224 x 224: 13 convolutions (3x3, pad 1) with ReLU,
// 5 max pools, then 25088 -> 4096 -> 4096 -> 1000, weights as raw float data.
onnx::ModelProto vgg16() {
    onnx::ModelProto m;
    m.set_ir_version(8);
    m.set_producer_name("bench_onnx_import");
    m.add_opset_import()->set_version(13);
    auto* g = m.mutable_graph();
    g->set_name("vgg16");
    auto tensorInput = [](onnx::ValueInfoProto* v, const std::string& name, std::initializer_list<int64_t> dims) {
        v->set_name(name);
        auto* t = v->mutable_type()->mutable_tensor_type();
        t->set_elem_type(onnx::TensorProto::FLOAT);
        for (int64_t d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
    };
    tensorInput(g->add_input(), "input", {1, 3, 224, 224});
    auto weight = [&](const std::string& name, std::initializer_list<int64_t> dims) {
        auto* t = g->add_initializer();
        t->set_name(name);
        t->set_data_type(onnx::TensorProto::FLOAT);
        int64_t n = 1;
        for (int64_t d : dims) t->add_dims(d), n *= d;
        t->mutable_raw_data()->assign(size_t(n) * sizeof(float), '\0');
        return name;
    };
    auto node = [&](const std::string& op, std::initializer_list<std::string> in, const std::string& name) {
        auto* n = g->add_node();
        n->set_op_type(op);
        n->set_name(name);
        for (const auto& i : in) n->add_input(i);
        n->add_output(name + "_output_0");
        return n;
    };
    auto ints = [](onnx::NodeProto* n, const std::string& name, std::initializer_list<int64_t> v) {
        auto* a = n->add_attribute();
        a->set_name(name);
        a->set_type(onnx::AttributeProto::INTS);
        for (int64_t x : v) a->add_ints(x);
    };
    std::string x = "input";
    int64_t c = 3;
    int f = 0;  // torchvision's index in `features`: conv, ReLU, ..., pool
    for (int64_t k : {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0}) {
        const std::string s = "features." + std::to_string(f);
        if (k == 0) {
            auto* p = node("MaxPool", {x}, "/features/" + s + "/MaxPool");
            ints(p, "kernel_shape", {2, 2}), ints(p, "strides", {2, 2});
            x = p->output(0);
            f += 1;
            continue;
        }
        auto* conv = node("Conv", {x, weight(s + ".weight", {k, c, 3, 3}), weight(s + ".bias", {k})},
                          "/features/" + s + "/Conv");
        ints(conv, "kernel_shape", {3, 3}), ints(conv, "pads", {1, 1, 1, 1});
        x = node("Relu", {conv->output(0)}, "/features/features." + std::to_string(f + 1) + "/Relu")->output(0);
        c = k;
        f += 2;
    }
    x = node("Flatten", {x}, "/Flatten")->output(0);
    int64_t in = 512 * 7 * 7;
    int j = 0;
    for (int64_t out : {4096, 4096, 1000}) {
        const std::string s = "classifier." + std::to_string(j);
        auto* fc = node("Gemm", {x, weight(s + ".weight", {out, in}), weight(s + ".bias", {out})},
                        "/classifier/classifier." + std::to_string(j) + "/Gemm");
        auto* tb = fc->add_attribute();
        tb->set_name("transB"), tb->set_type(onnx::AttributeProto::INT), tb->set_i(1);
        x = fc->output(0);
        if (out != 1000) x = node("Relu", {x}, "/classifier/classifier." + std::to_string(j + 1) + "/Relu")->output(0);
        j += 3;
        in = out;
    }
    auto* o = g->add_output();
    o->set_name(x);
    o->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    return m;
}

void writeVgg16(const std::string& path) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    if (!f || !vgg16().SerializeToOstream(&f)) throw std::runtime_error("cannot write " + path);
}

struct GeneratedModel {
    GeneratedModel() {
        dir = fs::temp_directory_path() / ("hcmsim_bench_onnx_" + std::to_string(::getpid()));
        fs::create_directories(dir);
        path = (dir / "vgg16.onnx").string();
        writeVgg16(path);
    }
    ~GeneratedModel() {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
    fs::path dir;
    std::string path;
};

const GeneratedModel& model() {
    static const GeneratedModel m;
    return m;
}

void BM_ImportVgg16With553MBOfWeights(benchmark::State& state) {
    const std::string& path = model().path;
    int64_t macs = 0;
    for (auto _ : state) macs = hcm::loadOnnxNetwork(path).totalMacs();
    state.counters["file_MB"] = double(fs::file_size(path)) / 1e6;
    state.counters["GMACs"] = double(macs) / 1e9;
}
BENCHMARK(BM_ImportVgg16With553MBOfWeights)->Unit(benchmark::kMillisecond);

void BM_ImportVitB16GraphOnly(benchmark::State& state) {
    const std::string path = std::string(HCMSIM_SOURCE_DIR) + "/tests/data/onnx/vit_b_16.onnx";
    size_t layers = 0;
    for (auto _ : state) layers = hcm::loadOnnxNetwork(path).layers.size();
    state.counters["layers"] = double(layers);
}
BENCHMARK(BM_ImportVitB16GraphOnly)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::strcmp(argv[1], "--write-vgg16") == 0) {
        writeVgg16(argv[2]);
        return 0;
    }
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
