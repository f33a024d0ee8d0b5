#pragma once
// The design cannot run a layer at all: a buffer too small for the smallest
// tile, a layer whose weights cannot be placed on the chip, a forced kernel
// tile that does not fit. This is a fact about the user's configuration (an
// input error, exit 2), unlike a std::logic_error (an internal error).
// Components throw it; the layer controller and the feasibility check add
// the layer's name and location.
#include <stdexcept>

namespace hcm {

class DesignError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace hcm
