// System tools through /bin/sh.
#include "shell.h"

#include <fmt/format.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace pushbench {

bool run_quiet(const std::string& cmd) {
  const std::string quiet = fmt::format("{} >/dev/null 2>&1", cmd);
  return std::system(quiet.c_str()) == 0;
}

void run_or_throw(const std::string& cmd, std::string_view context) {
  if (!run_quiet(cmd)) {
    throw std::runtime_error(fmt::format("{}: '{}' failed", context, cmd));
  }
}

std::string run_capture(const std::string& cmd) {
  const std::string quiet = fmt::format("{} 2>/dev/null", cmd);
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(quiet.c_str(), "r"), pclose);
  std::string out;
  if (!pipe) {
    return out;
  }
  std::array<char, 4096> buf;
  for (size_t n; (n = fread(buf.data(), 1, buf.size(), pipe.get())) > 0;) {
    out.append(buf.data(), n);
  }
  return out;
}

}  // namespace pushbench
