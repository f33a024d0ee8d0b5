#pragma once
// Every JSON hcmsim writes goes through here: names come from user files, and
// nlohmann::json throws on invalid UTF-8 when dumping, so bad bytes are
// replaced (U+FFFD) instead of ending the run after the simulation is done.
// Floating-point numbers are written with 10 significant digits, in the
// shortest form: more than any figure here means (a model's cycles, energies,
// rates), fewer than the noise of arithmetic reaches (0.1 + 0.2 =
// 0.30000000000000004; a sum of energies ending in ...120000005), so that
// noise does not reach the files.
#include <nlohmann/json.hpp>
#include <string>

namespace hcm {

// `v` rounded to 10 significant digits.
double roundForOutput(double v);

// `indent` as nlohmann::json::dump: -1 compact, >= 0 pretty-printed. Takes
// the document by value and frees it before the last pass over the text: a
// 50,000-layer summary.json is hundreds of MB as a tree, so a caller that
// passes a temporary (or std::move) keeps one tree alive, not two.
std::string jsonText(nlohmann::json j, int indent = -1);

}  // namespace hcm
