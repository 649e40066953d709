// The server's account of its TLS handshakes (--tls-cert): how many were full and how many
// resumed a session, in the window and over the whole run, which version and cipher suite each
// negotiated, and the server thread's CPU time inside OpenSSL's handshake. Fed from lws'
// LWS_CALLBACK_SSL_INFO (OpenSSL's info callback, for the events in kTlsInfoEvents).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

struct lws;

namespace pushbench {

// The info callback's events asked for: a handshake's start and end, and every step and exit
// of the accept state machine (SSL_CB_ACCEPT_LOOP, SSL_CB_ACCEPT_EXIT).
extern const int kTlsInfoEvents;

class TlsAccounting {
 public:
  // One info-callback event `where` on `wsi`'s TLS connection; `in_window`: now is inside the
  // measured window.
  void on_info(lws* wsi, int where, bool in_window) noexcept;
  nlohmann::json json() const;

 private:
  uint64_t full_ = 0, resumed_ = 0;
  uint64_t full_in_window_ = 0, resumed_in_window_ = 0;
  int64_t call_start_ns_ = -1;  // thread CPU at the first event of the current SSL_accept call
  int64_t cpu_ns_ = 0;          // thread CPU inside SSL_accept calls, summed
  uint64_t accept_calls_ = 0;
  std::map<std::string, uint64_t> versions_;  // negotiated, as OpenSSL names them
  std::map<std::string, uint64_t> ciphers_;
};

}  // namespace pushbench
