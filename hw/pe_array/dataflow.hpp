#pragma once
// Which operand a systolic array keeps in its PEs while the others stream
// through (SCALE-Sim's three dataflows):
//   WS  weight stationary: filters preloaded, ifmap streams, psums flow down
//   OS  output stationary: ifmap and filters stream, outputs accumulate in place
//   IS  input stationary:  ifmap preloaded, filters stream, psums flow down
#include <optional>
#include <string_view>

namespace hcm {

enum class Dataflow { WS, OS, IS };

// "ws", "os" or "is" (the spelling used in configs and SCALE-Sim's cfg files).
const char* toString(Dataflow df);

// Inverse of toString; nullopt for anything else (callers report the error
// with their own location information).
std::optional<Dataflow> parseDataflow(std::string_view text);

}  // namespace hcm
