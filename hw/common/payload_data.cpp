#include "payload_data.hpp"

namespace hcm {
unsigned char* dummyPayloadData() {
    static unsigned char area[64];
    return area;
}
}  // namespace hcm
