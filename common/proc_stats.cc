// CPU time and memory of a process, read from /proc.
#include "proc_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "clock.h"

namespace pushbench {
namespace {
std::optional<std::string> slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Sum of the first field of every thread's schedstat: nanoseconds on CPU.
std::optional<double> schedstat_cpu_s(pid_t pid) {
  const std::string dir = fmt::format("/proc/{}/task", pid);
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    return std::nullopt;
  }
  uint64_t total_ns = 0;
  bool any = false;
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') {
      continue;
    }
    if (auto text = slurp(fmt::format("{}/{}/schedstat", dir, e->d_name))) {
      total_ns += std::stoull(*text);
      any = true;
    }
  }
  closedir(d);
  if (!any) {
    return std::nullopt;
  }
  return static_cast<double>(total_ns) / 1e9;
}
}  // namespace

std::optional<ProcSample> sample_process(pid_t pid) {
  ProcSample s;
  s.mono_ns = mono_ns();
  auto stat = slurp(fmt::format("/proc/{}/stat", pid));
  auto status = slurp(fmt::format("/proc/{}/status", pid));
  auto cpu = schedstat_cpu_s(pid);
  if (!stat || !status || !cpu) {
    return std::nullopt;
  }
  s.cpu_s = *cpu;
  // Fields after the parenthesised command name (which may hold spaces): state is field 3.
  size_t close = stat->rfind(')');
  if (close == std::string::npos) {
    return std::nullopt;
  }
  std::istringstream fields(stat->substr(close + 2));
  std::string skip;
  for (int i = 3; i <= 13; ++i) {
    fields >> skip;
  }
  uint64_t utime = 0;
  uint64_t stime = 0;
  fields >> utime >> stime;
  const double tck = static_cast<double>(sysconf(_SC_CLK_TCK));
  s.user_s = static_cast<double>(utime) / tck;
  s.sys_s = static_cast<double>(stime) / tck;
  size_t pos = status->find("VmRSS:");
  if (pos != std::string::npos) {
    s.rss_kb = std::stoll(status->substr(pos + 6));
  }
  return s;
}

std::vector<double> parse_cpu_busy_s(const std::string& proc_stat, double ticks_per_s) {
  std::vector<double> busy;
  std::istringstream lines(proc_stat);
  for (std::string line; std::getline(lines, line);) {
    // "cpuN user nice system idle iowait irq softirq steal guest guest_nice"; "cpu " is the sum.
    if (line.size() < 4 || line.compare(0, 3, "cpu") != 0 || line[3] < '0' || line[3] > '9') {
      continue;
    }
    std::istringstream f(line.substr(3));
    size_t cpu = 0;
    uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    if (!(f >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq)) {
      continue;
    }
    f >> steal;  // absent before Linux 2.6.11
    if (cpu >= busy.size()) {
      busy.resize(cpu + 1, 0);
    }
    busy[cpu] = static_cast<double>(user + nice + system + steal) / ticks_per_s;
  }
  return busy;
}

std::optional<ProcSample> sample_process_tree(pid_t pid) {
  std::optional<ProcSample> total = sample_process(pid);
  if (!total) {
    return std::nullopt;
  }
  // Parent of every process: field 4 of /proc/PID/stat, after the parenthesised name.
  std::vector<std::pair<pid_t, pid_t>> parent_of;  // (pid, ppid)
  if (DIR* d = opendir("/proc")) {
    while (dirent* e = readdir(d)) {
      char* end = nullptr;
      const long p = std::strtol(e->d_name, &end, 10);
      if (end == e->d_name || *end != '\0') {
        continue;
      }
      const auto stat = slurp(fmt::format("/proc/{}/stat", p));
      const size_t close = stat ? stat->rfind(')') : std::string::npos;
      if (close == std::string::npos) {
        continue;
      }
      std::istringstream fields(stat->substr(close + 2));
      std::string state;
      pid_t ppid = 0;
      fields >> state >> ppid;
      parent_of.emplace_back(static_cast<pid_t>(p), ppid);
    }
    closedir(d);
  }
  std::vector<pid_t> frontier = {pid};
  while (!frontier.empty()) {
    const pid_t parent = frontier.back();
    frontier.pop_back();
    for (const auto& [child, ppid] : parent_of) {
      if (ppid != parent) {
        continue;
      }
      frontier.push_back(child);
      if (const auto s = sample_process(child)) {
        total->cpu_s += s->cpu_s;
        total->user_s += s->user_s;
        total->sys_s += s->sys_s;
        total->rss_kb += s->rss_kb;
      }
    }
  }
  return total;
}

std::vector<double> cpu_busy_s() {
  const auto text = slurp("/proc/stat");
  if (!text) {
    return {};
  }
  return parse_cpu_busy_s(*text, static_cast<double>(sysconf(_SC_CLK_TCK)));
}

}  // namespace pushbench
