// pushbench-client's options (client_options.h): defaults and derived values, the client range,
// --churn only where a transport resumes, and every limit refused with a one-line ConfigError
// naming the option.
#include "client_options.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "cli_test_support.h"

namespace pushbench {
namespace {

// The two required options (--port 9000 --epoch-mono-ns 1000) are added unless args has them.
std::vector<std::string> with_required(std::vector<std::string> args) {
  const std::pair<std::string, std::string> required[] = {{"--port", "9000"},
                                                          {"--epoch-mono-ns", "1000"}};
  for (const auto& [name, value] : required) {
    if (std::find(args.begin(), args.end(), name) == args.end()) {
      args.insert(args.begin(), {name, value});
    }
  }
  return args;
}

ClientOptions parse(const std::vector<std::string>& args) {
  return parse_command_line(parse_client_options, "pushbench-client", with_required(args));
}

// The ConfigError's message, or "" when the options were accepted.
std::string refusal(const std::vector<std::string>& args) {
  return command_line_refusal(parse_client_options, "pushbench-client", with_required(args));
}

TEST(ClientOptionsTest, DefaultsAndDerivedValues) {
  const ClientOptions o = parse({});
  EXPECT_EQ(o.transport, Transport::kPoll);
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 9000);
  EXPECT_EQ(o.first_client, 0);
  EXPECT_EQ(o.count, 100);  // every client of the workload
  EXPECT_EQ(o.warmup_ns, 2'000'000'000);
  EXPECT_EQ(o.window_ns, 10'000'000'000);
  EXPECT_EQ(o.poll_interval_ns, 1'000'000'000);
  EXPECT_EQ(o.longpoll_timeout_ns, 30'000'000'000);
  EXPECT_EQ(o.give_up_ns, 10'000'000'000);
  EXPECT_EQ(o.churn_pct_per_s, 0);
  EXPECT_EQ(o.deflate_offer, DeflateOffer::kLws);
  // The schedule the server runs covers warm-up and window.
  EXPECT_EQ(o.workload.duration_ns, 12'000'000'000);
  EXPECT_EQ(o.window_start_ns(), 1000 + 2'000'000'000);
  EXPECT_EQ(o.window_end_ns(), 1000 + 12'000'000'000);
}

TEST(ClientOptionsTest, ConvertsUnitsAndNames) {
  const ClientOptions o =
      parse({"--transport", "ws-deflate", "--warmup", "0", "--duration", "0.5", "--poll-interval",
             "1.5", "--longpoll-timeout", "2", "--give-up", "0.25", "--deflate-offer", "browser"});
  EXPECT_EQ(o.transport, Transport::kWsDeflate);
  EXPECT_EQ(o.warmup_ns, 0);
  EXPECT_EQ(o.window_ns, 500'000'000);
  EXPECT_EQ(o.poll_interval_ns, 1'500'000);
  EXPECT_EQ(o.longpoll_timeout_ns, 2'000'000'000);
  EXPECT_EQ(o.give_up_ns, 250'000'000);
  EXPECT_EQ(o.deflate_offer, DeflateOffer::kBrowser);
  EXPECT_EQ(o.workload.duration_ns, 500'000'000);
}

TEST(ClientOptionsTest, DurationsWithUnitsAndShortOptions) {
  const ClientOptions o =
      parse({"-t", "sse", "-w", "1500ms", "-d", "2m", "--poll-interval", "2s", "--longpoll-timeout",
             "250ms", "--give-up", "1min", "-c", "7", "-o", "r.json"});
  EXPECT_EQ(o.transport, Transport::kSse);
  EXPECT_EQ(o.warmup_ns, 1'500'000'000);
  EXPECT_EQ(o.window_ns, 120'000'000'000);
  EXPECT_EQ(o.poll_interval_ns, 2'000'000'000);  // a bare number stays ms, "2s" is 2000 ms
  EXPECT_EQ(o.longpoll_timeout_ns, 250'000'000);
  EXPECT_EQ(o.give_up_ns, 60'000'000'000);
  EXPECT_EQ(o.workload.clients, 7);
  EXPECT_EQ(o.result_path, "r.json");
  EXPECT_EQ(parse({"--poll-interval", "250"}).poll_interval_ns, 250'000'000);
  EXPECT_EQ(parse({"--duration", "10"}).window_ns, 10'000'000'000);
  EXPECT_EQ(refusal({"-d", "10sec"}),
            "--duration: '10sec' is not a duration (e.g. 500ms, 15s, 2m, 1h; a bare number is in "
            "seconds)");
  EXPECT_EQ(refusal({"--poll-interval", "fast"}),
            "--poll-interval: 'fast' is not a duration (e.g. 500ms, 15s, 2m, 1h; a bare number "
            "is in milliseconds)");
}

TEST(ClientOptionsTest, TransportsIsTheNameAndTransportItsOldAlias) {
  EXPECT_EQ(parse({"--transports", "ws"}).transport, Transport::kWebSocket);
  EXPECT_EQ(parse({"--transport", "ws"}).transport, Transport::kWebSocket);
}

TEST(ClientOptionsTest, UrlNeedsNeitherPortNorEpoch) {
  const ClientOptions o =
      parse_command_line(parse_client_options, "pushbench-client",
                         {"--url", "http://127.0.0.1:8000/sse", "-d", "5s", "-w", "0",
                          "--timestamp-field", "/ts", "--timestamp-clock", "wall-us", "-q"});
  ASSERT_TRUE(o.endpoint.has_value());
  EXPECT_EQ(o.endpoint->mode, EndpointMode::kSse);
  EXPECT_EQ(o.endpoint->clients, 1);  // one unless -c says more
  EXPECT_EQ(o.endpoint->window_ns, 5'000'000'000);
  EXPECT_EQ(o.endpoint->warmup_ns, 0);
  EXPECT_EQ(o.endpoint->timestamp_field, "/ts");
  EXPECT_EQ(o.endpoint->clock, TimestampClock::kWallUs);
  EXPECT_TRUE(o.endpoint->quiet);
  EXPECT_EQ(parse_command_line(parse_client_options, "pushbench-client",
                               {"--url", "ws://127.0.0.1:1/", "-c", "3"})
                .endpoint->clients,
            3);
  EXPECT_FALSE(parse({}).endpoint.has_value());
}

TEST(ClientOptionsTest, TheClientRangeStaysInsideTheWorkload) {
  const ClientOptions rest = parse({"--clients", "100", "--first-client", "40"});
  EXPECT_EQ(rest.first_client, 40);
  EXPECT_EQ(rest.count, 60);  // the rest of the clients
  const ClientOptions last = parse({"--clients", "100", "--first-client", "99", "--count", "1"});
  EXPECT_EQ(last.count, 1);
  EXPECT_EQ(refusal({"--clients", "100", "--first-client", "90", "--count", "11"}),
            "--first-client 90 --count 11 is outside 0..99");
  EXPECT_EQ(refusal({"--clients", "100", "--first-client", "100"}),
            "--first-client 100 --count 0 is outside 0..99");
  EXPECT_EQ(refusal({"--first-client=-1", "--count", "1"}),
            "--first-client -1 --count 1 is outside 0..99");
  EXPECT_EQ(refusal({"--count=-3"}), "--first-client 0 --count -3 is outside 0..99");
}

TEST(ClientOptionsTest, ChurnsOnlyTransportsThatResume) {
  EXPECT_EQ(parse({"--transport", "sse", "--churn", "100"}).churn_pct_per_s, 100);
  EXPECT_EQ(parse({"--transport", "longpoll", "--churn", "0.5"}).churn_pct_per_s, 0.5);
  for (const char* t : {"poll", "poll-close", "ws", "ws-deflate", "tcp"}) {
    EXPECT_EQ(refusal({"--transport", t, "--churn", "1"}),
              std::string("--churn needs a transport that resumes after a reconnect (sse, "
                          "longpoll), not ") +
                  t);
    EXPECT_EQ(refusal({"--transport", t, "--churn", "0"}), "") << t;
  }
  EXPECT_EQ(refusal({"--transport", "sse", "--churn", "100.5"}),
            "--churn must be 0..100 % per second (got 100.5)");
  EXPECT_EQ(refusal({"--transport", "sse", "--churn=-1"}),
            "--churn must be 0..100 % per second (got -1)");
}

TEST(ClientOptionsTest, RefusesEachLimitJustPastIt) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--warmup=-1"}, "--warmup must be a number of seconds >= 0 (got -1)"},
      {{"--warmup", "10000001"}, "--warmup must be a number of seconds >= 0 (got 10000001)"},
      {{"--duration", "0"}, "--duration must be > 0 seconds"},
      {{"--duration", "1e-10"}, "--duration must be > 0 seconds"},  // rounds to 0 ns
      {{"--poll-interval", "0.999"}, "--poll-interval must be 1..3600000 ms (got 0.999)"},
      {{"--poll-interval", "3600001"}, "--poll-interval must be 1..3600000 ms (got 3600001)"},
      {{"--longpoll-timeout", "0"}, "--longpoll-timeout must be > 0 seconds"},
      {{"--give-up", "0"}, "--give-up must be > 0 seconds"},
      {{"--port", "0"}, "--port must be 1..65535 (got 0)"},
      {{"--port", "65536"}, "--port must be 1..65535 (got 65536)"},
      {{"--epoch-mono-ns", "0"}, "--epoch-mono-ns must be > 0"},
      {{"--payload", "79"},
       "--payload must be 80..1048576 bytes (an event carries seq, t_ns and to; got 79)"},
  };
  for (const auto& [args, reason] : cases) {
    EXPECT_EQ(refusal(args), reason) << args.front();
  }
  EXPECT_EQ(refusal({"--transport", "http2"}).rfind("unknown transport 'http2' (known: ", 0), 0u);
  EXPECT_EQ(refusal({"--poll-interval", "1", "--port", "65535", "--warmup", "10000000"}), "");
}

TEST(ClientOptionsTest, RequiresThePortAndTheEpoch) {
  EXPECT_NE(command_line_refusal(parse_client_options, "pushbench-client", {"--port", "9000"}), "");
  EXPECT_NE(
      command_line_refusal(parse_client_options, "pushbench-client", {"--epoch-mono-ns", "1000"}),
      "");
}

TEST(ClientOptionsTest, LeanWsEngineRunsPlainDownstreamWsOnly) {
  EXPECT_FALSE(parse({"--transport", "ws"}).lean_ws);
  EXPECT_TRUE(parse({"--transport", "ws", "--ws-engine", "lean"}).lean_ws);
  EXPECT_NE(refusal({"--transport", "ws", "--ws-engine", "libws"}).find("--ws-engine"),
            std::string::npos);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--transport", "ws-deflate"},
        {"--transport", "tcp"},
        {"--transport", "ws", "--workload", "chat"},
        {"--transport", "ws", "--tls-ca", "ca.pem"}}) {
    std::vector<std::string> lean = args;
    lean.insert(lean.end(), {"--ws-engine", "lean"});
    EXPECT_NE(refusal(lean).find("--ws-engine lean runs plain ws"), std::string::npos)
        << refusal(lean);
  }
}

}  // namespace
}  // namespace pushbench
