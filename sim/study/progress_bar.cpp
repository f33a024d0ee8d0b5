#include "progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace hcm {

ProgressBar::ProgressBar(std::string what, size_t total)
    : what_(std::move(what)), total_(total), enabled_(::isatty(2) != 0), start_(std::chrono::steady_clock::now()) {}

void ProgressBar::advance(size_t done, size_t failed) {
    if (!enabled_ || total_ == 0) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double eta = done > 0 ? elapsed / double(done) * double(total_ - done) : 0.0;
    const int width = 30;
    const int filled = int(double(width) * double(done) / double(total_));
    std::string bar(size_t(filled), '=');
    if (filled < width) bar += '>' + std::string(size_t(width - filled - 1), ' ');
    std::fprintf(stderr, "\r%s [%s] %zu/%zu%s, ETA %dm%02ds  ", what_.c_str(), bar.c_str(), done, total_,
                 failed ? (", " + std::to_string(failed) + " failed").c_str() : "", int(eta) / 60, int(eta) % 60);
    std::fflush(stderr);
}

void ProgressBar::finish() {
    if (enabled_) std::fprintf(stderr, "\r%*s\r", 80, "");
}

}  // namespace hcm
