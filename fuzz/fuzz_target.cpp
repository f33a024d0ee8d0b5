// One libFuzzer target: fuzz/CMakeLists.txt compiles this file once per
// harness with HCM_FUZZ_HARNESS naming it (see harness/all.hpp).
#include <cstddef>
#include <cstdint>
#include <string>

#include "harness/all.hpp"

#ifndef HCM_FUZZ_HARNESS
#error "HCM_FUZZ_HARNESS must name a harness function"
#endif

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    HCM_FUZZ_HARNESS(std::string(reinterpret_cast<const char*>(data), size));
    return 0;
}
