// `pushbench demo`: the live page. Starts pushbench-server on loopback with a seeded broadcast
// that runs until Ctrl-C and --demo-dir pointing at web/, prints the page's URL, and when
// stopped prints what the server served. The page (web/index.html) shows fetch polling, long
// polling, EventSource and WebSocket side by side (docs/demo.md).
#pragma once

#include <cstdint>
#include <string>

namespace CLI {
class App;
}

namespace pushbench {

struct DemoOptions {
  int port = 8080;  // 0 = any free port
  double rate_hz = 5;
  int payload_bytes = 256;
  uint64_t seed = 1;
  // Client ids the server knows: each page takes four (one per panel), from a random multiple
  // of four, so a few tabs at once do not take each other's streams over.
  int clients = 64;
  int poll_interval_ms = 1000;  // the fetch-polling panel's interval (put in the URL)
  std::string web_dir;          // "" = the source tree's web/
};

void add_demo_options(CLI::App& app, DemoOptions& options);

// Runs until SIGINT/SIGTERM: 0; the server failed to start or died: 1; bad options: throws
// ConfigError.
int demo_command(const DemoOptions& options);

}  // namespace pushbench
