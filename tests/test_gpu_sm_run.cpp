// `hcmsim run` on the GPU-like SMs (configs/gpu_sm.yaml: 14 SMs x 4
// sub-partitions x 16 lanes at 1.4 GHz, 1 MiB L2, 128 GB/s HBM2;
// configs/jetson_like.yaml: 2 SMs x 4 x 32 lanes, no int4 path, XNOR at a
// quarter rate, LPDDR4). Every cycle count below is worked by hand from the
// model of docs/gpu_sm.md (the per-warp instruction counts are derived in
// tests/test_gpu_sm_model.cpp).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>

#include "sim/config/platform_config.hpp"
#include "support/cli_runner.hpp"

using hcm::test::readFile;
using hcm::test::runHcmsim;
using hcm::test::runSummary;
using hcm::test::sourcePath;
using hcm::test::tempDir;
using hcm::test::writeFile;
using nlohmann::json;

namespace {

// A 1x1 conv = the GEMM m = 32·56 = 1,792 pixels, k = 2,048, n = 256.
std::string gemmNet() {
    const std::string dir = tempDir("gpu_gemm_net");
    writeFile(dir + "/gemm.yaml", "name: gemm\nlayers:\n  - {name: gemm, op: conv, in: [2048, 32, 56], out: 256, kernel: 1}\n");
    return dir + "/gemm.yaml";
}

// m = 56·64 = 3,584 pixels, k = 1,024, n = 64: 56 CTAs of 64x64, 4 an SM.
std::string occupancyNet() {
    const std::string dir = tempDir("gpu_occ_net");
    writeFile(dir + "/occ.yaml", "name: occ\nlayers:\n  - {name: gemm, op: conv, in: [1024, 56, 64], out: 64, kernel: 1}\n");
    return dir + "/occ.yaml";
}

const json& layer0(const json& j) { return j["layers"][0]; }
double engine(const json& j, const char* name) { return layer0(j)["engine"][name].get<double>(); }
int64_t cycles(const json& j) { return layer0(j)["cycles"].get<int64_t>(); }

}  // namespace

