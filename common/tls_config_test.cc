// --tls's shared settings: version and on/off parsing, names under the certificate's wildcard,
// and a certificate openssl can read back.
#include "tls_config.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "config_error.h"

namespace pushbench {
namespace {

TEST(TlsConfigTest, ParsesVersionsAndRefusesOthers) {
  EXPECT_EQ(parse_tls_version("1.3", "--tls-version"), TlsVersion::kTls13);
  EXPECT_EQ(parse_tls_version("1.2", "--tls-version"), TlsVersion::kTls12);
  EXPECT_THROW(parse_tls_version("1.1", "--tls-version"), ConfigError);
  EXPECT_THROW(parse_tls_version("", "--tls-version"), ConfigError);
  EXPECT_TRUE(parse_on_off("on", "--tls-resume"));
  EXPECT_FALSE(parse_on_off("off", "--tls-resume"));
  EXPECT_THROW(parse_on_off("maybe", "--tls-resume"), ConfigError);
}

TEST(TlsConfigTest, PinsExactlyOneVersion) {
  EXPECT_NE(openssl_options_pinning(TlsVersion::kTls13) & static_cast<long>(SSL_OP_NO_TLSv1_2), 0);
  EXPECT_EQ(openssl_options_pinning(TlsVersion::kTls13) & static_cast<long>(SSL_OP_NO_TLSv1_3), 0);
  EXPECT_NE(openssl_options_pinning(TlsVersion::kTls12) & static_cast<long>(SSL_OP_NO_TLSv1_3), 0);
  EXPECT_EQ(openssl_options_pinning(TlsVersion::kTls12) & static_cast<long>(SSL_OP_NO_TLSv1_2), 0);
}

TEST(TlsConfigTest, CertificateCoversTheServerAddressAndEveryConnectionName) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("pushbench-tls-test-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string cert = (dir / "cert.pem").string();
  const std::string key = (dir / "key.pem").string();
  make_self_signed_certificate("127.0.0.1", cert, key);
  FILE* f = std::fopen(cert.c_str(), "r");
  ASSERT_NE(f, nullptr);
  X509* x = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(X509_check_ip_asc(x, "127.0.0.1", 0), 1);
  const std::string name = own_connection_name('c', 42);
  EXPECT_EQ(name, "c42.pushbench.test");
  EXPECT_EQ(X509_check_host(x, name.c_str(), name.size(), 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(x, "pushbench.example", 17, 0, nullptr), 0);
  X509_free(x);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace pushbench
