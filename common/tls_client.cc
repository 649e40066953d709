// OpenSSL's client side, set up once for pushbench's own TLS clients.
#include "tls_client.h"

#include <openssl/err.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

namespace pushbench {

SslCtxPtr make_tls_client_context(const std::string& ca_path, std::string& error) {
  SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    error = "SSL_CTX_new failed";
    return nullptr;
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  const int loaded = ca_path.empty()
                         ? SSL_CTX_set_default_verify_paths(ctx.get())
                         : SSL_CTX_load_verify_locations(ctx.get(), ca_path.c_str(), nullptr);
  if (loaded != 1) {
    ERR_clear_error();
    error =
        fmt::format("cannot load the CA certificate(s) {}", ca_path.empty() ? "(system)" : ca_path);
    return nullptr;
  }
  return ctx;
}

SslPtr make_tls_client_session(SSL_CTX* ctx, const std::string& host, int fd) {
  SslPtr ssl(SSL_new(ctx));
  if (!ssl) {
    return nullptr;
  }
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
  if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {  // not an IP address: a name
    SSL_set_tlsext_host_name(ssl.get(), host.c_str());
    X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
  }
  if (SSL_set_fd(ssl.get(), fd) != 1) {
    return nullptr;
  }
  SSL_set_connect_state(ssl.get());
  return ssl;
}

std::string tls_failure(const SSL* ssl) {
  if (ssl != nullptr) {
    if (const long verify = SSL_get_verify_result(ssl); verify != X509_V_OK) {
      ERR_clear_error();
      return X509_verify_cert_error_string(verify);
    }
  }
  const unsigned long e = ERR_get_error();
  ERR_clear_error();
  if (e == 0) {
    return "the connection closed or timed out";
  }
  const char* reason = ERR_reason_error_string(e);
  return reason != nullptr ? reason : "unknown OpenSSL error";
}

}  // namespace pushbench
