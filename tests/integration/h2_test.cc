// HTTP/2 end to end (issue 14): poll-h2, longpoll-h2 and sse-h2 under `pushbench run --tls`.
// H2Test (one CTest test: its suite set-up does three short runs that every test reads):
// broadcast at the default one connection per client, chat (its POST /send as streams on the
// same connection), and 200 clients on one connection (200 concurrent streams, past lws 4.1.6's
// default 24). Every row must be served over HTTP/2 (ALPN h2, measured by the server), deliver
// everything with no error (a GOAWAY would fail streams), and open one TLS connection per
// connection it should. The HPACK replay must agree with the kernel's byte count. Then
// H2OutsideClientTest: curl --http2 against pushbench-server --h2: the long-poll hang timeout
// ends a held stream (lws gives such a stream no timeout of its own), twice on one connection,
// an SSE stream resumes right after the event it names (lws 4.1.6 drops Last-Event-ID from
// HTTP/2 requests, so the resume point also goes in the query: ?after=SEQ), and h2load counts
// the response header bytes the server says it wrote. Without TLS the same transports run as h2c
// with prior knowledge (H2Test's cleartext run; curl and h2load on http:// here).
#include <unistd.h>

#include <chrono>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "parse.h"
#include "server_fixture.h"
#include "test_support.h"
#include "tls_config.h"

namespace pushbench::test {
namespace {

constexpr int kClients = 20;
constexpr int kSharedClients = 200;  // on one connection: 200 concurrent streams

class H2Test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    broadcast_ =
        run({"--transports", "poll-h2,longpoll-h2,sse-h2", "--clients", std::to_string(kClients)},
            "broadcast");
    chat_ = run({"--transports", "poll-h2,sse-h2", "--workload", "chat", "--clients",
                 std::to_string(kClients)},
                "chat");
    shared_ =
        run({"--transports", "longpoll-h2,sse-h2", "--clients", std::to_string(kSharedClients),
             "--h2-clients-per-conn", std::to_string(kSharedClients)},
            "shared");
    cleartext_ = run({"--transports", "poll-h2,sse-h2", "--clients", std::to_string(kClients)},
                     "cleartext", /*tls=*/false);
  }

  static void TearDownTestSuite() {
    broadcast_.clear();
    chat_.clear();
    shared_.clear();
    cleartext_.clear();
    dir_.reset();
  }

