// The implementations of `pushbench run --server`.
#include "server_impl.h"

#include <unistd.h>

#include <algorithm>
#include <string>

namespace pushbench {

std::string_view name(ServerImpl s) noexcept {
  switch (s) {
    case ServerImpl::kPushbench:
      return "pushbench";
    case ServerImpl::kNginx:
      return "nginx";
    case ServerImpl::kPushpin:
      return "pushpin";
  }
  return "?";
}

std::optional<ServerImpl> parse_server_impl(std::string_view s) noexcept {
  for (ServerImpl impl : {ServerImpl::kPushbench, ServerImpl::kNginx, ServerImpl::kPushpin}) {
    if (s == name(impl)) {
      return impl;
    }
  }
  return std::nullopt;
}

std::vector<Transport> served_transports(ServerImpl s) {
  switch (s) {
    case ServerImpl::kNginx:
      return {Transport::kPoll, Transport::kPollClose};
    case ServerImpl::kPushpin:
      return {Transport::kLongPoll, Transport::kSse, Transport::kWebSocket};
    case ServerImpl::kPushbench:
      break;
  }
  return {std::begin(kAllTransports), std::end(kAllTransports)};
}

bool serves(ServerImpl s, Transport t) noexcept {
  const std::vector<Transport> served = served_transports(s);
  return std::find(served.begin(), served.end(), t) != served.end();
}

bool serves(ServerImpl s, Workload w) noexcept {
  return s == ServerImpl::kPushbench || w == Workload::kBroadcast || w == Workload::kIdle;
}

}  // namespace pushbench

namespace pushbench {

std::string missing_package(ServerImpl s) {
  auto absent = [](const std::string& path) { return access(path.c_str(), R_OK) != 0; };
  switch (s) {
    case ServerImpl::kNginx:
      if (absent(kNginxBinary)) {
        return "--server nginx needs nginx (Debian package nginx; scripts/setup.sh installs it)";
      }
      if (absent(kNjsModule)) {
        return "--server nginx needs njs (Debian package libnginx-mod-http-js; scripts/setup.sh "
               "installs it)";
      }
      return "";
    case ServerImpl::kPushpin:
      for (const char* bin : {"condure", "zurl", "pushpin-proxy", "pushpin-handler"}) {
        if (absent(std::string(kPushpinBinDir) + "/" + bin) || absent(kPushpinInternalConf)) {
          return "--server pushpin needs Pushpin (Debian package pushpin; scripts/setup.sh "
                 "installs it)";
        }
      }
      return "";
    case ServerImpl::kPushbench:
      break;
  }
  return "";
}

}  // namespace pushbench
