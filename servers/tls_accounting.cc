// Counting TLS handshakes and their CPU time from OpenSSL's info callback.
#include "tls_accounting.h"

#include <libwebsockets.h>
#include <openssl/ssl.h>

#include <ctime>

namespace pushbench {
namespace {
int64_t thread_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
}  // namespace

const int kTlsInfoEvents =
    SSL_CB_HANDSHAKE_START | SSL_CB_HANDSHAKE_DONE | SSL_CB_ACCEPT_LOOP | SSL_CB_ACCEPT_EXIT;

void TlsAccounting::on_info(lws* wsi, int where, bool in_window) noexcept {
  // One loop, one thread, and an SSL_accept call runs to its exit before any other starts: the
  // CPU between a call's first event and its exit is that handshake's. What runs before the
  // first event of a later call (reading and decrypting the client's next flight) is not
  // counted; the first call (ClientHello to the server's Finished: key exchange and signature)
  // is counted whole, its first event being the handshake's start.
  if (call_start_ns_ < 0 && (where & (SSL_CB_HANDSHAKE_START | SSL_ST_ACCEPT)) != 0) {
    call_start_ns_ = thread_cpu_ns();
  }
  if ((where & SSL_CB_HANDSHAKE_DONE) != 0) {
    SSL* ssl = lws_get_ssl(wsi);
    if (ssl != nullptr) {
      const bool resumed = SSL_session_reused(ssl) == 1;
      ++(resumed ? resumed_ : full_);
      if (in_window) {
        ++(resumed ? resumed_in_window_ : full_in_window_);
      }
      ++versions_[SSL_get_version(ssl)];
      ++ciphers_[SSL_CIPHER_get_name(SSL_get_current_cipher(ssl))];
    }
  }
  if ((where & SSL_CB_ACCEPT_EXIT) == SSL_CB_ACCEPT_EXIT && call_start_ns_ >= 0) {
    cpu_ns_ += thread_cpu_ns() - call_start_ns_;
    call_start_ns_ = -1;
    ++accept_calls_;
  }
}

nlohmann::json TlsAccounting::json() const {
  return {{"handshakes_full", full_},
          {"handshakes_resumed", resumed_},
          {"handshakes_full_in_window", full_in_window_},
          {"handshakes_resumed_in_window", resumed_in_window_},
          {"handshake_cpu_us", static_cast<double>(cpu_ns_) / 1e3},
          {"accept_calls", accept_calls_},
          {"versions", versions_},
          {"ciphers", ciphers_}};
}

}  // namespace pushbench
