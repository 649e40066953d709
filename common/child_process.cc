// A child process with its stdout on a pipe and its stderr in a log file.
#include "child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include "clock.h"
#include "stop_flag.h"

namespace pushbench {
namespace {
// "signal 9 (SIGKILL)".
std::string signal_name(int sig) {
  const char* abbrev = sigabbrev_np(sig);
  return abbrev ? fmt::format("signal {} (SIG{})", sig, abbrev) : fmt::format("signal {}", sig);
}
}  // namespace

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
  const pid_t parent = getpid();
  pid_ = fork();
  if (pid_ == 0) {
    // Child: only async-signal-safe calls until exec. A process group of its own, so a
    // terminal's Ctrl-C reaches only the parent, which decides what an interrupted run is; and
    // killed when the parent dies (kill -9 of `pushbench run` must not leave it running). The
    // parent may have died before prctl: then getppid() is no longer it.
    setpgid(0, 0);
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
      _exit(127);
    }
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
  if (pid_ > 0) {
    setpgid(pid_, pid_);  // also here: no signal to the parent's group may reach it before exec
  }
  if (pid_ < 0) {
    ::close(out[0]);
    throw std::runtime_error(fmt::format("fork: {}", std::strerror(errno)));
  }
  stdout_fd_ = out[0];
}

ChildProcess::~ChildProcess() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    while (!reap(true)) {  // a stopped child reports its stop first
    }
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
    if ((n < 0 && errno != EINTR) || stop_requested()) {
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
  pid_t r = waitpid(pid_, &status, (block ? 0 : WNOHANG) | WUNTRACED);
  if (r == pid_ && WIFSTOPPED(status)) {
    stop_signal_ = WSTOPSIG(status);  // reported once; it stays stopped until killed
  } else if (r == pid_) {
    status_ = status;
    reaped_ = true;
  }
  return reaped_;
}

bool ChildProcess::running() noexcept { return !reap(false) && stop_signal_ == 0; }

bool ChildProcess::terminate(int64_t timeout_ns) {
  if (!reap(false)) {
    // A stopped process cannot act on SIGTERM: it is killed.
    kill(pid_, stop_signal_ != 0 ? SIGKILL : SIGTERM);
    const int64_t deadline = mono_ns() + timeout_ns;
    while (!reap(false) && mono_ns() < deadline) {
      usleep(5000);
    }
    if (!reaped_) {
      kill(pid_, SIGKILL);
      while (!reap(true)) {
      }
      return false;
    }
  }
  return stop_signal_ == 0 && WIFEXITED(status_) && WEXITSTATUS(status_) == 0;
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
  if (stop_signal_ != 0) {
    how = fmt::format("was stopped by {}", signal_name(stop_signal_));
  } else if (reaped_ && WIFEXITED(status_)) {
    how = fmt::format("exited with status {}", WEXITSTATUS(status_));
  } else if (reaped_ && WIFSIGNALED(status_)) {
    how = fmt::format("was killed by {}", signal_name(WTERMSIG(status_)));
  }
  return last.empty() ? how : fmt::format("{}: {}", how, last);
}

}  // namespace pushbench
