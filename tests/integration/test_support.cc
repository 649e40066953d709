// Helpers shared by the integration tests.
#include "test_support.h"

#include "csv_writer.h"

#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

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

Spawned::Spawned(const std::vector<std::string>& argv, const std::string& cwd,
                 const std::string& scratch_dir, bool own_group) {
  static std::atomic<int> counter{0};
  const int n = counter++;
  out_path_ = fmt::format("{}/proc{}.stdout", scratch_dir, n);
  err_path_ = fmt::format("{}/proc{}.stderr", scratch_dir, n);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path_.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  if (own_group) {
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
  }
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);

  start_ns_ = mono_ns();
  const int rc = posix_spawn(&pid_, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    throw std::runtime_error(fmt::format("posix_spawn {}: {}", argv[0], std::strerror(rc)));
  }
}

Spawned::~Spawned() {
  if (!reaped_) {
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
  }
}

ProcessResult Spawned::wait(std::chrono::seconds timeout) {
  ProcessResult r;
  const int64_t deadline = mono_ns() + static_cast<int64_t>(timeout.count()) * kNsPerSec;
  if (!wait_exit(pid_, deadline)) {
    r.timed_out = true;
    kill(pid_, SIGKILL);
  }
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  r.elapsed_s = static_cast<double>(mono_ns() - start_ns_) / 1e9;
  if (WIFEXITED(status)) {
    r.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status) && !r.timed_out) {
    r.signal = WTERMSIG(status);
  }
  r.out = read_file(out_path_);
  r.err = read_file(err_path_);
  return r;
}

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& scratch_dir, std::chrono::seconds timeout) {
  return Spawned(argv, cwd, scratch_dir).wait(timeout);
}

std::vector<pid_t> processes_mentioning(const std::string& text) {
  std::vector<pid_t> pids;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    std::string cmdline = read_file(e.path().string() + "/cmdline");
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (cmdline.find(text) != std::string::npos) {
      pids.push_back(static_cast<pid_t>(std::stoi(name)));
    }
  }
  return pids;
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

std::map<std::string, ResultsRow> run_rows_by_transport(const std::vector<std::string>& argv,
                                                        const std::string& cwd,
                                                        const std::string& out_dir) {
  const ProcessResult r = run_process(argv, cwd, cwd, std::chrono::seconds(90));
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  std::map<std::string, ResultsRow> rows;
  for (ResultsRow& row : read_results(out_dir + "/results.csv")) {
    rows[row["transport"]] = row;
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

int open_fds(pid_t pid) {
  int n = 0;
  if (DIR* d = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
    while (readdir(d) != nullptr) {
      ++n;
    }
    closedir(d);
  }
  return n - 2;  // . and ..
}

double cpu_share(const ProcSample& before, const ProcSample& after) {
  return (after.cpu_s - before.cpu_s) / (static_cast<double>(after.mono_ns - before.mono_ns) / 1e9);
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const int64_t deadline = mono_ns() + limit.count() * kNsPerMs;
  while (mono_ns() < deadline) {
    if (done()) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

}  // namespace pushbench::test