  static std::map<std::string, ResultsRow> run(std::vector<std::string> extra,
                                               const std::string& out, bool tls = true) {
    std::vector<std::string> argv = {
        PUSHBENCH_CLI_BIN, "run", "--rate",     "20",    "--poll-interval", "100",
        "--warmup",        "1",   "--duration", "1",     "--drain",         "0.5",
        "--seed",          "14",  "--no-plots", "--out", dir_->file(out)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    if (tls) {
      argv.emplace_back("--tls");
    }
    return run_rows_by_transport(argv, dir_->path(), dir_->file(out));
  }

  static nlohmann::json raw(const std::string& out, const std::string& transport,
                            const char* side) {
    const nlohmann::json j = nlohmann::json::parse(
        read_file(fmt::format("{}/raw/{}-r1.{}.json", dir_->file(out), transport, side)), nullptr,
        false);
    return j.is_discarded() ? nlohmann::json::object() : j;
  }

  static void expect_clean_h2(const std::map<std::string, ResultsRow>& rows, size_t n,
                              const std::string& tls_version = "TLSv1.3") {
    ASSERT_EQ(rows.size(), n);
    for (const auto& [transport, row] : rows) {
      SCOPED_TRACE(transport);
      EXPECT_EQ(row.at("http_version"), "2") << "not every request came on an HTTP/2 stream";
      EXPECT_GT(number(row, "notifications_expected"), 0);
      EXPECT_EQ(number(row, "notifications_delivered"), number(row, "notifications_expected"));
      EXPECT_EQ(number(row, "client_errors"), 0) << "a failed stream (GOAWAY, reset) is an error";
      EXPECT_EQ(row.at("tls_version"), tls_version);
    }
  }

  static inline std::unique_ptr<TempDir> dir_;
  static inline std::map<std::string, ResultsRow> broadcast_, chat_, shared_, cleartext_;
};

TEST_F(H2Test, EveryH2TransportNegotiatesH2AndDeliversEverything) {
  expect_clean_h2(broadcast_, 3);
  expect_clean_h2(chat_, 2);
  for (const auto& [transport, row] : broadcast_) {
    SCOPED_TRACE(transport);
    EXPECT_EQ(row.at("h2_clients_per_conn"), "1");
    EXPECT_GT(number(row, "h2_response_header_bytes"), 0);
    EXPECT_GT(number(row, "h2_frame_bytes_per_notification"), 0);
  }
}

TEST_F(H2Test, ChatSendsItsPostsOnTheClientsOneConnection) {
  for (const char* t : {"poll-h2", "sse-h2"}) {
    SCOPED_TRACE(t);
    const ResultsRow& row = chat_.at(t);
    EXPECT_GT(number(row, "upstream_requests"), 0);
    EXPECT_EQ(number(row, "upstream_lost"), 0);
    const nlohmann::json client = raw("chat", t, "client");
    EXPECT_EQ(client.value("connections_open_at_end", -1), kClients);
    // One TLS handshake per connection: one per client, POSTs included.
    EXPECT_EQ(raw("chat", t, "server").at("tls").at("handshakes_full").get<int>(), kClients);
  }
}

TEST_F(H2Test, TwoHundredStreamsOnOneConnectionGetNoGoaway) {
  expect_clean_h2(shared_, 2);
  for (const char* t : {"longpoll-h2", "sse-h2"}) {
    SCOPED_TRACE(t);
    EXPECT_EQ(shared_.at(t).at("h2_clients_per_conn"), std::to_string(kSharedClients));
    EXPECT_EQ(raw("shared", t, "client").value("connections_open_at_end", -1), 1);
    const nlohmann::json server = raw("shared", t, "server");
    // One connection, but a connection is replaced (transparently: no error) after about 8,200
    // streams: 20 long polls per second for 200 clients reach that in two seconds.
    EXPECT_LE(server.at("tls").at("handshakes_full").get<int>(),
              1 + server.at("h2_requests").get<int>() / 8000);
    if (std::string(t) == "sse-h2") {  // every client's stream open at once on the one connection
      EXPECT_EQ(server.at("h2").at("max_open_streams").get<int>(), kSharedClients);
    } else {  // long polls come and go, but most are held at any time
      EXPECT_GE(server.at("h2").at("max_open_streams").get<int>(), kSharedClients / 2);
    }
  }
}

// Without --tls: h2c with prior knowledge, still one connection per client, no TLS anywhere.
TEST_F(H2Test, WithoutTlsRunsH2cWithPriorKnowledge) {
  expect_clean_h2(cleartext_, 2, /*tls_version=*/"");
  for (const char* t : {"poll-h2", "sse-h2"}) {
    SCOPED_TRACE(t);
    EXPECT_EQ(cleartext_.at(t).at("tls"), "off");
    EXPECT_EQ(raw("cleartext", t, "client").value("connections_open_at_end", -1), kClients);
    EXPECT_GT(raw("cleartext", t, "server").at("h2_requests").get<int>(), 0);
  }
}

// poll-h2 sends nothing up but its requests, each one HEADERS frame in one TLS 1.3 record (5 B
// header, 1 B content type, 16 B tag): the kernel's upstream bytes per request must be that plus
// the replayed header block.
TEST_F(H2Test, ReplayedRequestBlocksAgreeWithTheKernelsUpstreamBytes) {
  const ResultsRow& row = broadcast_.at("poll-h2");
  const nlohmann::json client = raw("broadcast", "poll-h2", "client");
  const double requests = client.at("requests").get<double>();
  ASSERT_GT(requests, 0);
  const double up_per_request = client.at("app_bytes_up").get<double>() / requests;
  EXPECT_NEAR(up_per_request, 22 + 9 + number(row, "h2_request_header_bytes_steady"), 1.5);
  EXPECT_GT(number(row, "h2_request_header_bytes_first"),
            number(row, "h2_request_header_bytes_steady"));
}

// pushbench-server --h2, seen by curl's HTTP/2 (libnghttp2).
class H2OutsideClientTest : public ServerFixture {
 protected:
  // With TLS (ALPN h2) unless `tls` is false: h2c with prior knowledge.
  void start(const std::vector<std::string>& workload, bool tls = true) {
    tls_ = tls;
    std::vector<std::string> argv = {"--clients", "4", "--h2"};
    if (tls) {
      make_self_signed_certificate("127.0.0.1", dir_.file("cert.pem"), dir_.file("key.pem"));
      argv.insert(argv.end(),
                  {"--tls-cert", dir_.file("cert.pem"), "--tls-key", dir_.file("key.pem")});
    }
    argv.insert(argv.end(), workload.begin(), workload.end());
    start_server(argv);
  }
  ProcessResult curl(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/usr/bin/curl", "-s"};
    if (tls_) {
      argv.insert(argv.end(), {"--http2", "--cacert", dir_.file("cert.pem")});
    } else {
      argv.emplace_back("--http2-prior-knowledge");
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, dir_.path(), dir_.path(), std::chrono::seconds(10));
  }
  std::string url(const std::string& target) const {
    return fmt::format("{}://127.0.0.1:{}{}", tls_ ? "https" : "http", port_, target);
  }
  bool tls_ = true;
};

TEST_F(H2OutsideClientTest, LongPollHangTimeoutEndsHeldStreamsOnOneConnection) {
  start({"--workload", "idle", "--longpoll-timeout", "0.4"});
  const ProcessResult r = curl(
      {"-o", "/dev/null", "-w", "%{http_code} %{http_version} %{num_connects} %{time_total}\\n",
       url("/longpoll?client=1&after=-1"), url("/longpoll?client=1&after=-1")});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const std::vector<std::string> lines = split_lines(r.out);
  ASSERT_EQ(lines.size(), 2U) << r.out;
  const std::regex answer(R"(204 2 ([01]) ([0-9.]+))");
  int connects = 0;
  for (const std::string& line : lines) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(line, m, answer)) << line;
    connects += std::stoi(m[1]);
    EXPECT_GE(std::stod(m[2]), 0.35) << "answered before the hang timeout";
    EXPECT_LT(std::stod(m[2]), 2.0) << "the held stream outlived the hang timeout";
  }
  EXPECT_EQ(connects, 1) << "the second long poll did not reuse the connection";
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.at("longpoll_timeouts").get<int>(), 2);
  EXPECT_EQ(stats.at("h2_requests").get<int>(), 2);
}

