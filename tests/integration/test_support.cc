// Helpers shared by the integration tests.
#include "test_support.h"

#include "csv_writer.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "clock.h"

extern char** environ;  // NOLINT: POSIX declares it nowhere else

namespace pushbench::test {

TempDir::TempDir() {
  std::string tmpl = "/tmp/pushbench-it-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    throw std::runtime_error(fmt::format("mkdtemp: {}", std::strerror(errno)));
  }
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);  // never throws from a destructor
}

std::string ProcessResult::describe() const {
  std::string how;
  if (timed_out) {
    how = fmt::format("hung: killed after {:.1f} s", elapsed_s);
  } else if (signal != 0) {
    how = fmt::format("killed by signal {} ({})", signal, strsignal(signal));
  } else {
    how = fmt::format("exit {}", exit_code);
  }
  return fmt::format("{}; stderr: [{}]; stdout: [{}]", how, err, out);
}

namespace {
// Waits for `pid` until `deadline_ns` (CLOCK_MONOTONIC) without polling loops: a pidfd becomes
// readable when the process exits. Returns false at the deadline.
bool wait_exit(pid_t pid, int64_t deadline_ns) {
  // syscall(): glibc 2.36's <sys/pidfd.h> lacks extern "C", so its wrapper does not link from C++.
  const int fd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (fd < 0) {
    throw std::runtime_error(fmt::format("pidfd_open: {}", std::strerror(errno)));
  }
  bool exited = false;
  while (true) {
    const int64_t left_ms = (deadline_ns - mono_ns()) / kNsPerMs;
    if (left_ms <= 0) {
      break;
    }
    pollfd p{fd, POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(left_ms));
    if (n > 0) {
      exited = true;
      break;
    }
    if (n < 0 && errno != EINTR) {
      break;
    }
  }
  ::close(fd);
  return exited;
}
}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& scratch_dir, std::chrono::seconds timeout) {
  static std::atomic<int> counter{0};
  const int n = counter++;
  const std::string out_path = fmt::format("{}/proc{}.stdout", scratch_dir, n);
  const std::string err_path = fmt::format("{}/proc{}.stderr", scratch_dir, n);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);

  ProcessResult r;
  const int64_t start = mono_ns();
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    throw std::runtime_error(fmt::format("posix_spawn {}: {}", argv[0], std::strerror(rc)));
  }
  const int64_t deadline = start + static_cast<int64_t>(timeout.count()) * kNsPerSec;
  if (!wait_exit(pid, deadline)) {
    r.timed_out = true;
    kill(pid, SIGKILL);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.elapsed_s = static_cast<double>(mono_ns() - start) / 1e9;
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status) && !r.timed_out) {
    r.signal = WTERMSIG(status);
  }
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::string line;
  std::istringstream in(text);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    lines.push_back(line);
  }
  return lines;
}

std::vector<ResultsRow> read_results(const std::string& csv_path) {
  const auto records = csv_parse(read_file(csv_path));
  std::vector<std::map<std::string, std::string>> rows;
  for (size_t r = 1; r < records.size(); ++r) {
    auto& row = rows.emplace_back();
    for (size_t c = 0; c < records[0].size() && c < records[r].size(); ++c) {
      row[records[0][c]] = records[r][c];
    }
  }
  return rows;
}

double number(const ResultsRow& row, const std::string& column) {
  const auto it = row.find(column);
  const std::string text = it == row.end() ? "" : it->second;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size()) {
    const auto t = row.find("transport");
    ADD_FAILURE() << "column " << column << " of the " << (t == row.end() ? "?" : t->second)
                  << " row is '" << text << "', expected a number";
    return 0;
  }
  return v;
}

}  // namespace pushbench::test
