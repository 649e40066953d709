// --tls: versions, cipher suites, connection names and the run's certificate.
#include "tls_config.h"

#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <stdexcept>

#include "config_error.h"

namespace pushbench {

std::string_view name(TlsVersion v) noexcept { return v == TlsVersion::kTls12 ? "1.2" : "1.3"; }

std::string_view openssl_name(TlsVersion v) noexcept {
  return v == TlsVersion::kTls12 ? "TLSv1.2" : "TLSv1.3";
}

TlsVersion parse_tls_version(std::string_view text, std::string_view option) {
  if (text == "1.2") {
    return TlsVersion::kTls12;
  }
  if (text == "1.3") {
    return TlsVersion::kTls13;
  }
  throw ConfigError(fmt::format("{} must be 1.2 or 1.3 (got '{}')", option, text));
}

bool parse_on_off(std::string_view text, std::string_view option) {
  if (text == "on") {
    return true;
  }
  if (text == "off") {
    return false;
  }
  throw ConfigError(fmt::format("{} must be on or off (got '{}')", option, text));
}

long openssl_options_pinning(TlsVersion v) noexcept {
  const long older = static_cast<long>(SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
  return older | static_cast<long>(v == TlsVersion::kTls12 ? SSL_OP_NO_TLSv1_3 : SSL_OP_NO_TLSv1_2);
}

const char* tls_cipher_suite(TlsVersion v) noexcept {
  return v == TlsVersion::kTls12 ? "ECDHE-ECDSA-AES128-GCM-SHA256" : "TLS_AES_128_GCM_SHA256";
}

std::string own_connection_name(char role, int id) {
  return fmt::format("{}{}.pushbench.test", role, id);
}

std::string openssl_version() { return OpenSSL_version(OPENSSL_VERSION); }

void make_self_signed_certificate(const std::string& host, const std::string& cert_path,
                                  const std::string& key_path) {
  const std::string san = fmt::format("subjectAltName=IP:{},DNS:{}", host, kTlsWildcardName);
  const char* argv[] = {"openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        key_path.c_str(),
                        "-out",
                        cert_path.c_str(),
                        "-days",
                        "2",
                        "-subj",
                        "/CN=pushbench run",
                        "-addext",
                        san.c_str(),
                        nullptr};
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("cannot make the TLS certificate: fork failed");
  }
  if (pid == 0) {
    // openssl's progress and notes would interleave with the run's output.
    if (freopen("/dev/null", "w", stderr) == nullptr) {
      _exit(127);
    }
    execvp(argv[0], const_cast<char* const*>(argv));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw std::runtime_error("cannot make the TLS certificate: lost the openssl process");
    }
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(
        WIFEXITED(status) && WEXITSTATUS(status) == 127
            ? std::string("cannot make the TLS certificate: the openssl command is not installed")
            : fmt::format("cannot make the TLS certificate: openssl req failed (status {})",
                          status));
  }
}

}  // namespace pushbench
