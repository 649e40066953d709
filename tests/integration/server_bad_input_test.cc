// pushbench-server under bad and rude requests over raw loopback sockets: every bad request
// gets its 4xx with a one-line reason, keep-alive survives it, clients that hang up early do
// not hurt anyone else, and SIGTERM still ends the process with status 0.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "child_process.h"
#include "clock.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr int kClients = 4;
constexpr int kIoTimeoutS = 5;

struct HttpResponse {
  std::string version;  // "HTTP/1.1"
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  const size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// A blocking HTTP/1.1 client on one loopback socket: send raw requests, read one response at a
// time (status line, headers, Content-Length body). Reads time out after kIoTimeoutS.
class HttpConnection {
 public:
  explicit HttpConnection(int port) : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (fd_ < 0) {
      throw std::runtime_error("socket() failed");
    }
    timeval tv{kIoTimeoutS, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect to the server");
    }
  }
  ~HttpConnection() { close(); }
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void close() noexcept {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }

  // Abortive close: the server sees a reset instead of a FIN.
  void reset() noexcept {
    linger l{1, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close();
  }

  void send(const std::string& request) {
    size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n = ::send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) {
        throw std::runtime_error("send failed");
      }
      sent += static_cast<size_t>(n);
    }
  }

  // The next response; nullopt when the peer closes or the read times out first.
  std::optional<HttpResponse> read_response(bool expect_body = true) {
    size_t end = 0;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        return std::nullopt;
      }
    }
    HttpResponse r;
    std::vector<std::string> lines = split_lines(buf_.substr(0, end));
    buf_.erase(0, end + 4);
    // "HTTP/1.1 200 OK"; lws answers a refused upgrade with "HTTP/1.0 ...".
    if (lines.empty() || lines[0].rfind("HTTP/1.", 0) != 0 || lines[0].size() < 12) {
      return std::nullopt;
    }
    r.version = lines[0].substr(0, 8);
    r.status = std::atoi(lines[0].c_str() + 9);
    for (size_t i = 1; i < lines.size(); ++i) {
      const size_t colon = lines[i].find(':');
      if (colon != std::string::npos) {
        r.headers[lower(lines[i].substr(0, colon))] = trim(lines[i].substr(colon + 1));
      }
    }
    const size_t len =
        expect_body ? std::strtoul(r.header("content-length").c_str(), nullptr, 10) : 0;
    while (buf_.size() < len) {
      if (!fill()) {
        return std::nullopt;
      }
    }
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
    return r;
  }

  std::optional<HttpResponse> get(const std::string& target,
                                  const std::string& extra_headers = "") {
    send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n");
    return read_response();
  }

  std::optional<HttpResponse> post(const std::string& target, const std::string& body) {
    send("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body);
    return read_response();
  }

  // True when the server closed the connection (read returns 0, or a reset) with no more bytes.
  bool peer_closed() {
    char c = 0;
    const ssize_t n = ::recv(fd_, &c, 1, 0);
    return buf_.empty() && (n == 0 || (n < 0 && errno == ECONNRESET));
  }

 private:
  bool fill() {
    char chunk[4096];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      return false;
    }
    buf_.append(chunk, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  std::string buf_;
};

constexpr const char* kWsHeaders =
    "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

class ServerBadInputTest : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }

  // A server of kClients clients (broadcast, unless `extra` says otherwise).
  void start(const std::vector<std::string>& extra) {
    std::vector<std::string> argv{PUSHBENCH_SERVER_BIN, "--port", "0", "--clients",
                                  std::to_string(kClients), "--rate", "50", "--payload", "128",
                                  "--stats", stats_path()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ChildProcess>(argv, -1, dir_.file("server.stderr"));
    stopped_ = false;
    const auto line = server_->read_line(mono_ns() + 10 * kNsPerSec);
    ASSERT_TRUE(line.has_value()) << "no ready line: server " << server_->describe();
    const nlohmann::json ready = nlohmann::json::parse(*line, nullptr, false);
    ASSERT_TRUE(!ready.is_discarded() && ready.value("ready", false) && ready.contains("port"))
        << "bad ready line: " << *line;
    port_ = ready["port"].get<int>();
    ASSERT_GT(port_, 0) << "ready line port: " << *line;
  }

  void TearDown() override {
    if (server_ && !stopped_) {
      stop_server();
    }
  }

  // SIGTERM; the server must exit with status 0 and write its statistics JSON.
  nlohmann::json stop_server() {
    stopped_ = true;
    const bool clean = server_->terminate(10 * kNsPerSec);
    EXPECT_TRUE(clean) << "server did not exit with status 0 on SIGTERM: " << server_->describe();
    nlohmann::json stats = nlohmann::json::parse(read_file(stats_path()), nullptr, false);
    EXPECT_FALSE(stats.is_discarded()) << "no statistics JSON in " << stats_path();
    return stats;
  }

  bool server_alive() const {
    // ChildProcess reaps only in terminate(): a crashed server is a zombie until then.
    const std::string stat = read_file(fmt_proc_stat());
    const size_t paren = stat.rfind(')');
    return paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] != 'Z';
  }

  std::string fmt_proc_stat() const { return "/proc/" + std::to_string(server_->pid()) + "/stat"; }
  std::string stats_path() const { return dir_.file("stats.json"); }

  // A valid poll answers 200 with a JSON array or 204, always with Content-Length.
  static void expect_valid_poll(HttpConnection& c, const std::string& context) {
    const auto r = c.get("/poll?client=1");
    ASSERT_TRUE(r.has_value()) << "no response to a valid /poll " << context;
    EXPECT_TRUE(r->status == 200 || r->status == 204)
        << "valid /poll answered " << r->status << " " << context;
    EXPECT_EQ(r->version, "HTTP/1.1") << "status line version " << context;
    EXPECT_FALSE(r->header("content-length").empty())
        << "/poll response without Content-Length " << context;
    if (r->status == 200) {
      EXPECT_TRUE(r->body.size() >= 2 && r->body.front() == '[' && r->body.back() == ']')
          << "200 body is not a JSON array: " << r->body;
    }
  }

  static void expect_one_line_body(const HttpResponse& r, const std::string& context) {
    EXPECT_FALSE(r.body.empty()) << "empty reason " << context;
    EXPECT_TRUE(!r.body.empty() && r.body.back() == '\n' &&
                r.body.find('\n') == r.body.size() - 1 && r.body.size() > 1)
        << "reason is not exactly one line " << context << ": [" << r.body << "]";
  }

  TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  int port_ = 0;
  bool stopped_ = false;
};

