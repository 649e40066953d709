// Progress of `pushbench run`.
#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "clock.h"

namespace pushbench {
namespace {
double now_s() { return static_cast<double>(mono_ns()) / 1e9; }

size_t terminal_width() {
  winsize w{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 0) {
    return w.ws_col;
  }
  return 80;
}
}  // namespace

double estimate_remaining_s(const std::vector<double>& planned_s, size_t done, double done_s,
                            double current_s) {
  double planned_done = 0;
  double planned_left = 0;
  for (size_t i = 0; i < planned_s.size(); ++i) {
    (i < done ? planned_done : planned_left) += planned_s[i];
  }
  const double scale = planned_done > 0 && done_s > 0 ? done_s / planned_done : 1;
  return std::max(0.0, planned_left * scale - current_s);
}

std::string format_duration(double s) {
  const auto total = static_cast<long>(std::lround(std::max(0.0, s)));
  if (total < 60) {
    return fmt::format("{} s", total);
  }
  if (total < 3600) {
    return fmt::format("{} min {:02} s", total / 60, total % 60);
  }
  return fmt::format("{} h {:02} min", total / 3600, total % 3600 / 60);
}

Progress::Progress(std::vector<double> planned_s, bool terminal, bool quiet)
    : planned_s_(std::move(planned_s)), terminal_(terminal && !quiet), quiet_(quiet) {
  if (!terminal_) {
    return;
  }
  ticker_ = std::jthread([this](const std::stop_token& stop) {
    std::unique_lock lock(mutex_);
    while (!stop.stop_requested()) {
      wake_.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
      if (!stop.stop_requested() && !what_.empty()) {
        draw();
      }
    }
  });
}

Progress::~Progress() {
  ticker_.request_stop();
  if (ticker_.joinable()) {
    ticker_.join();
  }
  close();
}

void Progress::start(size_t run, std::string what) {
  std::lock_guard lock(mutex_);
  const double now = now_s();
  if (run == 0 || start_s_ == 0) {
    start_s_ = now;
  }
  run_ = run;
  run_start_s_ = now;
  what_ = std::move(what);
  if (terminal_) {
    draw();
  } else if (!quiet_) {
    fmt::print(stderr, "[{}/{}] {}\n", run + 1, planned_s_.size(), what_);
  }
}

void Progress::finish() {
  std::lock_guard lock(mutex_);
  done_ = run_ + 1;
  done_s_ = now_s() - start_s_;
}

void Progress::close() {
  std::lock_guard lock(mutex_);
  if (drawn_) {
    fmt::print(stderr, "\n");
    drawn_ = false;
  }
  what_.clear();
}

void Progress::draw() {
  const double now = now_s();
  const double left = estimate_remaining_s(planned_s_, done_, done_s_, now - run_start_s_);
  // Times first: a narrow terminal cuts the end of the line.
  std::string line = fmt::format("[{}/{}] {} elapsed, ~{} left | {}", run_ + 1, planned_s_.size(),
                                 format_duration(now - start_s_), format_duration(left), what_);
  const size_t width = terminal_width() - 1;  // the last column would wrap on some terminals
  if (line.size() > width) {
    line.resize(width);
  }
  fmt::print(stderr, "\r{}\x1b[K", line);  // ESC[K: erase what a longer previous line left
  drawn_ = true;
}

}  // namespace pushbench