// Cleartext: every connection speaks HTTP/2 from its first byte (no Upgrade), many requests in
// turn on one connection (h2load), and an HTTP/1.1 request gets no HTTP/1.1 answer. (The curl
// tool of Debian 12, 7.88, is given one URL a run: it cannot reuse a prior-knowledge connection,
// curl issue 10634; h2c_connections.h.)
TEST_F(H2OutsideClientTest, WithoutTlsServesH2cWithPriorKnowledge) {
  start({"--workload", "idle", "--longpoll-timeout", "0.2"}, /*tls=*/false);
  for (const char* target : {"/poll?client=1&after=-1", "/longpoll?client=2&after=-1"}) {
    const ProcessResult r =
        curl({"-o", "/dev/null", "-w", "%{http_code} %{http_version}", url(target)});
    ASSERT_EQ(r.exit_code, 0) << r.describe();
    EXPECT_EQ(r.out, "204 2") << target;
  }
  const ProcessResult h1 =
      run_process({"/usr/bin/curl", "-s", "--http1.1", "--max-time", "2", "-o", "/dev/null", "-w",
                   "%{http_code}", url("/poll?client=1&after=-1")},
                  dir_.path(), dir_.path(), std::chrono::seconds(10));
  EXPECT_NE(h1.out, "204") << "an HTTP/1.1 request was answered on an h2c-only server";
  int expected_requests = 2;
  if (access("/usr/bin/h2load", X_OK) == 0) {  // prior knowledge on http://, one connection
    const ProcessResult load = run_process(
        {"/usr/bin/h2load", "-n", "100", "-c", "1", "-m", "1", url("/poll?client=1&after=-1")},
        dir_.path(), dir_.path(), std::chrono::seconds(20));
    EXPECT_NE(load.out.find("100 succeeded"), std::string::npos) << load.describe();
    expected_requests += 100;
  }
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.at("h2_requests").get<int>(), expected_requests);
  EXPECT_EQ(stats.at("tls"), nullptr);
}

