// `hcmsim run` on the RRAM (ISAAC) engine end to end: MVM latency and ADC
// conversions of a hand-worked layer as measured through the TLM platform,
// their scaling with the converters, binary layers, resident weights (no
// weight traffic) against the PE arrays, and reprogramming when a network
// does not fit — its writes as DRAM -> crossbar traffic and counters.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using hcm::test::writeFile;
using nlohmann::json;

namespace {

// A run on the ISAAC config.
json run(const std::vector<std::string>& extra, const std::string& name) {
    std::vector<std::string> args = {"--hw", sourcePath("configs/isaac.yaml")};
    args.insert(args.end(), extra.begin(), extra.end());
    return hcm::test::runSummary(args, name);
}

// 3x3 conv 64 -> 64 on an 8x8 input (pad 1): 64 output pixels, k = 576, at
// 16-bit weights and inputs: 20 crossbars of ISAAC (test_rram_model.cpp).
std::string convNet(const std::string& dir, const std::string& precision = "{wbits: 16, abits: 16}") {
    writeFile(dir + "/conv.yaml", "name: conv\nprecision: " + precision +
                                      "\nlayers:\n  - {name: c, op: conv, in: [64, 8, 8], out: 64, kernel: 3, pad: 1}\n");
    return dir + "/conv.yaml";
}

double counter(const json& layer, const char* name) { return layer["engine"][name].get<double>(); }

}  // namespace

TEST(RramRun, MvmLatencyIsInputStepsTimesTheRead) {
    const std::string net = convNet(tempDir("rram_conv_net"));
    // One copy: 64 pixels one after another, each 16 reads of 100 ns:
    // 64 x 1600 ns = 102.4 us = 122,880 cycles at 1.2 GHz.
    const json one = run({"--net", net, "--ideal-memory", "--set", "compute.replication=none"}, "rram_conv_one");
    const json& l = one["layers"][0];
    EXPECT_EQ(l["compute_cycles"].get<int64_t>(), 122880);
    EXPECT_EQ(counter(l, "mvm_latency_ns"), 1600);
    EXPECT_EQ(counter(l, "rram_crossbars"), 20);
    EXPECT_EQ(counter(l, "rram_copies"), 1);
    EXPECT_EQ(counter(l, "rram_mvms"), 64);
    // Conversions per MVM 16 x 5 x 512 = 40,960; crossbar reads 64 x 16 x 20.
    EXPECT_EQ(counter(l, "adc_conversions_per_mvm"), 40960);
    EXPECT_EQ(counter(l, "adc_conversions"), 64 * 40960);
    EXPECT_EQ(counter(l, "crossbar_reads"), 64 * 16 * 20);
    const double adc = 64 * 40960 * 16.0 / 8 / 1.2;
    EXPECT_NEAR(counter(l, "adc_energy_pj"), adc, 1e-9 * adc);  // outputs carry 10 significant digits
    // Resident weights: programmed before the inference, none loaded by the
    // layer: 576·64 weights x 8 cells, 73,728 bytes, 128 rows x 500 ns.
    EXPECT_EQ(l["dma_bytes"]["weight_read"].get<int64_t>(), 0);
    EXPECT_EQ(counter(l, "preload_cell_writes"), 576 * 64 * 8);
    EXPECT_EQ(counter(l, "preload_weight_bytes"), 73728);
    EXPECT_EQ(counter(l, "preload_time_ns"), 128 * 500);
    EXPECT_EQ(counter(l, "program_cell_writes"), 0);
    EXPECT_EQ(counter(l, "max_cell_writes"), 1);
    // The preload is not per-inference wear: no cell is rewritten per
    // inference, so the chip never wears out (null: unbounded).
    EXPECT_EQ(counter(l, "max_cell_writes_per_inference"), 0);
    const json& wear = one["totals"]["rram"];
    EXPECT_EQ(wear["max_cell_writes"].get<int64_t>(), 1);
    EXPECT_EQ(wear["max_cell_writes_per_inference"].get<int64_t>(), 0);
    ASSERT_TRUE(wear.contains("inferences_to_wearout"));
    EXPECT_TRUE(wear["inferences_to_wearout"].is_null());

    // Spare crossbars: 64 copies run all pixels at once, 16 x 100 ns = 1,920 cycles.
    const json all = run({"--net", net, "--ideal-memory"}, "rram_conv_all");
    EXPECT_EQ(counter(all["layers"][0], "rram_copies"), 64);
    EXPECT_EQ(all["layers"][0]["compute_cycles"].get<int64_t>(), 1920);
    EXPECT_EQ(counter(all["layers"][0], "adc_conversions"), 64 * 40960);
}

