#include "dram_types.hpp"

namespace hcm {

const char* toString(DramCommand c) {
    switch (c) {
        case DramCommand::ACT: return "ACT";
        case DramCommand::PRE: return "PRE";
        case DramCommand::PREA: return "PREA";
        case DramCommand::RD: return "RD";
        case DramCommand::WR: return "WR";
        case DramCommand::RDA: return "RDA";
        case DramCommand::WRA: return "WRA";
        case DramCommand::REF: return "REF";
    }
    return "?";
}

}  // namespace hcm
