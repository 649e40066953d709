// A child process with its stdout on a pipe and its stderr in a log file.
#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "clock.h"

namespace pushbench {

ChildProcess::ChildProcess(const std::vector<std::string>& argv, int cpu,
                           const std::string& stderr_path)
    : stderr_path_(stderr_path) {
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) {
    throw std::runtime_error(fmt::format("pipe: {}", std::strerror(errno)));
  }
  int err_fd = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (err_fd < 0) {
    ::close(out[0]);
    ::close(out[1]);
    throw std::runtime_error(fmt::format("cannot write {}: {}", stderr_path, std::strerror(errno)));
  }
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec.
    dup2(out[1], STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    if (cpu >= 0) {
      cpu_set_t set;
      CPU_ZERO(&set);
      CPU_SET(cpu, &set);
      sched_setaffinity(0, sizeof set, &set);
    }
    execv(args[0], args.data());
    _exit(127);
  }
  ::close(out[1]);
  ::close(err_fd);
  if (pid_ < 0) {
    ::close(out[0]);
    throw std::runtime_error(fmt::format("fork: {}", std::strerror(errno)));
  }
  stdout_fd_ = out[0];
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    reap(true);
  }
  if (stdout_fd_ >= 0) {
    ::close(stdout_fd_);
  }
}

std::optional<std::string> ChildProcess::read_line(int64_t deadline_ns) {
  while (true) {
    size_t nl = pending_.find('\n');
    if (nl != std::string::npos) {
      std::string line = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      return line;
    }
    const int64_t left = deadline_ns - mono_ns();
    if (left <= 0) {
      return std::nullopt;
    }
    pollfd p{stdout_fd_, POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left / kNsPerMs + 1, 1000)));
    if (n < 0 && errno != EINTR) {
      return std::nullopt;
    }
    if (n <= 0) {
      continue;
    }
    char buf[4096];
    ssize_t got = ::read(stdout_fd_, buf, sizeof buf);
    if (got <= 0) {
      return std::nullopt;  // EOF: the child closed stdout (exited)
    }
    pending_.append(buf, static_cast<size_t>(got));
  }
}

bool ChildProcess::reap(bool block) noexcept {
  if (reaped_) {
    return true;
  }
  int status = 0;
  pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_) {
    status_ = status;
    reaped_ = true;
  }
  return reaped_;
}

bool ChildProcess::terminate(int64_t timeout_ns) {
  if (!reap(false)) {
    kill(pid_, SIGTERM);
    const int64_t deadline = mono_ns() + timeout_ns;
    while (!reap(false) && mono_ns() < deadline) {
      usleep(5000);
    }
    if (!reaped_) {
      kill(pid_, SIGKILL);
      reap(true);
      return false;
    }
  }
  return WIFEXITED(status_) && WEXITSTATUS(status_) == 0;
}

std::string ChildProcess::describe() const {
  std::string last;
  std::ifstream err(stderr_path_);
  for (std::string line; std::getline(err, line);) {
    if (!line.empty()) {
      last = line;
    }
  }
  std::string how = "is still running";
  if (reaped_ && WIFEXITED(status_)) {
    how = fmt::format("exited with status {}", WEXITSTATUS(status_));
  } else if (reaped_ && WIFSIGNALED(status_)) {
    how = fmt::format("was killed by signal {}", WTERMSIG(status_));
  }
  return last.empty() ? how : fmt::format("{}: {}", how, last);
}

}  // namespace pushbench
