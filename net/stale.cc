// Stale namespaces of killed runs.
#include "stale.h"

#include <signal.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parse.h"
#include "shell.h"

namespace pushbench {
namespace {
// A running process whose name starts with "pushbench" (the CLI, or a test binary that made the
// namespace itself); a recycled pid running something else does not keep a namespace alive.
bool pushbench_alive(long pid) {
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
    return false;
  }
  std::ifstream comm(fmt::format("/proc/{}/comm", pid));
  std::string name;
  std::getline(comm, name);
  return name.rfind("pushbench", 0) == 0;
}
}  // namespace

std::vector<std::string> stale_namespaces(const std::string& ip_netns_list,
                                          bool (*alive)(long pid)) {
  std::vector<std::string> stale;
  std::istringstream in(ip_netns_list);
  for (std::string line; std::getline(in, line);) {
    const std::string name = line.substr(0, line.find(' '));  // "NAME (id: 3)"
    constexpr std::string_view kPrefix = "pushbench-";
    if (name.rfind(kPrefix, 0) != 0 || name.size() < kPrefix.size() + 2) {
      continue;
    }
    const char role = name[kPrefix.size()];
    std::string_view owner = std::string_view(name).substr(kPrefix.size() + 1);
    if (role == 'm') {  // namespaces as hosts (netns_hosts.h): pushbench-m<pid>-<host>
      owner = owner.substr(0, owner.find('-'));
    }
    const auto pid = parse_int(owner);
    if ((role != 's' && role != 'c' && role != 'p' && role != 'm') || !pid || *pid <= 0) {
      continue;  // not a name pushbench makes
    }
    if (!alive(static_cast<long>(*pid))) {
      stale.push_back(name);
    }
  }
  return stale;
}

namespace {
constexpr std::string_view kShm = "/dev/shm";
constexpr std::string_view kSnapshotPrefix = "pushbench-delay-";
}  // namespace

std::string delay_snapshot_path(pid_t owner, std::string_view direction) {
  return fmt::format("{}/{}{}-{}.json", kShm, kSnapshotPrefix, owner, direction);
}

std::vector<std::string> stale_snapshots(const std::vector<std::string>& file_names,
                                         bool (*alive)(long pid)) {
  std::vector<std::string> stale;
  for (const std::string& name : file_names) {
    if (name.rfind(kSnapshotPrefix, 0) != 0) {
      continue;
    }
    const std::string_view rest = std::string_view(name).substr(kSnapshotPrefix.size());
    const auto pid = parse_int(rest.substr(0, rest.find('-')));
    if (pid && *pid > 0 && !alive(static_cast<long>(*pid))) {
      stale.push_back(name);
    }
  }
  return stale;
}

std::vector<std::string> remove_stale_net_objects() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(kShm, ec)) {
    files.push_back(entry.path().filename().string());
  }
  for (const std::string& name : stale_snapshots(files, pushbench_alive)) {
    std::filesystem::remove(std::filesystem::path(kShm) / name, ec);
  }
  const std::vector<std::string> stale =
      stale_namespaces(run_capture("/usr/sbin/ip netns list"), pushbench_alive);
  for (const std::string& ns : stale) {
    // Its processes first: a deleted namespace lives on (with its veth) while one runs in it.
    std::istringstream pids(run_capture(fmt::format("/usr/sbin/ip netns pids {}", ns)));
    for (long pid = 0; pids >> pid;) {
      if (pid > 1) {
        kill(static_cast<pid_t>(pid), SIGKILL);
      }
    }
    run_quiet(fmt::format("/usr/sbin/ip netns del {}", ns));
  }
  return stale;
}

}  // namespace pushbench