TEST(RramRun, ConversionsAndCyclesFollowTheConverters) {
    const std::string net = convNet(tempDir("rram_scale_net"));
    auto layer = [&](const std::string& set, const std::string& name) {
        return run({"--net", net, "--ideal-memory", "--set", "compute.replication=none", "--set", set}, name)["layers"][0];
    };
    // 4 ADCs per IMA: 200 ns reads, same conversions.
    json l = layer("compute.adcs_per_ima=4", "rram_adc4");
    EXPECT_EQ(l["compute_cycles"].get<int64_t>(), 2 * 122880);
    EXPECT_EQ(counter(l, "adc_conversions"), 64 * 40960);
    // 2-bit DACs: 8 reads per input, half the cycles and conversions.
    l = layer("compute.dac_bits=2", "rram_dac2");
    EXPECT_EQ(l["compute_cycles"].get<int64_t>(), 122880 / 2);
    EXPECT_EQ(counter(l, "adc_conversions"), 64 * 40960 / 2);
    EXPECT_EQ(counter(l, "adc_bits_needed"), 10);
    // 4-bit cells: 10 crossbars, half the conversions, the same reads per input.
    l = layer("compute.cell_bits=4", "rram_cell4");
    EXPECT_EQ(counter(l, "rram_crossbars"), 10);
    EXPECT_EQ(counter(l, "adc_conversions"), 64 * 40960 / 2);
    EXPECT_EQ(l["compute_cycles"].get<int64_t>(), 122880);
}

TEST(RramRun, BinaryLayerUsesOneBitCellsAndASmallerAdc) {
    const std::string dir = tempDir("rram_binary_net");
    writeFile(dir + "/bin.yaml",
              "name: bin\nprecision: {wbits: 8, abits: 8}\nlayers:\n"
              "  - {name: w8, op: conv, in: [64, 8, 8], out: 64, kernel: 3, pad: 1}\n"
              "  - {name: w1, op: conv, in: [64, 8, 8], out: 64, kernel: 3, pad: 1, wbits: 1, abits: 1}\n");
    const json j = run({"--net", dir + "/bin.yaml", "--ideal-memory", "--set", "compute.replication=none"}, "rram_binary");
    const json& w8 = j["layers"][0];
    const json& w1 = j["layers"][1];
    EXPECT_EQ(counter(w8, "adc_bits_needed"), 8);
    EXPECT_EQ(counter(w1, "adc_bits_needed"), 7);
    // Binary: 5 crossbars, one read per input: 64 pixels x 100 ns = 7,680 cycles.
    EXPECT_EQ(counter(w1, "rram_crossbars"), 5);
    EXPECT_EQ(w1["compute_cycles"].get<int64_t>(), 64 * 120);
    EXPECT_EQ(counter(w1, "adc_conversions"), 64 * 5 * 64);
    // A 7-bit conversion costs half an 8-bit one: 0.833 vs 1.667 pJ.
    EXPECT_NEAR(counter(w1, "adc_energy_pj") / counter(w1, "adc_conversions"), 16.0 / 8 / 1.2 / 2, 1e-9);
    EXPECT_NEAR(counter(w8, "adc_energy_pj") / counter(w8, "adc_conversions"), 16.0 / 8 / 1.2, 1e-9);
}

