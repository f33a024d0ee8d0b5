#include "precision_yaml.hpp"

#include "sim/common/yaml_reader.hpp"

namespace hcm {

PrecisionOverride readPrecisionFields(YamlMap& m) {
    PrecisionOverride p;
    for (const char* key : {"wbits", "abits", "obits"}) {
        if (!m.has(key)) {
            m.touch(key);
            continue;
        }
        const std::string err = p.set(key, m.getString(key));
        if (!err.empty()) m.fail(key, err);
    }
    return p;
}

}  // namespace hcm
