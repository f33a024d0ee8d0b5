#include "process_pool.hpp"

#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <fstream>
#include <map>
#include <stdexcept>

namespace hcm {

std::string selfExecutable() {
    char buf[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) throw std::runtime_error("cannot find the hcmsim executable (/proc/self/exe)");
    buf[n] = '\0';
    // A helper executable (hcmsim-search) runs its children through hcmsim.
    std::string self = buf;
    const size_t slash = self.rfind('/');
    const size_t base = slash == std::string::npos ? 0 : slash + 1;
    if (self.compare(base, 7, "hcmsim-") == 0) self = self.substr(0, base) + "hcmsim";
    return self;
}

namespace {

pid_t launch(const std::string& exe, const ChildJob& job) {
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, 0);
        const int log = ::open(job.log.empty() ? "/dev/null" : job.log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) {
            ::dup2(log, 1);
            ::dup2(log, 2);
        }
        std::vector<std::string> args = job.args;
        std::vector<char*> argv;
        std::string self = exe;
        argv.push_back(self.data());
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(exe.c_str(), argv.data());
        ::_exit(127);
    }
    return pid;
}

std::string lastLine(const std::string& path) {
    std::ifstream in(path);
    std::string line, last;
    while (std::getline(in, line))
        if (!line.empty()) last = line;
    return last;
}

}  // namespace

void ProcessPool::run(const std::vector<ChildJob>& jobs, const std::function<void(const ChildResult&)>& onDone,
                      const volatile std::sig_atomic_t* stop) {
    const std::string exe = selfExecutable();
    std::map<pid_t, size_t> running;
    size_t next = 0;
    while (next < jobs.size() || !running.empty()) {
        while (running.size() < size_t(parallelism_) && next < jobs.size() && !(stop && *stop)) {
            running[launch(exe, jobs[next])] = next;
            ++next;
        }
        if (running.empty()) break;  // stopped before launching the rest
        int status = 0;
        const pid_t pid = ::waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("waitpid failed");
        }
        const auto it = running.find(pid);
        if (it == running.end()) continue;
        const ChildJob& job = jobs[it->second];
        running.erase(it);
        ChildResult r;
        r.id = job.id;
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (r.exitCode != 0) r.lastErrorLine = lastLine(job.log);
        onDone(r);
    }
}

}  // namespace hcm