TEST_F(ServerBadInputTest, AnswersPollWithContentLengthWhenRequestIsValid) {
  HttpConnection c(port_);
  expect_valid_poll(c, "on a fresh connection");
}

TEST_F(ServerBadInputTest, Returns404WhenPathIsUnknown) {
  HttpConnection c(port_);
  const auto r = c.get("/nope");
  ASSERT_TRUE(r.has_value()) << "no response to GET /nope";
  EXPECT_EQ(r->status, 404);
  expect_one_line_body(*r, "for GET /nope");
  expect_valid_poll(c, "after a 404 on the same keep-alive connection");
}

TEST_F(ServerBadInputTest, Returns400AndKeepsConnectionWhenQueryIsBad) {
  HttpConnection c(port_);
  const std::vector<std::string> bad = {"/poll", "/poll?client=abc", "/poll?client=4",
                                        "/poll?client=-1", "/poll?client=1&after=xyz"};
  for (const std::string& target : bad) {
    const auto r = c.get(target);
    ASSERT_TRUE(r.has_value()) << "no response to GET " << target;
    EXPECT_EQ(r->status, 400) << "GET " << target;
    expect_one_line_body(*r, "for GET " + target);
    expect_valid_poll(c, "after GET " + target + " on the same keep-alive connection");
  }
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.value("bad_requests", -1), static_cast<int>(bad.size()))
      << "server statistics: " << stats.dump();
}

