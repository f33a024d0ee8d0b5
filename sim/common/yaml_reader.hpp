#pragma once
// Strict, typed reading of YAML documents with errors that name the file,
// line, column and the full key path ("configs/x.yaml:12:5: compute.rows: ...").
//
// Every map is checked for keys nobody asked for (finish()), so a typo is an
// error instead of a silently ignored setting. Values set from the command
// line with --set carry no line; their errors name "--set <path>" instead.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "input_error.hpp"

namespace hcm {

// Largest YAML file hcmsim reads (a 50,000-layer network is about 2 MiB).
constexpr uint64_t kMaxYamlBytes = uint64_t(8) << 20;

// One loaded YAML document plus where its values came from.
struct YamlDocument {
    std::string file;                    // shown in error messages
    YAML::Node root;
    std::set<std::string> overridden;    // key paths set with --set

    // Loads and parses a file; InputError with line/column on syntax errors.
    static std::shared_ptr<YamlDocument> loadFile(const std::string& path);
    static std::shared_ptr<YamlDocument> loadString(const std::string& text, const std::string& name);

    // Applies "a.b.c=value" (value parsed as YAML). Creates maps on the way.
    void applyOverride(const std::string& assignment);
};

class YamlMap {
public:
    YamlMap(std::shared_ptr<const YamlDocument> doc, YAML::Node node, std::string path);

    // The root map of a document (error if the document is not a map).
    static YamlMap root(const std::shared_ptr<const YamlDocument>& doc);

    bool has(const std::string& key) const;
    // True when the key's value was given with --set.
    bool isOverride(const std::string& key) const;
    const std::string& path() const { return path_; }
    std::string keyPath(const std::string& key) const;

    // Required values.
    int64_t getInt(const std::string& key, int64_t lo, int64_t hi);
    double getDouble(const std::string& key, double lo, double hi);
    bool getBool(const std::string& key);
    std::string getString(const std::string& key);
    std::string getEnum(const std::string& key, const std::vector<std::string>& choices);

    // Optional values with a default.
    int64_t getInt(const std::string& key, int64_t def, int64_t lo, int64_t hi);
    double getDouble(const std::string& key, double def, double lo, double hi);
    bool getBool(const std::string& key, bool def);
    std::string getString(const std::string& key, const std::string& def);
    std::string getEnum(const std::string& key, const std::string& def, const std::vector<std::string>& choices);

    // An integer or a list of `count` integers (e.g. kernel: 3 or kernel: [3, 5]).
    std::vector<int64_t> getIntOrList(const std::string& key, const std::vector<size_t>& allowedCounts,
                                      int64_t lo, int64_t hi);

    // A string or a list of strings (e.g. from: a or from: [a, b]).
    std::vector<std::string> getStringOrList(const std::string& key);

    YamlMap getMap(const std::string& key);
    std::optional<YamlMap> getOptionalMap(const std::string& key);
    // A sequence of maps.
    std::vector<YamlMap> getMapList(const std::string& key);

    // Marks a key as known without reading it (for keys read elsewhere).
    void touch(const std::string& key);
    // Error for every key present in the map but never read.
    void finish() const;

    SourceLocation where(const std::string& key) const;
    SourceLocation whereSelf() const;
    [[noreturn]] void fail(const std::string& key, const std::string& message) const;

    const YAML::Node& node() const { return node_; }

private:
    YAML::Node scalar(const std::string& key);
    std::string display(const std::string& key) const;

    std::shared_ptr<const YamlDocument> doc_;
    YAML::Node node_;
    std::string path_;
    std::set<std::string> seen_;
};

// Location of a node inside a document (for callers that hold raw nodes).
SourceLocation locationOf(const YamlDocument& doc, const YAML::Node& node);

}  // namespace hcm
