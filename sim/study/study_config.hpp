#pragma once
// A study YAML: a base platform and network, parameter axes whose cartesian
// product are the design points, and the result fields to collect.
//
//   name: array_size
//   hw: default                  # base hardware config (file or starter name)
//   net: resnet18                # base network
//   mode: run                    # run (simulate each point) | estimate (HCM only)
//   set: ["energy.mac_pj=0.2"]   # overrides applied to every point
//   axes:                        # in order; the last one varies fastest
//     compute.rows: [8, 16, 32]  # any hardware key (applied with --set)
//     net: [resnet18, resnet20]  # special axes: hw, net, precision (w4a4 or w4a4o8),
//     precision: [w8a8, w4a4]    #   quant (a policy file), batch
//   collect: [cycles, dram_read_bytes, energy.total_pj, platform.area_mm2]
//
// Collected names are paths into the run's summary.json (or the estimate's
// JSON): a plain name is looked up in `totals`, `platform.` paths in the
// platform object.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hcm {

constexpr size_t kMaxStudyPoints = 1000000;

struct StudyAxis {
    std::string key;                     // config key path or a special axis
    std::vector<std::string> values;     // as written (scalars)
};

struct StudyConfig {
    std::string source;                  // the study file
    std::string name;
    std::string hw = "default";
    std::string net = "resnet18";
    std::string mode = "run";
    std::vector<std::string> sets;
    std::vector<StudyAxis> axes;
    std::vector<std::string> collect;
};

// One design point: the value of every axis.
struct StudyPoint {
    std::string id;                      // stable hash of the assignment
    std::vector<std::pair<std::string, std::string>> values;  // axis key -> value
};

StudyConfig loadStudy(const std::string& path);
StudyConfig parseStudy(const std::string& text, const std::string& name);

// The cartesian product of the axes (the last axis varies fastest).
std::vector<StudyPoint> expandPoints(const StudyConfig& study);

// The hcmsim arguments that evaluate one point, writing into `outDir`.
std::vector<std::string> pointArguments(const StudyConfig& study, const StudyPoint& point, const std::string& outDir);

// Whether a key is one of the special axes (hw, net, precision, quant, batch).
bool isSpecialAxis(const std::string& key);

// What a point runs: the hardware config with its overrides, and the network
// request with the point's precision, batch and policy.
struct PointInputs {
    std::string hw;
    std::vector<std::string> sets;
    std::string net;
    std::string quant;                   // policy file ("" none)
    std::string batch;                   // "" the network's
    std::string wbits, abits, obits;     // "" not set by the point
};
PointInputs pointInputs(const StudyConfig& study, const StudyPoint& point);

// 64-bit FNV-1a of a string, as 16 hex digits.
std::string stableHash(const std::string& text);

}  // namespace hcm