// Values longer than any valid number (here 70 digits) are as bad as a 20-digit overflow: 400,
// never silently treated as absent.
TEST_F(ServerBadInputTest, Returns400WhenQueryValueIsOverlong) {
  HttpConnection c(port_);
  const std::string digits(70, '1');
  for (const std::string& target : {"/poll?client=" + digits, "/poll?client=1&after=" + digits}) {
    const auto r = c.get(target);
    ASSERT_TRUE(r.has_value()) << "no response to GET " << target;
    EXPECT_EQ(r->status, 400) << "GET " << target;
    expect_one_line_body(*r, "for GET " + target);
  }
}

TEST_F(ServerBadInputTest, ClosesConnectionWhenRequestAsksForClose) {
  HttpConnection c(port_);
  const auto r = c.get("/poll?client=1", "Connection: close\r\n");
  ASSERT_TRUE(r.has_value()) << "no response to a Connection: close poll";
  EXPECT_TRUE(r->status == 200 || r->status == 204) << r->status;
  EXPECT_EQ(lower(r->header("connection")), "close") << "response must say connection: close";
  EXPECT_TRUE(c.peer_closed()) << "server kept the socket open after Connection: close";
}

TEST_F(ServerBadInputTest, KeepsServingWhenClientsHangUpWithoutReading) {
  for (int i = 0; i < 200; ++i) {
    HttpConnection c(port_);
    c.send("GET /poll?client=" + std::to_string(i % kClients) +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    if (i % 2 == 0) {
      c.close();
    } else {
      c.reset();  // half of them with a TCP reset instead of a FIN
    }
  }
  HttpConnection other(port_);
  expect_valid_poll(other, "after 200 clients hung up without reading");
  EXPECT_TRUE(server_alive()) << "server died: " << server_->describe();
}

// Bytes that never make an HTTP request (here a raw TCP client's id line) reach lws' close
// callback without per-session data: the server must survive it.
TEST_F(ServerBadInputTest, KeepsServingWhenNonHttpBytesArriveOnHttpPort) {
  for (int i = 0; i < 3; ++i) {
    HttpConnection c(port_);
    c.send("1\n");
    c.close();
  }
  ::usleep(100'000);
  EXPECT_TRUE(server_alive()) << "server died: " << server_->describe();
  HttpConnection other(port_);
  expect_valid_poll(other, "after raw bytes on the HTTP port");
}

TEST_F(ServerBadInputTest, Returns405WhenMethodIsPost) {
  HttpConnection c(port_);
  c.send("POST /poll?client=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}");
  const auto r = c.read_response();
  ASSERT_TRUE(r.has_value()) << "no response to POST /poll";
  EXPECT_EQ(r->status, 405);
  expect_one_line_body(*r, "for POST /poll");
  HttpConnection other(port_);
  expect_valid_poll(other, "after a POST");
}

TEST_F(ServerBadInputTest, RefusesSendWithout4xxLossOfService) {
  HttpConnection c(port_);
  // A broadcast server takes no messages: 400, and the connection goes on.
  const auto r = c.post("/send?client=1", "{}");
  ASSERT_TRUE(r.has_value()) << "no response to POST /send";
  EXPECT_EQ(r->status, 400);
  expect_one_line_body(*r, "for POST /send to a broadcast server");
  expect_valid_poll(c, "after a refused POST /send on the same keep-alive connection");
  EXPECT_EQ(c.get("/send?client=1")->status, 405) << "GET /send";
  HttpConnection no_length(port_);
  no_length.send("POST /send?client=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  const auto r411 = no_length.read_response();
  ASSERT_TRUE(r411.has_value()) << "no response to POST /send without Content-Length";
  EXPECT_EQ(r411->status, 411);
  expect_one_line_body(*r411, "for POST /send without Content-Length");
  HttpConnection huge(port_);
  huge.send("POST /send?client=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999\r\n\r\n");
  const auto r413 = huge.read_response();
  ASSERT_TRUE(r413.has_value()) << "no response to an oversized POST /send";
  EXPECT_EQ(r413->status, 413);
  EXPECT_TRUE(huge.peer_closed()) << "the unread body must not be parsed as the next request";
  HttpConnection bad_client(port_);
  EXPECT_EQ(bad_client.post("/send?client=9", "{}")->status, 400) << "client out of range";
  HttpConnection other(port_);
  expect_valid_poll(other, "after the refused sends");
}

// A chat server relays a valid message to the other members of the sender's room (rooms of 2:
// clients 0,1 and 2,3) with the server's relay seq and the sender's id as "msg"; a message with
// a forged sender or the wrong room is a 400 on a connection that goes on serving.
TEST_F(ServerBadInputTest, RelaysChatMessageToTheOtherRoomMemberOnly) {
  stop_server();
  start({"--workload", "chat", "--room-size", "2"});
  auto message = [](int64_t id, int from, int to) {
    std::string m = "{\"seq\":" + std::to_string(id) + ",\"t_ns\":" + std::to_string(mono_ns()) +
                    ",\"to\":" + std::to_string(to) + ",\"from\":" + std::to_string(from) +
                    ",\"pad\":\"";
    m.append(128 - m.size() - 2, 'x');
    return m + "\"}";
  };
  HttpConnection c(port_);
  EXPECT_EQ(c.post("/send?client=1", message(0, 1, 0))->status, 204);
  EXPECT_EQ(c.post("/send?client=1", message(1, 2, 0))->status, 400) << "forged sender";
  EXPECT_EQ(c.post("/send?client=3", message(1, 3, 0))->status, 400) << "wrong room";
  EXPECT_EQ(c.post("/send?client=1", message(2, 1, 0).substr(1))->status, 400) << "malformed";
  const auto member = c.get("/poll?client=0");
  ASSERT_TRUE(member.has_value());
  EXPECT_EQ(member->status, 200);
  EXPECT_NE(member->body.find("\"from\":1,\"msg\":0,"), std::string::npos) << member->body;
  EXPECT_EQ(member->body.rfind("[{\"seq\":0,", 0), 0u) << member->body;
  for (const char* other : {"/poll?client=1", "/poll?client=2", "/poll?client=3"}) {
    EXPECT_EQ(c.get(other)->status, 204) << other << ": the sender and other rooms get nothing";
  }
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats["upstream"]["received"], 1) << stats.dump();
  EXPECT_EQ(stats["upstream"]["relayed"], 1) << stats.dump();
  EXPECT_EQ(stats["upstream"]["rejected"], 3) << stats.dump();
}

TEST_F(ServerBadInputTest, Returns400WhenUpgradeClientIsOutOfRange) {
  HttpConnection c(port_);
  const auto r = c.get("/ws?client=99", kWsHeaders);
  ASSERT_TRUE(r.has_value()) << "no response to an upgrade to /ws?client=99";
  EXPECT_EQ(r->status, 400);
  expect_one_line_body(*r, "for an upgrade to /ws?client=99");
}

TEST_F(ServerBadInputTest, Returns404WhenUpgradePathIsUnknown) {
  HttpConnection c(port_);
  const auto r = c.get("/nope", kWsHeaders);
  ASSERT_TRUE(r.has_value()) << "no response to an upgrade to /nope";
  EXPECT_EQ(r->status, 404);
  expect_one_line_body(*r, "for an upgrade to /nope");
}

TEST_F(ServerBadInputTest, Returns101WhenUpgradeIsValid) {
  HttpConnection c(port_);
  c.send(std::string("GET /ws?client=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n") + kWsHeaders + "\r\n");
  const auto r = c.read_response(false);
  ASSERT_TRUE(r.has_value()) << "no response to a valid upgrade";
  EXPECT_EQ(r->status, 101);
  // RFC 6455 §1.3: the accept value for this key.
  EXPECT_EQ(r->header("sec-websocket-accept"), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_F(ServerBadInputTest, ExitsZeroWhenTerminatedAfterServing) {
  {
    HttpConnection c(port_);
    expect_valid_poll(c, "before SIGTERM");
  }
  const nlohmann::json stats = stop_server();
  EXPECT_GE(stats.value("poll_requests", 0), 1) << stats.dump();
}

}  // namespace
}  // namespace pushbench::test
