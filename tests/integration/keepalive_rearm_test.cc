// Keep-alive connections re-armed within the pass that answered them (servers/keepalive_rearm.h)
// serve exactly what lws' own round serves: every request answered, in order, pipelined ones
// too, on every loop; the re-arm is counted only where it runs (libev, --keepalive-rearm on).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http_server_fixture.h"

namespace pushbench::test {
namespace {

struct RearmCase {
  const char* name;
  std::vector<std::string> options;
  bool rearms;
};

class KeepAliveRearmTest : public HttpServerFixture,
                           public ::testing::WithParamInterface<RearmCase> {};

constexpr int kSequential = 300;
constexpr int kPipelined = 8;

std::string poll(int client) {
  return "GET /poll?client=" + std::to_string(client) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

TEST_P(KeepAliveRearmTest, AnswersEveryKeepAliveRequestInOrderPipelinedOrNot) {
  std::vector<std::string> options = GetParam().options;
  options.insert(options.end(), {"--workload", "idle"});
  start(options);
  HttpConnection c(port_);
  for (int i = 0; i < kSequential; ++i) {
    c.send(poll(i % kClients));
    const auto r = c.read_response();
    ASSERT_TRUE(r.has_value()) << "request " << i << " unanswered: " << c.unparsed();
    ASSERT_EQ(r->status, 204) << "request " << i;
  }
  // Several requests in one write: lws finds the next one buffered after each response.
  std::string burst;
  for (int i = 0; i < kPipelined; ++i) {
    burst += poll(i % kClients);
  }
  c.send(burst);
  for (int i = 0; i < kPipelined; ++i) {
    const auto r = c.read_response();
    ASSERT_TRUE(r.has_value()) << "pipelined request " << i << " unanswered: " << c.unparsed();
    EXPECT_EQ(r->status, 204) << "pipelined request " << i;
  }
  // The connection still serves after the burst, and a second connection alongside.
  HttpConnection other(port_);
  c.send(poll(0));
  other.send(poll(1));
  ASSERT_TRUE(c.read_response().has_value());
  ASSERT_TRUE(other.read_response().has_value());
  const nlohmann::json stats = stop_server();
  const int answered = kSequential + kPipelined + 2;
  EXPECT_EQ(stats.value("poll_requests", 0), answered) << stats.dump();
  EXPECT_EQ(stats.value("bad_requests", -1), 0) << stats.dump();
  const int rearmed = stats.value("keepalive_rearmed", -1);
  if (GetParam().rearms) {
    // Each answer on a keep-alive connection, but a pipelined one lws may move on to before the
    // pass ends: at least the sequential ones, never more than were answered.
    EXPECT_GE(rearmed, kSequential) << stats.dump();
    EXPECT_LE(rearmed, answered) << stats.dump();
  } else {
    EXPECT_EQ(rearmed, 0) << stats.dump();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Loops, KeepAliveRearmTest,
    ::testing::Values(RearmCase{"libev", {}, true},
                      RearmCase{"libev_lws_round", {"--keepalive-rearm", "off"}, false},
                      RearmCase{"libuv", {"--loop", "libuv"}, false},
                      RearmCase{"poll", {"--loop", "poll"}, false}),
    [](const ::testing::TestParamInfo<RearmCase>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace pushbench::test
