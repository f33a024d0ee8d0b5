#pragma once
// The result names a study may `collect`, per mode: paths into the totals of
// the result file (`summary.json` of `run`, the JSON of `estimate`) and into
// its `platform` object (`platform.` prefix). Checked when the study is read,
// so a misspelt name is an input error before anything runs; a test checks
// every name against real result files, so this list and the reports agree.
#include <string>
#include <vector>

namespace hcm {

// "run" or "estimate". Names under `rram.` are filled on RRAM platforms only
// (empty elsewhere).
const std::vector<std::string>& collectableNames(const std::string& mode);

}  // namespace hcm
