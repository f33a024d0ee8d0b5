#include "dataflow.hpp"

namespace hcm {

const char* toString(Dataflow df) {
    switch (df) {
        case Dataflow::WS: return "ws";
        case Dataflow::OS: return "os";
        case Dataflow::IS: return "is";
    }
    return "?";
}

std::optional<Dataflow> parseDataflow(std::string_view text) {
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS})
        if (text == toString(df)) return df;
    return std::nullopt;
}

}  // namespace hcm