TEST(RramRun, ReprogrammingWhenTheNetworkDoesNotFit) {
    // One tile (96 crossbars): the conv (20 crossbars) and an fc 1024 -> 256
    // (128 crossbars) at 16 bits do not fit together, so both are written
    // into the crossbars when they run, through DRAM -> DMA -> weight buffer.
    // The fc reads a network input of its own (from: "@input"), not the conv.
    const std::string dir = tempDir("rram_reprogram_net");
    writeFile(dir + "/two.yaml",
              "name: two\nprecision: {wbits: 16, abits: 16}\nlayers:\n"
              "  - {name: c, op: conv, in: [64, 8, 8], out: 64, kernel: 3, pad: 1}\n"
              "  - {name: f, op: fc, from: \"@input\", in: 1024, out: 256}\n");
    const json j = run({"--net", dir + "/two.yaml", "--set", "compute.tiles=1"}, "rram_reprogram");
    const json& c = j["layers"][0];
    const json& f = j["layers"][1];
    // The conv: 576·64 weights = 73,728 bytes cross DRAM once and are written
    // into 4 copies (96 / 20): 36,864 x 8 cells x 4.
    EXPECT_EQ(c["dma_bytes"]["weight_read"].get<int64_t>(), 73728);
    EXPECT_EQ(counter(c, "program_weight_bytes"), 73728);
    EXPECT_EQ(counter(c, "rram_copies"), 4);
    EXPECT_EQ(counter(c, "program_cell_writes"), 36864 * 8 * 4);
    EXPECT_DOUBLE_EQ(counter(c, "program_energy_pj"), 36864 * 8 * 4 * 10.0);
    EXPECT_EQ(counter(c, "preload_cell_writes"), 0);
    // The fc: 262,144 weights = 524,288 bytes, 8 cells each, in two blocks
    // of 12 and 4 column folds (96 / 8 row folds).
    EXPECT_EQ(f["dma_bytes"]["weight_read"].get<int64_t>(), 524288);
    EXPECT_EQ(counter(f, "program_cell_writes"), 262144 * 8);
    EXPECT_GT(counter(f, "program_stall_ns"), 0);
    // Wear levelling: conv blocks fill crossbars 0-79 (once), the fc's first
    // block 80-95 and 0-79 (0-79 twice), its second 80-95 and 0-15: crossbars
    // 0-15 have been written 3 times.
    EXPECT_EQ(counter(c, "max_cell_writes"), 1);
    EXPECT_EQ(counter(f, "max_cell_writes"), 2);
    // No preload: all of it is wear per inference.
    EXPECT_EQ(counter(c, "max_cell_writes_per_inference"), 1);
    EXPECT_EQ(counter(f, "max_cell_writes_per_inference"), 2);
    // Endurance: crossbars 0-15 take 1 + 2 = 3 writes per inference, so with
    // isaac.yaml's endurance_writes 1e6 they wear out after floor(1e6 / 3) =
    // 333,333 whole inferences (the 333,334th would take them to 1,000,002).
    const json& wear = j["totals"]["rram"];
    const double endurance = wear["endurance_writes"].get<double>();
    EXPECT_EQ(endurance, 1e6);
    const double perInference = counter(c, "max_cell_writes_per_inference") + counter(f, "max_cell_writes_per_inference");
    EXPECT_EQ(wear["max_cell_writes"].get<int64_t>(), 3);
    EXPECT_EQ(wear["max_cell_writes_per_inference"].get<int64_t>(), 3);
    EXPECT_EQ(wear["inferences_to_wearout"].get<int64_t>(), int64_t(std::floor(endurance / perInference)));
    EXPECT_EQ(wear["inferences_to_wearout"].get<int64_t>(), 333333);
    // The HCM estimate knows the weights move once: inputs + weights + outputs.
    const int64_t fcBits = 1024 * 16 + 262144 * 16 + 256 * 16;
    EXPECT_EQ(f["estimate"]["traffic_bits"].get<int64_t>(), fcBits);
    EXPECT_LT(std::abs(f["error_pct"]["traffic_bits"].get<double>()), 2.0);
}

TEST(RramRun, Vgg16DoesNotFitAndIsReprogrammed) {
    // VGG-16 at 8 bits needs more crossbars than ISAAC's 16,128 (fc6 alone:
    // 196 x 128 = 25,088), so every layer is written per inference; fc8's
    // 4,096,000 weights cross DRAM as its weight traffic.
    const json j = run({"--net", "vgg16", "--layers", "classifier.6"}, "rram_vgg16_fc8");
    const json& l = j["layers"][0];
    EXPECT_EQ(l["dma_bytes"]["weight_read"].get<int64_t>(), 4096000);
    EXPECT_EQ(counter(l, "program_weight_bytes"), 4096000);
    EXPECT_EQ(counter(l, "program_cell_writes"), 4096000.0 * 4);
    EXPECT_GT(counter(l, "program_energy_pj"), 0);
    const auto est = runHcmsim({"estimate", "--hw", sourcePath("configs/isaac.yaml"), "--net", "vgg16", "--format", "json"});
    ASSERT_EQ(est.exitCode, 0) << est.err;
    const json estimate = json::parse(est.out);  // kept: looping over a temporary's member would dangle
    for (const auto& e : estimate["layers"])
        if (e["op"] == "conv" || e["op"] == "fc") {
            EXPECT_EQ(e["reuse_order"], "weights_reprogrammed") << e["name"];
        }
}

