#pragma once
// A file an exporter produces: its name (relative to the output directory)
// and content. Exporters build content; the CLI writes it atomically.
#include <string>

namespace hcm {

struct ExportFile {
    std::string name;
    std::string content;
};

}  // namespace hcm
