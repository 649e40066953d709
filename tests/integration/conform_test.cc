// `pushbench conform URL` passes pushbench-server, which follows docs/contract.md (over plain
// HTTP and over TLS: https and wss), and fails a 20-line SSE server of a user's own with a
// reason on every line (exit 1).
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "clock.h"
#include "test_support.h"
#include "tls_config.h"

namespace pushbench::test {
namespace {

ProcessResult conform(const TempDir& dir, const std::string& url,
                      const std::vector<std::string>& extra = {}) {
  std::vector<std::string> argv = {PUSHBENCH_CLI_BIN, "conform", "--timeout", "3s", url};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return run_process(argv, dir.path(), dir.path(), std::chrono::seconds(60));
}

TEST(ConformTest, PushbenchServerPassesEveryCheck) {
  TempDir dir;
  ChildProcess server({PUSHBENCH_SERVER_BIN, "--port", "0", "--clients", "4"}, -1,
                      dir.file("server.stderr"));
  const auto line = server.read_line(mono_ns() + 10 * kNsPerSec);
  ASSERT_TRUE(line.has_value()) << server.describe();
  const int port = nlohmann::json::parse(*line).at("port").get<int>();
  const ProcessResult r = conform(dir, "http://127.0.0.1:" + std::to_string(port));
  EXPECT_EQ(r.exit_code, 0) << r.describe() << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  for (const char* check :
       {"poll ", "poll after", "bad request", "longpoll", "sse ", "sse resume", "ws "}) {
    EXPECT_NE(r.out.find(std::string("pass  ") + check), std::string::npos) << check << r.out;
  }
  EXPECT_NE(r.out.find("7 of 7 checks passed"), std::string::npos) << r.out;
}

// Over TLS: https for the HTTP checks and wss for the WebSocket one, trusting the server's
// self-signed certificate with --tls-ca; without it every check fails on the certificate.
TEST(ConformTest, PushbenchServerOverTlsPassesEveryCheckWithItsCertificate) {
  TempDir dir;
  make_self_signed_certificate("127.0.0.1", dir.file("cert.pem"), dir.file("key.pem"));
  ChildProcess server({PUSHBENCH_SERVER_BIN, "--port", "0", "--clients", "4", "--tls-cert",
                       dir.file("cert.pem"), "--tls-key", dir.file("key.pem")},
                      -1, dir.file("server.stderr"));
  const auto line = server.read_line(mono_ns() + 10 * kNsPerSec);
  ASSERT_TRUE(line.has_value()) << server.describe();
  const std::string url =
      "https://127.0.0.1:" + std::to_string(nlohmann::json::parse(*line).at("port").get<int>());
  const ProcessResult r = conform(dir, url, {"--tls-ca", dir.file("cert.pem")});
  EXPECT_EQ(r.exit_code, 0) << r.describe() << r.out;
  EXPECT_NE(r.out.find("pass  ws           wss: GET /ws?client=3: 101"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("7 of 7 checks passed"), std::string::npos) << r.out;

  const ProcessResult untrusted = conform(dir, url);
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.describe();
  EXPECT_NE(untrusted.out.find("FAIL  ws           wss: GET /ws?client=3 (Upgrade: websocket): "
                               "the TLS handshake failed: self-signed certificate"),
            std::string::npos)
      << untrusted.out;
  EXPECT_NE(untrusted.out.find("0 of 5 checks passed"), std::string::npos) << untrusted.out;
}

TEST(ConformTest, ATwentyLineSseServerFailsWithReasons) {
  TempDir dir;
  ChildProcess server(
      {"/usr/bin/env", "python3",
       std::string(PUSHBENCH_SOURCE_DIR) + "/tests/integration/endpoints/sse_server.py"},
      -1, dir.file("sse.log"));
  const auto line = server.read_line(mono_ns() + 20 * kNsPerSec);
  ASSERT_TRUE(line.has_value()) << server.describe();
  const ProcessResult r = conform(dir, "http://127.0.0.1:" + *line);
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  const std::vector<std::string> lines = split_lines(r.out);
  for (const char* reason :
       {"FAIL  poll         GET /poll?client=0&after=-1: answered 404, not 200 or 204",
        "FAIL  bad request  GET /poll?client=abc&after=-1: answered 404, not 400",
        "FAIL  sse          GET /sse?client=2: answered 404, not 200",
        "FAIL  ws           GET /ws?client=3 (Upgrade: websocket): the handshake was answered"}) {
    EXPECT_NE(r.out.find(reason), std::string::npos) << reason << "\n" << r.out;
  }
  EXPECT_NE(r.out.find("0 of 5 checks passed"), std::string::npos) << r.out;
}

TEST(ConformTest, ABadUrlIsExitTwo) {
  TempDir dir;
  const ProcessResult r = conform(dir, "ftp://127.0.0.1:1");
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_EQ(split_lines(r.err).size(), 1U) << r.err;
}

}  // namespace
}  // namespace pushbench::test