TEST(GpuSmRun, PeakThroughputPerPrecisionWithIdealMemory) {
    // Tile 128x128 (2 CTAs an SM, registers): 14 x 2 = 28 CTAs, one round of
    // 2 on every SM. In the main loop the math pipe is the bound: 4 warps a
    // scheduler x 1,024 lane ops x 2 cycles (32 lanes of a warp on 16) =
    // 8,192 cycles an iteration, i.e. 2 x 128·128·BK MACs per 8,192 cycles =
    // lanes x MACs per lane op per SM: the peak. An iteration covers 16
    // words: 16 (32-bit), 32 (16-bit), 64 (8-bit), 128 (4-bit), 512 (1-bit)
    // elements, so 128, 64, 32, 16, 4 iterations; plus the first stage
    // (250) and the epilogue (4 warps x 64 outputs x 2 = 512):
    //   cycles = iterations x 8,192 + 762.
    // Peak = 14 x 64 lanes x {1, 2, 4, 8, 32} MACs = 896 ... 28,672 a cycle.
    const std::string net = gemmNet();
    const double macs = 1792.0 * 2048 * 256;
    struct Case {
        int bits;
        int64_t iterations;
        double peak;
    };
    int64_t int8Cycles = 0, binaryCycles = 0;
    for (const Case& c : {Case{32, 128, 896}, Case{16, 64, 1792}, Case{8, 32, 3584}, Case{4, 16, 7168},
                          Case{1, 4, 28672}}) {
        const std::string b = std::to_string(c.bits);
        const json j = runSummary({"--hw", "gpu_sm", "--net", net, "--ideal-memory", "--wbits", b, "--abits", b},
                               "gpu_peak_" + b);
        EXPECT_EQ(cycles(j), c.iterations * 8192 + 762) << c.bits;
        EXPECT_EQ(layer0(j)["peak_macs_per_cycle"].get<double>(), c.peak) << c.bits;
        EXPECT_EQ(layer0(j)["stall_cycles"].get<int64_t>(), 0) << c.bits;
        // Attained: within 2.5% of the peak (the first stage and the epilogue).
        EXPECT_GT(macs / double(cycles(j)), 0.975 * c.peak) << c.bits;
        EXPECT_EQ(engine(j, "datapath_bits"), c.bits) << c.bits;
        EXPECT_EQ(engine(j, "datapath_widened"), 0) << c.bits;
        EXPECT_EQ(engine(j, "cta_tile_m_pixels"), 128);
        EXPECT_EQ(engine(j, "resident_ctas_per_sm"), 2);
        EXPECT_EQ(engine(j, "occupancy_limiter"), 2);  // registers
        EXPECT_EQ(engine(j, "achieved_occupancy"), 0.5);  // 16 of 32 warps
        if (c.bits == 8) int8Cycles = layer0(j)["compute_cycles"].get<int64_t>();
        if (c.bits == 1) binaryCycles = layer0(j)["compute_cycles"].get<int64_t>();
    }
    // Measured binary vs int8 speed-up = the ratio of the two op classes'
    // throughput in the config's table: MACs a lane op (XNOR + popcount on a
    // 32-bit word: 32; dp4a: 4) x op_rates (lane ops a lane a cycle). Both
    // runs pay the same one-wave fill and drain (first stage + epilogue, 762
    // cycles above), which the datapath does not speed up, so the measured
    // ratio is r - (r - 1) x 762 / binary cycles: at most r, and at least
    // r x (1 - 762 / binary cycles) (gpu_sm.yaml: 7.841 against 8, 2.0% low).
    auto expectedRatio = [](const std::vector<std::string>& sets) {
        const hcm::GpuSmConfig g = hcm::loadPlatformConfig(sourcePath("configs/gpu_sm.yaml"), sets).compute.gpu_sm;
        const auto bin = size_t(hcm::OpClass::Binary), int8 = size_t(hcm::OpClass::Int8x4);
        return g.op_rate[bin] * double(hcm::kOpClassMacs[bin]) / (g.op_rate[int8] * double(hcm::kOpClassMacs[int8]));
    };
    auto expectSpeedup = [](int64_t int8, int64_t binary, double r) {
        const double fillDrain = 762, measured = double(int8) / double(binary);
        EXPECT_LE(measured, r);
        EXPECT_GE(measured, r * (1.0 - fillDrain / double(binary)));
    };
    const double r = expectedRatio({});
    EXPECT_EQ(r, 8.0);  // gpu_sm.yaml: all rates 1
    expectSpeedup(int8Cycles, binaryCycles, r);
    // Halving the XNOR rate in the config halves the speed-up (r = 4): 8
    // iterations of 16,384 cycles, 66,298 in all, the int8 run unchanged.
    const std::string half = "compute.op_rates.binary=0.5";
    const json j = runSummary({"--hw", "gpu_sm", "--net", net, "--ideal-memory", "--wbits", "1", "--abits", "1", "--set", half},
                           "gpu_peak_1_half_rate");
    EXPECT_EQ(layer0(j)["stall_cycles"].get<int64_t>(), 0);
    EXPECT_EQ(expectedRatio({half}), 4.0);
    expectSpeedup(int8Cycles, layer0(j)["compute_cycles"].get<int64_t>(), expectedRatio({half}));
}

