// A ramp step's verdict.
#include "ramp_step.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "parse.h"

namespace pushbench {

std::string step_failure(const std::vector<std::string>& header,
                         const std::vector<std::string>& row, double slo_p99_ms) {
  auto at = [&](const char* column) -> std::string {
    const auto it = std::find(header.begin(), header.end(), column);
    const auto i = static_cast<size_t>(it - header.begin());
    return it != header.end() && i < row.size() ? row[i] : std::string();
  };
  auto number = [&](const char* column) { return parse_double(at(column)).value_or(0); };
  std::vector<std::string> why;
  if (const double lost = number("notifications_lost"); lost > 0) {
    why.push_back(fmt::format("{:.0f} notifications lost", lost));
  }
  if (const double errors = number("client_errors"); errors > 0) {
    why.push_back(fmt::format("{:.0f} client errors", errors));
  }
  if (const auto p99 = parse_double(at("latency_p99_us")); p99 && *p99 / 1000 > slo_p99_ms) {
    why.push_back(fmt::format("p99 {:.1f} ms > {:g} ms", *p99 / 1000, slo_p99_ms));
  }
  const std::vector<std::string> flags = split_list(at("flags"), ';');
  for (const char* flag : {"server_saturated", "client_saturated", "delay_saturated",
                           "foreign_load", "upstream_loss"}) {
    if (std::find(flags.begin(), flags.end(), flag) != flags.end()) {
      why.emplace_back(std::string_view(flag) == "foreign_load"
                           ? "foreign_load (other processes used the measured cores: not a "
                             "limit of the transport; run it again on a quiet machine)"
                           : flag);
    }
  }
  std::string out;
  for (const std::string& w : why) {
    out += (out.empty() ? "" : "; ") + w;
  }
  return out;
}

std::vector<int> geometric_steps(int start, double factor, int max) {
  std::vector<int> steps;
  for (double n = start; n <= max;) {
    steps.push_back(static_cast<int>(n));
    n = std::max(n + 1, std::round(n * factor));
  }
  return steps;
}

}  // namespace pushbench
