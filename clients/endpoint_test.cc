// pushbench-client --url's pieces without a network: the URL and the mode inferred from it,
// timestamps on each clock, the window, and a report that says when latency was not measured.
#include "endpoint.h"

#include <gtest/gtest.h>

#include <string>

#include "config_error.h"
#include "endpoint_stats.h"

namespace pushbench {
namespace {

EndpointMode mode_of(const std::string& url, const std::string& mode = "") {
  return endpoint_mode(split_endpoint_url(url), mode);
}

TEST(EndpointTest, SplitsUrls) {
  const EndpointUrl u = split_endpoint_url("ws://127.0.0.1:8080/feed?x=1");
  EXPECT_EQ(u.scheme, "ws");
  EXPECT_EQ(u.host, "127.0.0.1");
  EXPECT_EQ(u.port, 8080);
  EXPECT_EQ(u.target, "/feed?x=1");
  EXPECT_FALSE(u.tls());
  const EndpointUrl s = split_endpoint_url("wss://localhost");
  EXPECT_EQ(s.port, 443);
  EXPECT_EQ(s.target, "/");
  EXPECT_TRUE(s.tls());
  EXPECT_EQ(split_endpoint_url("http://[::1]/sse").port, 80);
  EXPECT_THROW(split_endpoint_url("ftp://127.0.0.1/"), ConfigError);
  EXPECT_THROW(split_endpoint_url("not a url"), ConfigError);
}

TEST(EndpointTest, InfersTheModeWhereUnambiguous) {
  EXPECT_EQ(mode_of("ws://127.0.0.1:1/"), EndpointMode::kWs);
  EXPECT_EQ(mode_of("wss://127.0.0.1:1/anything"), EndpointMode::kWs);
  EXPECT_EQ(mode_of("http://127.0.0.1:1/sse"), EndpointMode::kSse);
  EXPECT_EQ(mode_of("http://127.0.0.1:1/api/events/"), EndpointMode::kSse);
  EXPECT_EQ(mode_of("https://127.0.0.1:1/stream?topic=a"), EndpointMode::kSse);
  EXPECT_EQ(mode_of("http://127.0.0.1:1/poll?client=0&after=-1"), EndpointMode::kPoll);
  EXPECT_EQ(mode_of("http://127.0.0.1:1/longpoll"), EndpointMode::kPoll);
  EXPECT_THROW(mode_of("http://127.0.0.1:1/feed"), ConfigError);  // ambiguous: --mode
  EXPECT_EQ(mode_of("http://127.0.0.1:1/feed", "poll"), EndpointMode::kPoll);
  EXPECT_EQ(mode_of("http://127.0.0.1:1/feed", "sse"), EndpointMode::kSse);
  EXPECT_THROW(mode_of("http://127.0.0.1:1/sse", "ws"), ConfigError);  // scheme says otherwise
  EXPECT_THROW(mode_of("ws://127.0.0.1:1/", "sse"), ConfigError);
  EXPECT_THROW(mode_of("http://127.0.0.1:1/sse", "push"), ConfigError);
}

TEST(EndpointTest, TimestampsOnEveryClock) {
  const auto at = timestamp_pointer("/meta/ts");
  const std::string ms = R"({"meta":{"ts":1700000000123}})";
  EXPECT_EQ(message_timestamp_ns(ms, at, TimestampClock::kWallMs), 1'700'000'000'123'000'000);
  EXPECT_EQ(
      message_timestamp_ns(R"({"meta":{"ts":1700000000123456}})", at, TimestampClock::kWallUs),
      1'700'000'000'123'456'000);
  EXPECT_EQ(
      message_timestamp_ns(R"({"meta":{"ts":1700000000123456789}})", at, TimestampClock::kWallNs),
      1'700'000'000'123'456'789);  // exact: not through a double
  EXPECT_EQ(message_timestamp_ns(R"({"meta":{"ts":"42"}})", at, TimestampClock::kMonoNs), 42);
  EXPECT_EQ(message_timestamp_ns(R"({"meta":{"ts":1.5}})", at, TimestampClock::kWallMs), 1'500'000);
  EXPECT_FALSE(message_timestamp_ns(R"({"meta":{}})", at, TimestampClock::kWallMs));
  EXPECT_FALSE(message_timestamp_ns(R"({"meta":{"ts":"soon"}})", at, TimestampClock::kWallMs));
  EXPECT_FALSE(message_timestamp_ns("not json", at, TimestampClock::kWallMs));
  EXPECT_THROW(timestamp_pointer("ts"), ConfigError);  // a pointer starts with '/'
  EXPECT_EQ(parse_timestamp_clock("mono-ns"), TimestampClock::kMonoNs);
  EXPECT_THROW(parse_timestamp_clock("ms"), ConfigError);
}

EndpointOptions options(const std::string& field = "") {
  EndpointOptions o;
  o.url = "ws://127.0.0.1:1/";
  o.mode = EndpointMode::kWs;
  o.clients = 2;
  o.window_ns = 10'000'000'000;
  o.timestamp_field = field;
  o.clock = TimestampClock::kMonoNs;
  return o;
}

TEST(EndpointStatsTest, CountsInTheWindowOnlyAndSaysLatencyIsNotMeasured) {
  const EndpointOptions o = options();
  EndpointStats s(o, 1'000'000'000);
  s.on_message(0, "early", 999'999'999, 0);  // before the window
  s.on_message(0, "abc", 1'000'000'000, 0);
  s.on_message(0, "abcd", 1'100'000'000, 0);
  s.on_message(1, "ab", 2'000'000'000, 0);
  s.on_message(1, "late", 11'000'000'000, 0);  // the window's end is outside it
  s.on_connection();
  s.on_connection();
  EXPECT_EQ(s.messages(), 3U);
  const nlohmann::json j = s.json();
  EXPECT_EQ(j["bytes"], 9);
  EXPECT_DOUBLE_EQ(j["messages_per_s"].get<double>(), 0.3);
  EXPECT_DOUBLE_EQ(j["inter_arrival_p50_ms"].get<double>(), 100);  // client 0's one gap
  EXPECT_FALSE(j["latency_measured"].get<bool>());
  EXPECT_TRUE(j["timestamp_clock"].is_null());
  const std::string table = s.table();
  EXPECT_NE(table.find("latency       not measured"), std::string::npos) << table;
  EXPECT_NE(table.find("messages      3 (0.3/s in all, 0.15/s per client)"), std::string::npos)
      << table;
  EXPECT_NE(table.find("connections   2 opened, 0 reconnects, 0 errors"), std::string::npos)
      << table;
}

TEST(EndpointStatsTest, LatencyFromTheTimestampAndItsClock) {
  const EndpointOptions o = options("/t");
  EndpointStats s(o, 0);
  s.on_message(0, R"({"t":1000000})", 5, 3'000'000);  // 2 ms after it was sent
  s.on_message(0, R"({"x":1})", 6, 4'000'000);        // no timestamp: counted, no latency
  const nlohmann::json j = s.json();
  EXPECT_TRUE(j["latency_measured"].get<bool>());
  EXPECT_DOUBLE_EQ(j["latency_p50_ms"].get<double>(), 2);
  EXPECT_EQ(j["timestamp_clock"], "mono-ns");
  EXPECT_EQ(j["messages_without_timestamp"], 1);
  const std::string table = s.table();
  EXPECT_NE(table.find("p50 2.00 ms"), std::string::npos) << table;
  EXPECT_NE(table.find("at /t on mono-ns"), std::string::npos) << table;
}

TEST(EndpointStatsTest, QuantileIsNearestRank) {
  EXPECT_DOUBLE_EQ(quantile({5, 1, 3, 2, 4}, 0.5), 3);
  EXPECT_DOUBLE_EQ(quantile({5, 1, 3, 2, 4}, 0.99), 5);
  EXPECT_DOUBLE_EQ(quantile({7}, 0), 7);
  EXPECT_TRUE(std::isnan(quantile({}, 0.5)));
}

}  // namespace
}  // namespace pushbench
