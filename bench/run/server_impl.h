// The implementations `pushbench run --server` runs the same clients against (docs/method.md
// "Second implementations"): pushbench-server itself, nginx serving the polling contract, and
// Pushpin holding long polls, SSE streams and WebSockets for pushbench-server as its GRIP origin.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "transport.h"
#include "workload.h"

namespace pushbench {

enum class ServerImpl { kPushbench, kNginx, kPushpin };

std::string_view name(ServerImpl s) noexcept;
std::optional<ServerImpl> parse_server_impl(std::string_view s) noexcept;
// The transports `s` serves, for the refusal's message ("poll, poll-close").
std::vector<Transport> served_transports(ServerImpl s);
bool serves(ServerImpl s, Transport t) noexcept;
// The workloads `s` serves: the second implementations carry the broadcast (and idle: nothing).
bool serves(ServerImpl s, Workload w) noexcept;

// Where Debian's packages put what the arms run (nginx, libnginx-mod-http-js, pushpin).
inline constexpr const char* kNginxBinary = "/usr/sbin/nginx";
inline constexpr const char* kNjsModule = "/usr/lib/nginx/modules/ngx_http_js_module.so";
inline constexpr const char* kPushpinBinDir = "/usr/bin";  // condure, zurl, pushpin-proxy, -handler
inline constexpr const char* kPushpinInternalConf = "/usr/lib/pushpin/internal.conf";
// "" when `s` can run on this machine, else one line naming the missing Debian package.
std::string missing_package(ServerImpl s);

}  // namespace pushbench
