// --tls end to end (issue 13 item 3). One `pushbench run --tls --transports all` (20 clients,
// short window) and one of poll-close with --tls-resume off at TLS 1.2: every transport delivers
// over TLS at the pinned version, the server counts one full handshake per persistent connection,
// poll-close one handshake per request, resumed when resumption is on and never when it is off.
// Then an outside client (curl, openssl s_client) against pushbench-server --tls-cert: TLS 1.3,
// the run's certificate, ALPN http/1.1 even when h2 is offered, and no plain HTTP on that port;
// the raw-TCP port speaks TLS too (events over s_client, none to a plain client).
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.h"
#include "test_support.h"
#include "tls_config.h"

namespace pushbench::test {
namespace {

constexpr int kClients = 20;
constexpr double kPollIntervalMs = 100;  // poll-close: 10 handshakes per client per second

class TlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    all_ = run({"--transports", "all"}, "all");
    resume_off_ = run({"--transports", "poll-close", "--tls-resume", "off", "--tls-version", "1.2"},
                      "resume-off");
  }

  static void TearDownTestSuite() {
    all_.clear();
    resume_off_.clear();
    dir_.reset();
  }

  // One `pushbench run --tls` with `extra`: its rows by transport.
  static std::map<std::string, ResultsRow> run(std::vector<std::string> extra,
                                               const std::string& out) {
    std::vector<std::string> argv = {PUSHBENCH_CLI_BIN,
                                     "run",
                                     "--tls",
                                     "--clients",
                                     std::to_string(kClients),
                                     "--rate",
                                     "20",
                                     "--poll-interval",
                                     fmt::format("{}", kPollIntervalMs),
                                     "--warmup",
                                     "1",
                                     "--duration",
                                     "1",
                                     "--drain",
                                     "0.5",
                                     "--seed",
                                     "13",
                                     "--no-plots",
                                     "--out",
                                     dir_->file(out)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_rows_by_transport(argv, dir_->path(), dir_->file(out));
  }

  // The server's TLS statistics of `transport`'s (only) repetition in run `out`.
  static nlohmann::json server_tls(const std::string& out, const std::string& transport) {
    const nlohmann::json j = nlohmann::json::parse(
        read_file(fmt::format("{}/raw/{}-r1.server.json", dir_->file(out), transport)), nullptr,
        false);
    return j.is_discarded() || !j.contains("tls") ? nlohmann::json() : j.at("tls");
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::map<std::string, ResultsRow> all_;
  static inline std::map<std::string, ResultsRow> resume_off_;
};

TEST_F(TlsTest, EveryTransportDeliversEverythingAtThePinnedVersion) {
  ASSERT_EQ(all_.size(), 7U) << "one row per transport";
  for (const auto& [transport, row] : all_) {
    SCOPED_TRACE(transport);
    EXPECT_GT(number(row, "notifications_expected"), 0);
    EXPECT_EQ(number(row, "notifications_delivered"), number(row, "notifications_expected"));
    EXPECT_EQ(number(row, "client_errors"), 0);
    // The raw-TCP floor too: it is the floor of the TLS transports.
    EXPECT_EQ(row.at("tls"), "on");
    EXPECT_EQ(row.at("tls_resume"), "on");
    EXPECT_EQ(row.at("tls_version"), "TLSv1.3");
    EXPECT_GT(number(row, "tls_server_cpu_us_per_handshake"), 0);
  }
}

TEST_F(TlsTest, PersistentTransportsPayOneFullHandshakePerConnection) {
  for (const char* t : {"poll", "longpoll", "sse", "ws", "ws-deflate", "tcp"}) {
    SCOPED_TRACE(t);
    const nlohmann::json tls = server_tls("all", t);
    ASSERT_TRUE(tls.is_object()) << "no tls statistics from the server";
    EXPECT_EQ(tls.at("handshakes_full").get<int>(), kClients);
    EXPECT_EQ(tls.at("handshakes_resumed").get<int>(), 0);
    EXPECT_EQ(tls.at("versions").at("TLSv1.3").get<int>(), kClients);
    EXPECT_EQ(tls.at("ciphers").at(tls_cipher_suite(TlsVersion::kTls13)).get<int>(), kClients);
  }
}

TEST_F(TlsTest, PollCloseResumesOnEveryConnectionButEachClientsFirst) {
  const ResultsRow& row = all_.at("poll-close");
  const double handshakes =
      number(row, "tls_handshakes_full") + number(row, "tls_handshakes_resumed");
  // One handshake per request; the window's edges may split a request from its handshake.
  EXPECT_NEAR(handshakes, number(row, "requests_total"), kClients);
  const nlohmann::json tls = server_tls("all", "poll-close");
  ASSERT_TRUE(tls.is_object());
  EXPECT_EQ(tls.at("handshakes_full").get<int>(), kClients);  // each client's first connection
  EXPECT_GT(tls.at("handshakes_resumed").get<int>(), 10 * kClients);
}

TEST_F(TlsTest, PollCloseWithoutResumptionPaysAFullHandshakePerRequest) {
  ASSERT_EQ(resume_off_.count("poll-close"), 1U);
  const ResultsRow& row = resume_off_.at("poll-close");
  EXPECT_EQ(row.at("tls_resume"), "off");
  EXPECT_EQ(row.at("tls_version"), "TLSv1.2");
  EXPECT_EQ(number(row, "notifications_delivered"), number(row, "notifications_expected"));
  EXPECT_EQ(number(row, "tls_handshakes_resumed"), 0);
  EXPECT_NEAR(number(row, "tls_handshakes_full"), number(row, "requests_total"), kClients);
  const nlohmann::json tls = server_tls("resume-off", "poll-close");
  ASSERT_TRUE(tls.is_object());
  EXPECT_EQ(tls.at("handshakes_resumed").get<int>(), 0);
  EXPECT_EQ(tls.at("ciphers").at(tls_cipher_suite(TlsVersion::kTls12)).get<int>(),
            tls.at("handshakes_full").get<int>());
}

// pushbench-server with --tls-cert, seen by clients that are not pushbench's.
class TlsOutsideClientTest : public ServerFixture {
 protected:
  void SetUp() override {
    make_self_signed_certificate("127.0.0.1", dir_.file("cert.pem"), dir_.file("key.pem"));
    start_server(
        {"--clients", "4", "--tls-cert", dir_.file("cert.pem"), "--tls-key", dir_.file("key.pem")});
  }
  ProcessResult run_tool(const std::vector<std::string>& argv) {
    return run_process(argv, dir_.path(), dir_.path(), std::chrono::seconds(10));
  }
};

TEST_F(TlsOutsideClientTest, CurlSeesTls13TheRunsCertificateAndHttp11) {
  // curl offers h2 and http/1.1; the server must choose http/1.1 (no WebSocket over HTTP/2).
  const ProcessResult r = run_tool(
      {"/usr/bin/curl", "-sv", "--http2", "--tlsv1.2", "--cacert", dir_.file("cert.pem"),
       fmt::format("https://127.0.0.1:{}/poll?client=1&after=0", port_), "-o", dir_.file("body")});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("ALPN: server accepted http/1.1"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("subject: CN=pushbench run"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("< HTTP/1.1 20"), std::string::npos) << r.err;
}

TEST_F(TlsOutsideClientTest, OpensslSClientVerifiesTheCertificateAndRefusesTls12) {
  const ProcessResult ok = run_tool(
      {"/bin/sh", "-c",
       fmt::format("openssl s_client -connect 127.0.0.1:{} -CAfile {} -verify_return_error "
                   "</dev/null",
                   port_, dir_.file("cert.pem"))});
  EXPECT_EQ(ok.exit_code, 0) << ok.describe();
  EXPECT_NE(ok.out.find("New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256"), std::string::npos)
      << ok.out;
  EXPECT_NE(ok.out.find("Verify return code: 0 (ok)"), std::string::npos) << ok.out;
  // Pinned to 1.3 (the default --tls-version): a 1.2-only client gets no handshake.
  const ProcessResult old =
      run_tool({"/bin/sh", "-c",
                fmt::format("openssl s_client -connect 127.0.0.1:{} -tls1_2 </dev/null", port_)});
  EXPECT_NE(old.exit_code, 0) << old.describe();
}

TEST_F(TlsOutsideClientTest, OpensslSClientGetsEventsOverTlsOnTheRawTcpPort) {
  // The id line in, event lines out, through a TLS 1.3 session that verified the certificate.
  const ProcessResult r = run_tool(
      {"/bin/sh", "-c",
       fmt::format("(printf '1\\n'; sleep 1) | openssl s_client -connect 127.0.0.1:{} -CAfile {} "
                   "-verify_return_error -brief -no_ign_eof",
                   tcp_port_, dir_.file("cert.pem"))});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("Protocol version: TLSv1.3"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Ciphersuite: TLS_AES_128_GCM_SHA256"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Verification: OK"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("{\"seq\":"), std::string::npos) << r.out;
}

TEST_F(TlsOutsideClientTest, APlainClientOnTheTlsRawTcpPortGetsNoEvent) {
  const Fd fd = connect_loopback(tcp_port_, 1500);
  ASSERT_EQ(send(fd.get(), "1\n", 2, MSG_NOSIGNAL), 2);
  std::string got;
  char buf[4096];
  for (ssize_t n; (n = recv(fd.get(), buf, sizeof buf, 0)) > 0;) {  // until EOF or 1.5 s of quiet
    got.append(buf, static_cast<size_t>(n));
  }
  EXPECT_EQ(got.find("\"seq\""), std::string::npos) << got;
}

TEST_F(TlsOutsideClientTest, ATcpClientThatDistrustsTheCertificateSaysWhyOnceAndGivesUp) {
  // Another self-signed certificate as its CA: every handshake fails the check, each is counted
  // and retried, the first one says why, and --give-up ends it.
  make_self_signed_certificate("127.0.0.1", dir_.file("other.pem"), dir_.file("other-key.pem"));
  const ProcessResult r = run_tool(
      {PUSHBENCH_CLIENT_BIN, "--transport", "tcp", "--port", std::to_string(tcp_port_), "--clients",
       "3", "--tls-ca", dir_.file("other.pem"), "--epoch-mono-ns", std::to_string(epoch_),
       "--warmup", "0", "--duration", "600", "--give-up", "1", "--result", dir_.file("c.json")});
  ASSERT_FALSE(r.timed_out) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const std::vector<std::string> lines = split_lines(r.err);
  ASSERT_EQ(lines.size(), 2U) << r.describe();
  EXPECT_NE(lines[0].find("TLS handshake with 127.0.0.1 failed: self-signed certificate"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find("--give-up"), std::string::npos) << lines[1];
}

TEST_F(TlsOutsideClientTest, PlainHttpOnTheTlsPortGetsNoAnswer) {
  // lws 4.1.6 serves plain HTTP on a vhost it was asked to make TLS when the vhost lacks
  // LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT: a plain request must not be answered.
  const ProcessResult r = run_tool({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                                    "--max-time", "5", fmt::format("http://127.0.0.1:{}/", port_)});
  EXPECT_EQ(r.out, "000") << r.describe();
}

}  // namespace
}  // namespace pushbench::test
