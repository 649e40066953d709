// Progress of `pushbench run`, on stderr (stdout carries the tables). On a terminal: one line,
// rewritten in place every second, with the run (i/N), the cell, the repetition, the time elapsed
// and an estimate of the time left. Elsewhere (a pipe, a log file): one plain line per run as it
// starts.
#pragma once

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pushbench {

// Seconds left when `done` runs are finished and took `done_s`, and the current run has been
// going for `current_s`: the plan of every unfinished run (the current one's less what has
// passed), scaled by how the finished runs compared with their plan.
double estimate_remaining_s(const std::vector<double>& planned_s, size_t done, double done_s,
                            double current_s);
// "42 s", "3 min 05 s", "1 h 02 min".
std::string format_duration(double s);

class Progress {
 public:
  // planned_s: the expected seconds of every run, in the order they run. `terminal`: stderr is
  // a terminal (isatty), so one line can be rewritten in place. `quiet`: print nothing.
  Progress(std::vector<double> planned_s, bool terminal, bool quiet = false);
  ~Progress();  // ends the line, so what is printed next starts on a line of its own
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // Run `run` (0-based) starts; `what` says which cell and repetition it is.
  void start(size_t run, std::string what);
  // The run that started last is over.
  void finish();
  // Ends the line (terminal); call before printing anything else.
  void close();

 private:
  void draw();  // with mutex_ held

  std::vector<double> planned_s_;
  bool terminal_;
  bool quiet_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  size_t run_ = 0;
  size_t done_ = 0;
  double done_s_ = 0;
  double start_s_ = 0;      // CLOCK_MONOTONIC seconds when the first run started
  double run_start_s_ = 0;  // ... when the current run started
  std::string what_;
  bool drawn_ = false;   // a line is on the terminal and not yet ended
  std::jthread ticker_;  // terminal only: redraws once a second
};

}  // namespace pushbench