TEST(GpuSmRun, WidthsWithoutANativePathRunOnTheNextWiderOne) {
    const std::string net = gemmNet();
    // w2a2 on gpu_sm: the int4 path (16 iterations of 128 elements), the
    // operands stored at 2 bits and unpacked: 2 x 16 x (8 + 8) = 512 more
    // int ops a warp and iteration, I = 1,578, 4 warps a scheduler: 6,312
    // issue cycles, still under the 8,192 of the math pipe: 16 x 8,192 + 762.
    json j = runSummary({"--hw", "gpu_sm", "--net", net, "--ideal-memory", "--wbits", "2", "--abits", "2"}, "gpu_w2a2");
    EXPECT_EQ(cycles(j), 16 * 8192 + 762);
    EXPECT_EQ(engine(j, "datapath_bits"), 4);
    EXPECT_EQ(engine(j, "datapath_widened"), 1);
    EXPECT_EQ(layer0(j)["peak_macs_per_cycle"].get<double>(), 7168);
    // The Jetson-like GPU has no int4 path: w4a4 runs on dp4a (peak 2 SMs x
    // 128 lanes x 4 = 1,024) and unpacks its 4-bit operands. 32 lanes a
    // sub-partition make a warp op one cycle, so issue is the bound:
    // I = 1,024 + 32 + 2 + 512 + 8 = 1,578, x 4 warps = 6,312 an iteration;
    // 28 CTAs on 2 SMs = 7 rounds of 2: 300 + 7 x (32 x 6,312 + 512) = 1,417,772.
    j = runSummary({"--hw", "jetson_like", "--net", net, "--ideal-memory", "--wbits", "4", "--abits", "4"}, "jetson_w4a4");
    EXPECT_EQ(engine(j, "datapath_bits"), 8);
    EXPECT_EQ(engine(j, "datapath_widened"), 1);
    EXPECT_EQ(layer0(j)["peak_macs_per_cycle"].get<double>(), 1024);
    EXPECT_EQ(cycles(j), 1417772);
    // `hcmsim estimate` names the datapath and uses the same roof.
    const json est = json::parse(
        runHcmsim({"estimate", "--hw", "jetson_like", "--net", net, "--wbits", "4", "--abits", "4", "--format", "json"})
            .out);
    EXPECT_EQ(est["layers"][0]["datapath"].get<std::string>(), "int8 4-way dp4a (w4a4 widened to 8 bits)");
    EXPECT_EQ(est["layers"][0]["peak_macs_per_cycle"].get<double>(), 1024);
    // Binary on the Jetson-like GPU: XNOR at a quarter rate, 8 MACs a lane a
    // cycle: twice dp4a, not eight times.
    j = runSummary({"--hw", "jetson_like", "--net", net, "--ideal-memory", "--wbits", "1", "--abits", "1"}, "jetson_bin");
    EXPECT_EQ(layer0(j)["peak_macs_per_cycle"].get<double>(), 2048);
    EXPECT_EQ(engine(j, "datapath_widened"), 0);
}

TEST(GpuSmRun, OccupancyLimitsChangeLatencyHiding) {
    // 64x64 tiles forced, global latency L = 2,000 cycles (worked in
    // test_gpu_sm_model.cpp, GpuSmTiming.OccupancyHidesLatency):
    //   4 CTAs an SM (shared memory limits: 4 x 16 KiB): 67,792 cycles;
    //   1 (registers: 9,216 an SM = one CTA of 128 threads x 72): 126,352;
    //   1 (shared memory: 16 KiB = one CTA): 126,352;
    //   2 (registers: 18,432): still hidden, 67,792.
    const std::string net = occupancyNet();
    struct Case {
        const char* regs;
        const char* smem;
        int64_t cycles;
        double resident, limiter, occupancy;
    };
    for (const Case& c : {Case{"65536", "64", 67792, 4, 3, 0.5}, Case{"9216", "64", 126352, 1, 2, 0.125},
                          Case{"65536", "16", 126352, 1, 3, 0.125}, Case{"18432", "64", 67792, 2, 2, 0.25}}) {
        const json j = runSummary({"--hw", "gpu_sm", "--net", net, "--ideal-memory", "--set", "compute.cta_tile=64x64",
                                "--set", "compute.global_latency_cycles=2000", "--set",
                                std::string("compute.registers_per_sm=") + c.regs, "--set",
                                std::string("compute.shared_mem_kib=") + c.smem},
                               std::string("gpu_occ_") + c.regs + "_" + c.smem);
        EXPECT_EQ(cycles(j), c.cycles) << c.regs << " " << c.smem;
        EXPECT_EQ(engine(j, "resident_ctas_per_sm"), c.resident) << c.regs << " " << c.smem;
        EXPECT_EQ(engine(j, "occupancy_limiter"), c.limiter) << c.regs << " " << c.smem;
        EXPECT_EQ(engine(j, "theoretical_occupancy"), c.occupancy) << c.regs << " " << c.smem;
        EXPECT_EQ(engine(j, "registers_per_thread"), 72);
        EXPECT_EQ(engine(j, "ctas"), 56);
    }
}

