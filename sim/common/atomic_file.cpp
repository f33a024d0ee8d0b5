#include "atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "input_error.hpp"

namespace hcm {

namespace {
std::string temporaryNameFor(const std::string& path) {
    return path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
}
}  // namespace

void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& writer) {
    const std::string tmp = temporaryNameFor(path);
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throwInputError({path, 0, 0}, "", std::string("cannot write output file: ") + std::strerror(errno));
        writer(out);
        out.flush();
        if (!out) {
            std::remove(tmp.c_str());
            throw std::runtime_error("write failed for " + path);
        }
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        std::remove(tmp.c_str());
        throwInputError({path, 0, 0}, "", std::string("cannot rename output file into place: ") + std::strerror(err));
    }
}

void writeFileAtomic(const std::string& path, const std::string& content) {
    writeFileAtomic(path, [&](std::ostream& os) { os << content; });
}

void ensureDirectory(const std::string& dir) {
    if (dir.empty()) return;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
        throwInputError({dir, 0, 0}, "", "cannot create output directory: " + (ec ? ec.message() : "not a directory"));
    }
}

}  // namespace hcm
