#include "layer_selection.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "sim/common/glob.hpp"
#include "sim/common/input_error.hpp"

namespace hcm::cli {

namespace {
bool isNumber(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}
}  // namespace

std::vector<size_t> selectLayers(const Network& net, const std::string& list) {
    if (list.empty()) return {};
    std::vector<bool> chosen(net.layers.size(), false);
    std::stringstream ss(list);
    for (std::string item; std::getline(ss, item, ',');) {
        if (item.empty()) continue;
        const auto dash = item.find('-');
        if (isNumber(item)) {
            const size_t i = std::stoul(item);
            if (i >= net.layers.size())
                throwInputError({}, "--layers", "index " + item + " is out of range (network has " +
                                                    std::to_string(net.layers.size()) + " layers)");
            chosen[i] = true;
        } else if (dash != std::string::npos && isNumber(item.substr(0, dash)) && isNumber(item.substr(dash + 1))) {
            const size_t a = std::stoul(item.substr(0, dash)), b = std::stoul(item.substr(dash + 1));
            if (a > b || b >= net.layers.size())
                throwInputError({}, "--layers", "range " + item + " is not within 0-" + std::to_string(net.layers.size() - 1));
            for (size_t i = a; i <= b; ++i) chosen[i] = true;
        } else {
            bool any = false;
            for (size_t i = 0; i < net.layers.size(); ++i)
                if (globMatch(item, net.layers[i].name)) chosen[i] = any = true;
            if (!any) throwInputError({}, "--layers", "'" + item + "' matches no layer of " + net.name);
        }
    }
    std::vector<size_t> out;
    for (size_t i = 0; i < chosen.size(); ++i)
        if (chosen[i]) out.push_back(i);
    return out;
}

}  // namespace hcm::cli
