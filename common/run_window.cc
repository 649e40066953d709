// --warmup and --duration in nanoseconds.
#include "run_window.h"

#include <fmt/format.h>

#include <cmath>

#include "config_error.h"

namespace pushbench {

int64_t seconds_to_ns(double seconds, std::string_view option) {
  if (!(seconds >= 0) || seconds > 1e7) {
    throw ConfigError(fmt::format("{} must be a number of seconds >= 0 (got {})", option, seconds));
  }
  return std::llround(seconds * 1e9);
}

}  // namespace pushbench
