// --tls: what the server and both kinds of client agree on (issue 13 item 3). One protocol
// version pinned on both sides, one cipher suite per version (the server's choice), the
// certificate `pushbench run` makes per run, and the names of the clients' own connections,
// which that certificate covers.
#pragma once

#include <string>
#include <string_view>

namespace pushbench {

enum class TlsVersion { kTls12, kTls13 };

std::string_view name(TlsVersion v) noexcept;  // "1.2", "1.3"
// As OpenSSL names the negotiated version (SSL_get_version): "TLSv1.2", "TLSv1.3".
std::string_view openssl_name(TlsVersion v) noexcept;
// "1.2" or "1.3"; anything else throws ConfigError naming `option`.
TlsVersion parse_tls_version(std::string_view text, std::string_view option);
// "on" or "off"; anything else throws ConfigError naming `option`.
bool parse_on_off(std::string_view text, std::string_view option);

// SSL_OP_NO_* of every version but `v`: set on the server's and the lws client's SSL_CTX so
// both sides offer only `v` (libcurl pins with CURLOPT_SSLVERSION instead).
long openssl_options_pinning(TlsVersion v) noexcept;
// The one cipher suite every transport uses at `v` (AES-128-GCM with ECDHE; the certificate is
// ECDSA P-256), in OpenSSL's naming for that version's cipher setting.
const char* tls_cipher_suite(TlsVersion v) noexcept;

// The DNS name of a curl client's own connection (curl_client_handle.h): `role` 'c' (polls, SSE)
// or 's' (POST /send), then the client id, in a domain the run's certificate covers with one
// wildcard (*.pushbench.test: libcurl and OpenSSL want two labels after a wildcard).
std::string own_connection_name(char role, int id);
inline constexpr std::string_view kTlsWildcardName = "*.pushbench.test";

// The OpenSSL this process runs with (OpenSSL_version), for meta.json.
std::string openssl_version();

// Makes a self-signed ECDSA P-256 certificate and its key for `host` (an IP address: the
// WebSocket client checks it) and kTlsWildcardName, with the openssl command line, into
// cert_path and key_path. Throws std::runtime_error with a one-line reason.
void make_self_signed_certificate(const std::string& host, const std::string& cert_path,
                                  const std::string& key_path);

}  // namespace pushbench
