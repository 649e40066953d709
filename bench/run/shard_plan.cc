// How one repetition's clients and server are spread over processes.
#include "shard_plan.h"

#include <algorithm>

#include <fmt/format.h>

#include "config_error.h"
#include "fd_limit.h"

namespace pushbench {
namespace {
constexpr int kMaxShards = 250;  // one octet of 127.0.1.x / 127.0.2.x

int ceil_div(int a, int b) { return (a + b - 1) / b; }
}  // namespace

int ShardPlan::client_first(int k) const noexcept {
  return static_cast<int>(static_cast<int64_t>(k) * clients / client_procs);
}

int ShardPlan::server_first(int s) const noexcept {
  int k = 0;
  while (k < client_procs && server_of(k) < s) {
    ++k;
  }
  return client_first(k);
}

int ShardPlan::server_count(int s) const noexcept {
  return (s + 1 < server_procs ? server_first(s + 1) : clients) - server_first(s);
}

std::string ShardPlan::server_host(int s) const {
  return server_procs == 1 ? "127.0.0.1" : fmt::format("127.0.1.{}", s + 1);
}

std::string ShardPlan::source_address(int k) const {
  return client_procs == 1 || !bind_sources ? "" : fmt::format("127.0.2.{}", k + 1);
}

ShardPlan plan_shards(const RunOptions& o, Transport t, int clients) {
  ShardPlan p;
  p.clients = clients;
  p.bind_sources = !o.netns && !is_websocket(t);
  const bool on_libcurl =
      is_http(t) && (!uses_http_engine(t) || o.http_engine == HttpEngine::kCurl);
  const int per_client_proc = on_libcurl ? kCurlClientsPerProc : kClientsPerProc;
  p.client_procs = o.client_procs > 0          ? o.client_procs
                   : clients > kClientsPerProc ? ceil_div(clients, per_client_proc)
                                               : 1;
  p.server_procs = o.server_procs > 0 ? o.server_procs
                   : clients > kClientsPerServer
                       ? std::min(p.client_procs, ceil_div(clients, kClientsPerProc))
                       : 1;
  const std::string what = fmt::format("{} clients of {}", clients, name(t));
  if (p.client_procs > kMaxShards || p.server_procs > kMaxShards) {
    throw ConfigError(
        fmt::format("{}: at most {} client and {} server processes", what, kMaxShards, kMaxShards));
  }
  if (p.client_procs > clients) {
    throw ConfigError(
        fmt::format("{}: --client-procs {} is more than the clients", what, p.client_procs));
  }
  if (p.server_procs > p.client_procs) {
    throw ConfigError(fmt::format(
        "{}: --server-procs {} is more than the client processes ({}): each server shard needs "
        "client shards of its own",
        what, p.server_procs, p.client_procs));
  }
  if (p.server_procs > 1) {
    // Each server shard is pushbench-server on its own loopback address, with the clients it
    // holds: what a second implementation, a namespace's one address, a certificate made for
    // 127.0.0.1 or a chat room spanning two servers cannot be.
    const char* why = o.netns                             ? "--netns (one server address)"
                      : o.tls                             ? "--tls (the certificate is 127.0.0.1's)"
                      : has_upstream(o.workload.workload) ? "chat and game (rooms span servers)"
                                                          : nullptr;
    if (why != nullptr) {
      throw ConfigError(
          fmt::format("{}: {} server processes do not go with {}; give fewer "
                      "clients or --server-procs 1",
                      what, p.server_procs, why));
    }
  }
  const int per_client = connections_per_client(t, has_upstream(o.workload.workload));
  try {
    for (int k = 0; k < p.client_procs; ++k) {
      check_fd_budget(p.client_count(k), per_client, "client");
    }
    for (int s = 0; s < p.server_procs; ++s) {
      check_fd_budget(p.server_count(s), 1, "server");
    }
  } catch (const ConfigError& e) {
    throw ConfigError(
        fmt::format("{} in {} client and {} server processes: {} per process "
                    "(raise --client-procs / --server-procs)",
                    what, p.client_procs, p.server_procs, e.what()));
  }
  return p;
}

}  // namespace pushbench
