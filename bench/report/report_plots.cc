// Running the plot scripts.
#include "report_plots.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

extern char** environ;

namespace pushbench {
namespace {
struct Captured {
  int status = -1;  // exit code, -1 when it did not start or exit normally
  std::string output;
};

// Runs argv (argv[0] found on PATH) with stdout and stderr captured together.
Captured run_captured(const std::vector<std::string>& argv) {
  Captured c;
  std::array<int, 2> pipe_fds{};
  if (pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
    c.output = "cannot create a pipe";
    return c;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const std::string& a : argv) {
    args.push_back(const_cast<char*>(a.c_str()));
  }
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    c.output = fmt::format("cannot run {}: {}", argv[0], std::strerror(rc));
    return c;
  }
  std::array<char, 4096> buf{};
  for (ssize_t n; (n = read(pipe_fds[0], buf.data(), buf.size())) != 0;) {
    if (n > 0) {
      c.output.append(buf.data(), static_cast<size_t>(n));
    } else if (errno != EINTR) {
      break;
    }
  }
  close(pipe_fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  c.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return c;
}

std::string last_line(const std::string& text) {
  const size_t end = text.find_last_not_of("\r\n");
  if (end == std::string::npos) {
    return "";
  }
  const size_t newline = text.rfind('\n', end);
  const size_t start = newline == std::string::npos ? 0 : newline + 1;
  return text.substr(start, end - start + 1);
}
}  // namespace

const std::vector<std::string>& plot_names() {
  static const std::vector<std::string> names = {"latency_cdf",
                                                 "latency_by_transport",
                                                 "latency_vs_poll_interval",
                                                 "bytes_vs_payload",
                                                 "cpu_vs_clients",
                                                 "empty_polls_vs_rate",
                                                 "latency_vs_network",
                                                 "verdict",
                                                 "ramp"};
  return names;
}

std::vector<PlotResult> render_plots(const std::string& dir, const std::string& plots_dir) {
  namespace fs = std::filesystem;
  const std::string python = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
  std::vector<PlotResult> out;
  // One Python process runs every script (render.py): matplotlib's import is most of a
  // figure's cost.
  std::vector<std::string> argv = {python, "-B", (fs::path(plots_dir) / "render.py").string(), dir};
  for (const std::string& name : plot_names()) {
    PlotResult r{.name = name};
    const std::string script = (fs::path(plots_dir) / (name + ".py")).string();
    std::error_code ec;
    for (const char* ext : {".png", ".svg"}) {  // an earlier report's must not pass for this one's
      fs::remove(fs::path(dir) / "plots" / (name + ext), ec);
    }
    if (!fs::exists(script, ec)) {
      r.failed = true;
      r.message = fmt::format("no script {}", script);
    } else {
      argv.push_back(name);
    }
    out.push_back(std::move(r));
  }
  if (argv.size() == 4) {
    return out;
  }
  // -B: no __pycache__ written into the source tree's plots/.
  const Captured c = run_captured(argv);
  std::map<std::string, nlohmann::json> by_name;
  std::istringstream lines(c.output);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("name") && j["name"].is_string()) {
      by_name[j["name"].get<std::string>()] = j;
    }
  }
  for (PlotResult& r : out) {
    if (r.failed) {
      continue;  // no script
    }
    const auto it = by_name.find(r.name);
    if (it == by_name.end()) {  // the driver itself failed: its own last words say why
      r.failed = true;
      r.message = c.status == 0 ? "render.py gave no result" : last_line(c.output);
      continue;
    }
    r.message = last_line(it->second.value("output", ""));
    if (r.message.starts_with(r.name + ": ")) {  // the report names the plot itself
      r.message.erase(0, r.name.size() + 2);
    }
    r.failed = it->second.value("status", 1) != 0;
    std::error_code ec;
    if (!r.failed && fs::exists(fs::path(dir) / "plots" / (r.name + ".png"), ec)) {
      r.image = "plots/" + r.name + ".png";
    }
  }
  return out;
}

}  // namespace pushbench
