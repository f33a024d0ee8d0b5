#include "precision.hpp"

namespace hcm {

std::string Precision::str() const {
    return "w" + std::to_string(wbits) + "a" + std::to_string(abits) + "o" + std::to_string(obits);
}

void PrecisionOverride::overlay(const PrecisionOverride& o) {
    if (o.wbits) wbits = o.wbits;
    if (o.abits) abits = o.abits;
    if (o.obits) obits = o.obits;
}

}  // namespace hcm
