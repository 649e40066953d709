// What pushbench-server adds for the live page (`pushbench demo`, --demo-dir DIR; web/): lws
// serves DIR's files itself under /demo/ (a static mount, no code of ours on that path), and
// GET /clock tells the page the server's CLOCK_MONOTONIC, so that it can put events' t_ns on
// its own clock (docs/demo.md). Without --demo-dir neither exists and the server is unchanged.
#pragma once

#include <libwebsockets.h>

#include <string>

namespace pushbench {

struct ServerState;

// The mount lws keeps a pointer to for the context's lifetime (lws_context_creation_info's
// mounts): keep this object alive at least as long as the context.
class DemoMount {
 public:
  // dir "" = no page. Throws ConfigError when dir is not a readable directory with index.html.
  explicit DemoMount(const std::string& dir);
  DemoMount(const DemoMount&) = delete;
  DemoMount& operator=(const DemoMount&) = delete;

  const lws_http_mount* mounts() const noexcept { return dir_.empty() ? nullptr : &mount_; }

 private:
  std::string dir_;
  lws_http_mount mount_{};
};

// GET /clock: 200 application/json {"mono_ns":N,"clients":C}, N read just before the response
// is written, never cached. Returns the lws callback result.
int serve_clock(ServerState& state, lws* wsi);

}  // namespace pushbench
