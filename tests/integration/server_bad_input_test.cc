// pushbench-server under bad and rude requests over raw loopback sockets: every bad request
// gets its 4xx with a one-line reason, keep-alive survives it, clients that hang up early do
// not hurt anyone else, and SIGTERM still ends the process with status 0.
#include <unistd.h>

#include <string>
#include <vector>

#include "http_server_fixture.h"

namespace pushbench::test {
namespace {

constexpr const char* kWsHeaders =
    "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

class ServerBadInputTest : public HttpServerFixture {
 protected:
  void SetUp() override { start({}); }
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
