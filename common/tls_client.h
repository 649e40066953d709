// A TLS client of pushbench's own over a socket it owns (OpenSSL): the raw-TCP floor over TLS
// (clients/tcp_session.cc) and `pushbench conform`'s wss reader. The libcurl and lws clients
// set the same things up through their libraries.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

namespace pushbench {

struct SslFree {
  void operator()(SSL* s) const noexcept { SSL_free(s); }
  void operator()(SSL_CTX* c) const noexcept { SSL_CTX_free(c); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslFree>;
using SslPtr = std::unique_ptr<SSL, SslFree>;

// A client context that verifies the server's certificate against the PEM file `ca_path` (empty:
// the system's CAs). Null, with a one-line reason in `error`, when it cannot.
SslCtxPtr make_tls_client_context(const std::string& ca_path, std::string& error);

// A new session of `ctx` that expects `host`'s certificate (an IP address, or a DNS name, which
// it also sends as SNI), over `fd`, in the client role. Null if OpenSSL cannot make one.
SslPtr make_tls_client_session(SSL_CTX* ctx, const std::string& host, int fd);

// Why the last OpenSSL call on `ssl` failed, in one line: the certificate check's verdict if that
// failed ("self-signed certificate"), else OpenSSL's first queued error (the queue is cleared).
std::string tls_failure(const SSL* ssl);

}  // namespace pushbench
