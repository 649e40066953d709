// Other processes' CPU time on the measured cores.
#include "foreign_load.h"

#include <algorithm>
#include <cstddef>

namespace pushbench {
namespace {
double busy_delta(const CoreUse& u, size_t cpu) {
  return cpu < u.busy_start_s.size() && cpu < u.busy_end_s.size()
             ? u.busy_end_s[cpu] - u.busy_start_s[cpu]
             : 0;
}
}  // namespace

std::optional<double> foreign_cpu_pct(const CoreUse& u, double window_s) {
  if (u.busy_start_s.empty() || u.busy_end_s.empty() || !(window_s > 0)) {
    return std::nullopt;
  }
  double foreign_s = 0;
  if (u.server_cpu >= 0 && u.client_cpu >= 0) {
    for (const int cpu : {u.server_cpu, u.client_cpu}) {
      const double own = (cpu == u.server_cpu ? u.server_own_s + u.delay_server_core_s : 0) +
                         (cpu == u.client_cpu ? u.client_own_s + u.delay_client_core_s : 0);
      foreign_s = std::max(foreign_s, busy_delta(u, static_cast<size_t>(cpu)) - own);
    }
  } else {
    double busy = 0;
    for (size_t cpu = 0; cpu < u.busy_end_s.size(); ++cpu) {
      busy += busy_delta(u, cpu);
    }
    foreign_s = std::max(0.0, busy - u.server_own_s - u.client_own_s - u.self_own_s -
                                  u.delay_client_core_s - u.delay_server_core_s);
  }
  return 100 * foreign_s / window_s;
}

}  // namespace pushbench
