#pragma once
// Runs the hcmsim binary as a child process, for end-to-end CLI tests.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hcm::test {

struct CliResult {
    int exitCode = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

// Arguments are passed without a shell; stdin is /dev/null.
CliResult runHcmsim(const std::vector<std::string>& args);

std::string sourcePath(const std::string& relative);   // path inside the source tree
std::string tempDir(const std::string& name);          // fresh empty directory under the build tree
std::string readFile(const std::string& path);
void writeFile(const std::string& path, const std::string& content);
// The header line of a CSV text, after its leading `#` comment lines.
std::string csvHeader(const std::string& csv);

// `hcmsim run --out <fresh dir named after `name`> --quiet ARGS...`: expects
// exit code 0 (a test failure otherwise) and returns the parsed summary.json
// (null when the run failed).
nlohmann::json runSummary(const std::vector<std::string>& args, const std::string& name);

}  // namespace hcm::test
