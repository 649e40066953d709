// A child process (server or client) with its stdout on a pipe for the ready line, its stderr
// in a log file, optionally pinned to one CPU. It runs in a process group of its own (a
// terminal's Ctrl-C reaches only the parent) and is killed when the parent dies
// (PR_SET_PDEATHSIG). Killed and reaped on destruction.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace pushbench {

class ChildProcess {
 public:
  // Throws std::runtime_error when the process cannot be started.
  ChildProcess(const std::vector<std::string>& argv, int cpu, const std::string& stderr_path);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // The next stdout line, or nullopt on EOF, when deadline_ns (CLOCK_MONOTONIC) passes or when
  // a stop was requested (stop_flag.h).
  std::optional<std::string> read_line(int64_t deadline_ns);
  // False once it has exited, been killed or been stopped (SIGSTOP, SIGTSTP).
  bool running() noexcept;
  // SIGTERM (SIGKILL when stopped), then waits up to timeout_ns (SIGKILL after). True when it
  // exited with status 0.
  bool terminate(int64_t timeout_ns);
  // "exited with status 2: <last stderr line>" and the like, for error messages.
  std::string describe() const;

 private:
  bool reap(bool block) noexcept;

  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int status_ = 0;
  int stop_signal_ = 0;  // the signal that stopped it, 0 while it is not stopped
  bool reaped_ = false;
  std::string stderr_path_;
  std::string pending_;
};

}  // namespace pushbench
