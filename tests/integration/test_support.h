// Helpers shared by the integration tests: a private temp directory, running a binary to
// completion with its stdout and stderr captured separately (killed after a timeout), and
// reading whole files.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "proc_stats.h"

namespace pushbench::test {

// mkdtemp("/tmp/pushbench-it-XXXXXX"); removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const noexcept { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

struct ProcessResult {
  bool timed_out = false;  // still running at the deadline: killed with SIGKILL
  int exit_code = -1;      // WEXITSTATUS, or -1 when it did not exit normally
  int signal = 0;          // WTERMSIG when it was killed by a signal
  std::string out;         // everything written to stdout
  std::string err;         // everything written to stderr
  double elapsed_s = 0;

  // "exit 2", "signal 11", "timed out after 20 s" plus stderr, for assertion messages.
  std::string describe() const;
};

// A process started in the background, stdin from /dev/null, stdout and stderr into separate
// files under `scratch_dir`; `own_group`: in a process group of its own (as a shell puts a
// terminal's foreground job), so kill(-pid(), sig) is what a terminal's Ctrl-C does. Killed
// (SIGKILL) and reaped on destruction if wait() was not called.
class Spawned {
 public:
  Spawned(const std::vector<std::string>& argv, const std::string& cwd,
          const std::string& scratch_dir, bool own_group = false);
  ~Spawned();
  Spawned(const Spawned&) = delete;
  Spawned& operator=(const Spawned&) = delete;

  pid_t pid() const noexcept { return pid_; }
  // Waits at most `timeout` (then SIGKILL) and collects the exit and both outputs.
  ProcessResult wait(std::chrono::seconds timeout);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int64_t start_ns_ = 0;
  std::string out_path_;
  std::string err_path_;
};

// Runs argv[0] (an absolute path) with argv, in working directory `cwd`, stdin from /dev/null,
// stdout and stderr into separate files under `scratch_dir`; waits at most `timeout`.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd,
                          const std::string& scratch_dir, std::chrono::seconds timeout);

std::string read_file(const std::string& path);

// Live processes whose command line contains `text` (an --out directory, say).
std::vector<pid_t> processes_mentioning(const std::string& text);

// results.csv as one map per data row, column name -> cell ("" = not applicable).
using ResultsRow = std::map<std::string, std::string>;
std::vector<ResultsRow> read_results(const std::string& csv_path);

// Runs `argv`, a `pushbench run ... --out out_dir`, in `cwd` (90 s at most), expects exit 0, and
// returns out_dir/results.csv's rows by transport.
std::map<std::string, ResultsRow> run_rows_by_transport(const std::vector<std::string>& argv,
                                                        const std::string& cwd,
                                                        const std::string& out_dir);

// The cell as a number; fails the calling test (naming the row's transport) and returns 0 when
// it is absent, empty or not a number.
double number(const ResultsRow& row, const std::string& column);

// Lines of `text` without their terminators ('\n', optionally preceded by '\r').
std::vector<std::string> split_lines(const std::string& text);

// Polls `done` every 20 ms for at most `limit`; its last answer.
bool eventually(const std::function<bool()>& done, std::chrono::milliseconds limit);

// Descriptors pid has open (/proc/PID/fd).
int open_fds(pid_t pid);
// The share of one core a process used between two samples of it (1.0 = a whole core).
double cpu_share(const ProcSample& before, const ProcSample& after);

}  // namespace pushbench::test
