// Waiting on and sampling the measured child processes of a repetition.
#include "child_wait.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "stop_flag.h"

namespace pushbench {

void check_stop() {
  if (stop_requested()) {
    throw RunInterrupted("interrupted by a signal");
  }
}

void wait_until(int64_t mono, const Children& children) {
  while (true) {
    check_stop();
    for (const auto& [child, name] : children) {
      if (!child->running()) {
        throw std::runtime_error(fmt::format("{} {}", name, child->describe()));
      }
    }
    const int64_t left = mono - mono_ns();
    if (left <= 0) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::nanoseconds(std::min<int64_t>(left, 50 * kNsPerMs)));
  }
}

ProcSample must_sample(const ChildProcess& p, const char* role) {
  auto s = sample_process(p.pid());
  if (!s) {
    throw std::runtime_error(fmt::format("the {} process died during the window", role));
  }
  return *s;
}

}  // namespace pushbench