// VGG-16's features.5 is written in chunks of weights that split a crossbar:
// that crossbar writes one chunk after the other, and the first compute waits
// for both. The engine-aware tier chains the two writes as the engine does
// (it charged one crossbar write: 27% short at 4 bits).
TEST(RramRun, ChunksSharingACrossbarWriteOneAfterTheOther) {
    for (const char* bits : {"4", "8"}) {
        const json j = run({"--net", "vgg16", "--layers", "features.5", "--wbits", bits, "--abits", bits, "--set",
                            "dram.refresh=false", "--compare-estimate"},
                           std::string("rram_vgg16_f5_") + bits);
        const json& l = j["estimate_tiers"]["layers"][0];
        EXPECT_NEAR(l["engine_aware"]["cycles"].get<double>() / l["measured_cycles"].get<double>(), 1.0, 0.01)
            << bits << " bits";
    }
}

TEST(RramRun, Resnet18WeightsStayAndTheEstimateKnowsIt) {
    const json r = run({"--net", "resnet18"}, "rram_resnet18");
    ASSERT_EQ(r["layers"].size(), 31u);
    EXPECT_TRUE(r["complete"].get<bool>());
    EXPECT_NEAR(r["platform"]["cost"][0]["area_mm2"].get<double>(), 62.545, 0.01);
    EXPECT_NEAR(r["platform"]["cost"][0]["peak_power_w"].get<double>(), 55.408, 0.01);
    const std::string dir = tempDir("rram_resnet18_pe");
    ASSERT_EQ(runHcmsim({"run", "--hw", "default", "--net", "resnet18", "--out", dir, "--quiet"}).exitCode, 0);
    const json pe = json::parse(readFile(dir + "/summary.json"));
    double rramBits = 0, peBits = 0, bops = 0;
    for (size_t i = 0; i < r["layers"].size(); ++i) {
        const json& l = r["layers"][i];
        if (l["op"] != "conv" && l["op"] != "fc") continue;
        // No weight crosses DRAM; the estimate counts inputs and outputs only.
        EXPECT_EQ(l["dma_bytes"]["weight_read"].get<int64_t>(), 0) << l["name"];
        EXPECT_EQ(l["estimate"]["traffic_bits"].get<int64_t>(),
                  l["input_bits"].get<int64_t>() + l["output_bits"].get<int64_t>())
            << l["name"];
        // The PE array's estimate moves the weights at least once.
        EXPECT_GE(pe["layers"][i]["estimate"]["traffic_bits"].get<int64_t>(),
                  l["estimate"]["traffic_bits"].get<int64_t>() + l["weight_bits"].get<int64_t>())
            << l["name"];
        rramBits += l["traffic_bits"].get<double>();
        peBits += pe["layers"][i]["traffic_bits"].get<double>();
        bops += l["bops"].get<double>();
    }
    // The PE array moves the 11.2 M weights (8 bits) at least once; the crossbars do not.
    EXPECT_LT(rramBits / bops, peBits / bops);
    EXPECT_GT(peBits - rramBits, 0.5 * 11.2e6 * 8);
}

// Attention's q·kᵀ as an fc whose second operand is computed in the
// inference (runtime_weights): the conv's weights stay resident (preloaded,
// none loaded by the layer), the runtime operand is written into the
// crossbars when its layer runs, its bytes crossing DRAM and its cells
// counted as inference-time programming.
TEST(RramRun, RuntimeOperandIsProgrammedWhenItRuns) {
    const std::string dir = tempDir("rram_runtime_net");
    writeFile(dir + "/net.yaml",
              "name: attn\nprecision: {wbits: 16, abits: 16}\nlayers:\n"
              "  - {name: c, op: conv, in: [64, 8, 8], out: 64, kernel: 3, pad: 1}\n"
              "  - {name: qk, op: fc, in: 64, out: 64, m: 64, runtime_weights: true}\n");
    const json s = run({"--net", dir + "/net.yaml"}, "rram_runtime");
    const json& conv = s["layers"][0];
    const json& qk = s["layers"][1];
    EXPECT_GT(counter(conv, "preload_cell_writes"), 0);
    EXPECT_EQ(counter(conv, "program_cell_writes"), 0);
    EXPECT_EQ(counter(qk, "preload_cell_writes"), 0);
    // 64 x 64 operands at 16 bits over 2-bit cells: 8 cells each, in every
    // copy (balanced replication writes the operand once per copy so that
    // its 64 rows run in parallel, as for any reprogrammed layer).
    const double copies = counter(qk, "rram_copies");
    EXPECT_GT(copies, 1);
    EXPECT_EQ(counter(qk, "program_cell_writes"), 64 * 64 * 8 * copies);
    EXPECT_EQ(counter(qk, "program_weight_bytes"), 64 * 64 * 2);
    EXPECT_EQ(qk["dma_bytes"]["weight_read"].get<int64_t>(), 64 * 64 * 2);
}
