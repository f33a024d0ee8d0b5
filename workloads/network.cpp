#include "network.hpp"

namespace hcm {

int64_t Network::totalMacs() const {
    int64_t t = 0;
    for (const auto& l : layers) t += l.macs();
    return t;
}

int64_t Network::totalWeights() const {
    int64_t t = 0;
    for (const auto& l : layers) t += l.weights();
    return t;
}

int64_t Network::totalParams() const {
    int64_t t = 0;
    for (const auto& l : layers) t += l.params();
    return t;
}

int64_t Network::computeLayerCount() const {
    int64_t t = 0;
    for (const auto& l : layers) t += l.hasWeights() ? 1 : 0;
    return t;
}

}  // namespace hcm
