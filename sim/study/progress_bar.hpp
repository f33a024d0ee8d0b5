#pragma once
// A one-line progress bar with ETA on stderr, drawn only when stderr is a
// terminal (logs and CI stay clean).
#include <chrono>
#include <string>

namespace hcm {

class ProgressBar {
public:
    ProgressBar(std::string what, size_t total);
    void advance(size_t done, size_t failed);
    void finish();

private:
    std::string what_;
    size_t total_;
    bool enabled_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace hcm
