// `pushbench conform URL`: does the server at URL follow docs/contract.md, the contract that
// pushbench's delivery accounting needs (the event format, /poll with after=, /longpoll, /sse
// with Last-Event-ID, /ws, 4xx for a bad client)? One line per check, "pass" or "FAIL" with the
// reason, so that someone implementing the contract in their own server knows what is left.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace pushbench {

struct ConformOptions {
  std::string url;       // http://HOST:PORT (a path is ignored)
  double timeout_s = 5;  // the longest one check waits for an event
  std::string tls_ca;    // https / wss: trust only this PEM; empty: the system's CAs
};

void add_conform_options(CLI::App& app, ConformOptions& options);

// Prints the checks on stdout. 0 when every check passed, 1 when one failed; a URL that is not
// http(s)://HOST[:PORT] is a ConfigError.
int conform_command(const ConformOptions& options);

}  // namespace pushbench
