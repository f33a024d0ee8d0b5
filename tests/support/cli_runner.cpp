#include "cli_runner.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hcm::test {

namespace {
std::string slurpFd(int fd) {
    std::string s;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) s.append(buf, static_cast<size_t>(n));
    return s;
}
}  // namespace

CliResult runHcmsim(const std::vector<std::string>& args) {
    // Capture through temporary files: simple and free of pipe dead-locks.
    char outName[] = "/tmp/hcmsim_out_XXXXXX";
    char errName[] = "/tmp/hcmsim_err_XXXXXX";
    const int outFd = ::mkstemp(outName);
    const int errFd = ::mkstemp(errName);
    if (outFd < 0 || errFd < 0) throw std::runtime_error("mkstemp failed");
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int devnull = ::open("/dev/null", O_RDONLY);
        ::dup2(devnull, 0);
        ::dup2(outFd, 1);
        ::dup2(errFd, 2);
        std::vector<char*> argv;
        std::string bin = HCMSIM_BINARY;
        argv.push_back(bin.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    CliResult r;
    r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    ::lseek(outFd, 0, SEEK_SET);
    ::lseek(errFd, 0, SEEK_SET);
    r.out = slurpFd(outFd);
    r.err = slurpFd(errFd);
    ::close(outFd);
    ::close(errFd);
    ::unlink(outName);
    ::unlink(errName);
    return r;
}

std::string sourcePath(const std::string& relative) { return std::string(HCMSIM_SOURCE_DIR) + "/" + relative; }

std::string tempDir(const std::string& name) {
    namespace fs = std::filesystem;
    fs::path p = fs::temp_directory_path() / ("hcmsim_test_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(p);
    fs::create_directories(p);
    return p.string();
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string csvHeader(const std::string& csv) {
    size_t at = 0;
    while (at < csv.size() && csv[at] == '#') {
        const size_t nl = csv.find('\n', at);
        if (nl == std::string::npos) return {};
        at = nl + 1;
    }
    return csv.substr(at, csv.find('\n', at) - at);
}

void writeFile(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

nlohmann::json runSummary(const std::vector<std::string>& args, const std::string& name) {
    const std::string dir = tempDir(name);
    std::vector<std::string> all = {"run", "--out", dir, "--quiet"};
    all.insert(all.end(), args.begin(), args.end());
    const CliResult r = runHcmsim(all);
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return r.exitCode == 0 ? nlohmann::json::parse(readFile(dir + "/summary.json")) : nlohmann::json();
}

}  // namespace hcm::test
