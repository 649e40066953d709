// The per-process open-file budget.
#include "fd_limit.h"

#include <sys/resource.h>

#include <fmt/format.h>

#include "config_error.h"

namespace pushbench {

int64_t raise_fd_limit() noexcept {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    return 1024;
  }
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit want = lim;
    want.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &want) == 0) {
      lim = want;
    }
  }
  return lim.rlim_cur == RLIM_INFINITY ? INT64_MAX : static_cast<int64_t>(lim.rlim_cur);
}

void check_fd_budget(int64_t clients, int per_client, std::string_view role) {
  const int64_t limit = raise_fd_limit();
  const int64_t connections = clients * per_client;
  if (connections + kFdReserve > limit) {
    throw ConfigError(fmt::format(
        "{} connections need about {} open files in one {} process, but the open-file limit "
        "(RLIMIT_NOFILE) is {}: use at most {} clients",
        connections, connections + kFdReserve, role, limit, (limit - kFdReserve) / per_client));
  }
}

}  // namespace pushbench
