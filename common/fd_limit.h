// The per-process open-file budget (RLIMIT_NOFILE). Here it is 20,000 and cannot be raised, so
// a scenario that needs more connections than one process may open is refused up front with a
// message that says the limit (`pushbench run` spreads clients over several processes past
// 16,000 of them, bench/run/shard_plan.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace pushbench {

constexpr int kFdReserve = 64;  // files a process needs besides its connections

// Raises the soft limit to the hard limit, then returns the soft limit.
int64_t raise_fd_limit() noexcept;

// Throws ConfigError when clients x per_client connections + kFdReserve exceed the limit.
void check_fd_budget(int64_t clients, int per_client, std::string_view role);

}  // namespace pushbench