TEST(GpuSmRun, SharedMemoryLayoutsAndBankConflicts) {
    // The same 64x64 layer at the default latency (250), 56 CTAs x 16
    // iterations, 4 CTAs an SM. A CTA iteration takes 832 wavefronts
    // swizzled, 1,824 naive (992 conflicts), 1,376 padded (544 conflicts;
    // the padding makes a CTA 16,640 bytes: only 3 fit).
    //   swizzled: the pipe (4,096) bounds: 250 + 16 x 4,096 + 256 = 66,042
    //   naive:    4 x 1,824 = 7,296 a cycle of shared memory: 250 + 16 x 7,296 + 256 = 117,242
    //   padded:   a round of 3 (3 x 1,376 = 4,128: 16 x 4,128 + 192) and one
    //             of 1 (1,376: 16 x 1,376 + 64): 250 + 66,240 + 22,080 = 88,570
    const std::string net = occupancyNet();
    struct Case {
        const char* layout;
        int64_t cycles;
        double conflicts;
    };
    for (const Case& c : {Case{"swizzled", 66042, 0}, Case{"naive", 117242, 56.0 * 16 * 992},
                          Case{"padded", 88570, 56.0 * 16 * 544}}) {
        const json j = runSummary({"--hw", "gpu_sm", "--net", net, "--ideal-memory", "--set", "compute.cta_tile=64x64",
                                "--set", std::string("compute.smem_layout=") + c.layout},
                               std::string("gpu_smem_") + c.layout);
        EXPECT_EQ(cycles(j), c.cycles) << c.layout;
        EXPECT_EQ(engine(j, "smem_bank_conflicts"), c.conflicts) << c.layout;
    }
}

TEST(GpuSmRun, DepthwiseLayerIsMemoryBoundAtTheDramBandwidth) {
    // 32 channels of 256x256, 3x3 depthwise at 8 bits: 18.9 M MACs but 2 MiB
    // in and 2 MiB out, intensity ~4.5 MACs a byte against the GPU's 3,584
    // MACs per 91 bytes a cycle. Each group runs on the direct depthwise
    // kernel (256 outputs a CTA); the groups share the SMs as one kernel.
    const std::string dir = tempDir("gpu_dw");
    writeFile(dir + "/dw.yaml",
              "name: dw\nlayers:\n"
              "  - {name: dw, op: conv, in: [32, 256, 256], out: 32, kernel: 3, pad: 1, groups: 32}\n");
    const json j = runSummary({"--hw", "gpu_sm", "--net", dir + "/dw.yaml"}, "gpu_dw_run");
    const json& l = layer0(j);
    // The DRAM model's own bandwidth on a pure read stream of 64-byte lines.
    std::ofstream trace(dir + "/stream.trace");
    for (int i = 0; i < 100000; ++i) trace << "LD 0x" << std::hex << i * 64 << "\n";
    trace.close();
    const auto d = runHcmsim({"dram", "--trace", dir + "/stream.trace", "--hw", "gpu_sm"});
    ASSERT_EQ(d.exitCode, 0) << d.err;
    const double stream = json::parse(d.out)["bandwidth_gbytes_per_s"].get<double>();
    EXPECT_GT(stream, 0.85 * 128);  // HBM2 x 8 pseudo-channels: 128 GB/s peak
    // Attained: between 70% and 100% of that stream (reads and write-backs
    // interleave, which a pure stream does not), far from the compute peak.
    const double attained = l["dram_bandwidth_gbytes_per_s"].get<double>();
    EXPECT_GT(attained, 0.70 * stream);
    EXPECT_LE(attained, stream);
    EXPECT_LT(l["utilization"].get<double>(), 0.15);
    EXPECT_EQ(engine(j, "cta_tile_m_pixels"), 256);
    EXPECT_EQ(engine(j, "cta_tile_n_filters"), 1);
    // Memory sets the time: twice the SMs change it by less than 3%, half
    // the DRAM channels make it at least 1.7x longer.
    const json moreSms = runSummary({"--hw", "gpu_sm", "--net", dir + "/dw.yaml", "--set", "compute.sms=28"}, "gpu_dw_28");
    const json halfDram = runSummary({"--hw", "gpu_sm", "--net", dir + "/dw.yaml", "--set", "dram.channels=4"}, "gpu_dw_4");
    EXPECT_NEAR(double(cycles(moreSms)) / double(cycles(j)), 1.0, 0.03);
    EXPECT_GT(double(cycles(halfDram)) / double(cycles(j)), 1.7);
}

