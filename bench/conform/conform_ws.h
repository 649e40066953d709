// What `pushbench conform` needs of WebSocket: a ws:// handshake on a socket of its own, or a
// wss:// one over OpenSSL (TLS, ALPN http/1.1, the certificate verified against the given CA or
// the system's, for the URL's host name or IP address), per RFC 6455: Upgrade, a
// Sec-WebSocket-Key, version 13; then the text messages the server sends until enough arrived
// or time ran out. No extensions, no fragmented messages (the contract's server sends each
// event as one frame).
#pragma once

#include <string>
#include <vector>

namespace pushbench {

struct WsRead {
  std::string error;   // why the handshake or a read failed; empty when it went well
  std::string status;  // the handshake's status line
  std::vector<std::string> messages;
};

struct WsTls {
  bool on = false;  // wss://
  std::string ca;   // trust only the certificate(s) in this PEM file; empty: the system's CAs
};

WsRead ws_read(const std::string& host, int port, const std::string& target, size_t count,
               double timeout_s, const WsTls& tls);

}  // namespace pushbench
