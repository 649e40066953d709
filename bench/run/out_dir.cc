// The results directory of a run.
#include "out_dir.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>

#include "config_error.h"

namespace pushbench {

std::string default_out_dir() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("results/runs/{:%Y%m%dT%H%M%SZ}", fmt::gmtime(now));
}

void prepare_out_dir(const std::string& dir, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // `pushbench run`'s, its report's and `pushbench run --target`'s outputs.
  for (const char* name : {"results.csv", "results.json", "summary.csv", "meta.json", "report.md",
                           "raw", "plots", "histograms", "target.csv", "target.json", "ramp.csv"}) {
    const fs::path p = fs::path(dir) / name;
    if (!fs::exists(fs::symlink_status(p, ec))) {
      continue;
    }
    if (!force) {
      throw ConfigError(
          fmt::format("--out {} already holds a run's results ({}); pass --force "
                      "to replace them or choose another --out",
                      dir, name));
    }
    fs::remove_all(p, ec);
    if (ec) {
      throw ConfigError(fmt::format("--force: cannot remove {}: {}", p.string(), ec.message()));
    }
  }
  fs::create_directories(fs::path(dir) / "raw", ec);
  if (ec) {
    throw ConfigError(fmt::format("cannot create --out {}: {}", dir, ec.message()));
  }
}

std::string disk_note(const std::string& dir) {
  std::error_code ec;
  const auto space = std::filesystem::space(dir, ec);
  constexpr std::uintmax_t kNearlyFull = 64 * 1024;
  if (ec || space.available >= kNearlyFull) {
    return "";
  }
  return fmt::format(" (the file system of --out is full: {} bytes free)", space.available);
}

}  // namespace pushbench
