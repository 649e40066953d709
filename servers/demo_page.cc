// The live page's static mount and GET /clock.
#include "demo_page.h"

#include <unistd.h>

#include <fmt/format.h>

#include <filesystem>

#include "clock.h"
#include "config_error.h"
#include "http_response.h"
#include "server_state.h"

namespace pushbench {
namespace {
constexpr char kMountPoint[] = "/demo";
}  // namespace

DemoMount::DemoMount(const std::string& dir) : dir_(dir) {
  if (dir_.empty()) {
    return;
  }
  std::error_code ec;
  if (!std::filesystem::is_directory(dir_, ec) ||
      access((dir_ + "/index.html").c_str(), R_OK) != 0) {
    throw ConfigError(fmt::format("--demo-dir {}: no readable index.html there", dir_));
  }
  mount_.mountpoint = kMountPoint;
  mount_.mountpoint_len = static_cast<unsigned char>(sizeof kMountPoint - 1);
  mount_.origin = dir_.c_str();
  mount_.def = "index.html";
  mount_.origin_protocol = LWSMPRO_FILE;
  // A reload after editing web/ should see the edit: no caching.
  mount_.cache_max_age = 0;
}

int serve_clock(ServerState& state, lws* wsi) {
  // The clock is read as late as can be, when the response is assembled: the page centres the
  // reading in the request's round trip and calls half of it the uncertainty.
  const std::string body =
      fmt::format("{{\"mono_ns\":{},\"clients\":{}}}", mono_ns(), state.mailboxes.size());
  HttpResponse response(wsi, state.scratch);
  if (!response.begin(HTTP_STATUS_OK, "application/json", body.size()) ||
      !response.add_header("cache-control:", "no-store")) {
    return -1;
  }
  response.body().append(body);
  return response.finish();
}

}  // namespace pushbench
