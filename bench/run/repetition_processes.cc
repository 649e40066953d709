// Waiting on, sampling and finding a repetition's child processes.
#include "repetition_processes.h"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "clock.h"
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

std::string find_binary(const char* name, bool required) {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  const std::string bin_dir = ec ? "." : self.parent_path().string();
  const std::string role = std::string(name).substr(std::string("pushbench-").size()) + "s";
  // Installed: all in one directory; in a build tree: servers/, clients/, net/.
  for (const std::string& dir : {bin_dir, bin_dir + "/../" + role, bin_dir + "/../net"}) {
    std::string path = fmt::format("{}/{}", dir, name);
    if (access(path.c_str(), X_OK) == 0) {
      return path;
    }
  }
  if (!required) {
    return "";
  }
  throw std::runtime_error(fmt::format("cannot find {} next to {}", name, bin_dir));
}

}  // namespace pushbench