TEST_F(H2OutsideClientTest, SseResumesRightAfterLastEventId) {
  start({"--rate", "50", "--payload", "128"});
  auto ids = [](const std::string& body) {
    std::vector<int64_t> out;
    const std::regex id(R"(^id: ([0-9]+)$)", std::regex::multiline);
    for (auto it = std::sregex_iterator(body.begin(), body.end(), id); it != std::sregex_iterator();
         ++it) {
      out.push_back(parse_int((*it)[1].str()).value_or(-1));
    }
    return out;
  };
  // Each stream is cut by --max-time (exit 28) after about 25 events.
  const ProcessResult first = curl({"--max-time", "0.5", url("/sse?client=1")});
  const std::vector<int64_t> a = ids(first.out);
  ASSERT_GE(a.size(), 5U) << first.describe();
  const int64_t resume_from = a.back();  // the last event the first stream delivered
  const ProcessResult second =
      curl({"--max-time", "0.5", "-H", fmt::format("Last-Event-ID: {}", resume_from),
            url(fmt::format("/sse?client=1&after={}", resume_from))});
  const std::vector<int64_t> b = ids(second.out);
  ASSERT_GE(b.size(), 5U) << second.describe();
  for (size_t i = 0; i < b.size(); ++i) {
    ASSERT_EQ(b[i], resume_from + 1 + static_cast<int64_t>(i)) << "lost or repeated at " << i;
  }
  EXPECT_EQ(stop_server().at("sse_resumed").get<int>(), 1);
}

// h2load (nghttp2-client), an HTTP/2 client that is neither libcurl nor pushbench's, counts the
// header block bytes it received: per response they must be what the server says it wrote.
TEST_F(H2OutsideClientTest, H2loadSeesTheResponseHeaderBytesTheServerCounts) {
  if (access("/usr/bin/h2load", X_OK) != 0) {
    GTEST_SKIP() << "h2load is not installed (Debian nghttp2-client)";
  }
  start({"--workload", "idle"});
  const ProcessResult r = run_process(
      {"/usr/bin/h2load", "-n", "400", "-c", "4", "-m", "1", url("/poll?client=1&after=-1")},
      dir_.path(), dir_.path(), std::chrono::seconds(20));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      r.out, m, std::regex(R"(requests: 400 total, 400 started, 400 done, 400 succeeded)")))
      << r.out;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex(R"(\(([0-9]+)\) headers \(space savings)")))
      << r.out;
  const double h2load_per_response = std::stod(m[1]) / 400;
  const nlohmann::json h2 = stop_server().at("h2");
  ASSERT_EQ(h2.at("headers_frames").get<int>(), 400);
  const double server_per_response =
      h2.at("header_block_bytes").get<double>() / h2.at("headers_frames").get<double>();
  EXPECT_NEAR(h2load_per_response, server_per_response, 0.02 * server_per_response);
}

}  // namespace
}  // namespace pushbench::test
