// What `pushbench conform` needs of WebSocket: a plain ws:// handshake on a socket of its own
// (RFC 6455: Upgrade, a Sec-WebSocket-Key, version 13) and the text messages the server sends
// until enough arrived or time ran out. No TLS, no extensions, no fragmented messages (the
// contract's server sends each event as one frame).
#pragma once

#include <string>
#include <vector>

namespace pushbench {

struct WsRead {
  std::string error;   // why the handshake or a read failed; empty when it went well
  std::string status;  // the handshake's status line
  std::vector<std::string> messages;
};

WsRead ws_read(const std::string& host, int port, const std::string& target, size_t count,
               double timeout_s);

}  // namespace pushbench