TEST(GpuSmRun, ResNet18AndXnorAlexNetWithCounters) {
    for (const std::string hw : {"gpu_sm", "jetson_like"}) {
        for (const std::string net : {"resnet18", "xnor_alexnet"}) {
            const std::string dir = tempDir("gpu_" + hw + "_" + net);
            const auto r = runHcmsim({"run", "--hw", hw, "--net", net, "--out", dir, "--quiet"});
            ASSERT_EQ(r.exitCode, 0) << r.err;
            const json j = json::parse(readFile(dir + "/summary.json"));
            EXPECT_TRUE(j["complete"].get<bool>());
            EXPECT_GT(j["platform"]["area_mm2"].get<double>(), 0);
            EXPECT_GT(j["platform"]["peak_power_w"].get<double>(), 0);
            const std::string csv = readFile(dir + "/layers.csv");
            const std::string header = hcm::test::csvHeader(csv);
            for (const char* col :
                 {"issue_slot_utilization", "achieved_occupancy", "theoretical_occupancy", "l1_hit_rate", "l2_hit_rate",
                  "sectors_per_request", "l2_sectors_per_request", "smem_bank_conflicts", "datapath_bits",
                  "datapath_widened", "cta_tile_m_pixels", "bits_per_bop", "engine_energy_pj"})
                EXPECT_NE(header.find(col), std::string::npos) << hw << " " << net << " " << col;
            const json est = json::parse(runHcmsim({"estimate", "--hw", hw, "--net", net, "--format", "json"}).out);
            for (size_t i = 0; i < j["layers"].size(); ++i) {
                const json& l = j["layers"][i];
                if (l["macs"].get<int64_t>() == 0) continue;
                const std::string what = hw + " " + net + " " + l["name"].get<std::string>();
                EXPECT_DOUBLE_EQ(l["peak_macs_per_cycle"].get<double>(),
                                 est["layers"][i]["peak_macs_per_cycle"].get<double>())
                    << what;
                EXPECT_GE(l["cycles"].get<int64_t>(), l["engine_ideal_cycles"].get<int64_t>()) << what;
                const json& e = l["engine"];
                EXPECT_GT(e["issue_slot_utilization"].get<double>(), 0) << what;
                EXPECT_LE(e["issue_slot_utilization"].get<double>(), 1) << what;
                EXPECT_GT(e["achieved_occupancy"].get<double>(), 0) << what;
                EXPECT_LE(e["achieved_occupancy"].get<double>(), e["theoretical_occupancy"].get<double>() + 1e-6)
                    << what;
                EXPECT_GE(e["sectors_per_request"].get<double>(), 1) << what;
                EXPECT_GE(e["l2_hit_rate"].get<double>(), 0) << what;
                EXPECT_LE(e["l2_hit_rate"].get<double>(), 1) << what;
                // XNOR-Net: binary layers on the XNOR path, first and last at 8 bits on dp4a.
                if (net == "xnor_alexnet") {
                    EXPECT_EQ(e["datapath_bits"].get<double>(), l["wbits"].get<int>() == 1 ? 1.0 : 8.0) << what;
                }
            }
        }
    }
}

TEST(GpuSmRun, BadGpuKeysAreInputErrors) {
    auto r = runHcmsim({"run", "--hw", "gpu_sm", "--set", "compute.cta_tile=100x100", "--out", tempDir("gpu_bad1")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("compute.cta_tile: '100x100' is not one of: auto, 128x128"), std::string::npos) << r.err;
    r = runHcmsim({"run", "--hw", "gpu_sm", "--set", "compute.native_paths=[32,2]", "--out", tempDir("gpu_bad2")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("compute.native_paths"), std::string::npos) << r.err;
    r = runHcmsim({"run", "--hw", "gpu_sm", "--set", "compute.op_rates.int3=1", "--out", tempDir("gpu_bad3")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("compute.op_rates.int3"), std::string::npos) << r.err;
}
