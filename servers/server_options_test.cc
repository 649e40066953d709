// pushbench-server's options (server_options.h): defaults, unit conversions, and every limit
// refused with a one-line ConfigError naming the option, just past each end of its range.
#include "server_options.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "cli_test_support.h"
#include "run_window.h"

namespace pushbench {
namespace {

ServerOptions parse(const std::vector<std::string>& args) {
  return parse_command_line(parse_server_options, "pushbench-server", args);
}

// The ConfigError's message, or "" when the options were accepted.
std::string refusal(const std::vector<std::string>& args) {
  return command_line_refusal(parse_server_options, "pushbench-server", args);
}

TEST(ServerOptionsTest, Defaults) {
  const ServerOptions o = parse({});
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 8080);
  EXPECT_EQ(o.loop, LoopKind::kLibev);
  EXPECT_EQ(o.queue_cap, 4096);
  EXPECT_EQ(o.longpoll_timeout_ns, 30'000'000'000);
  EXPECT_EQ(o.ws_ping_interval_ns, 0);
  EXPECT_EQ(o.idle_timeout_s, 60);
  EXPECT_EQ(o.dead_peer_s, 120);
  EXPECT_EQ(o.sse_heartbeat_s, 15);
  EXPECT_EQ(o.warmup_ns, 0);
  EXPECT_EQ(o.workload.duration_ns, 0);  // no end: publishes until stopped
  EXPECT_GT(o.epoch_mono_ns, 0);         // now, when not given
  EXPECT_EQ(o.stats_path, "");
}

TEST(ServerOptionsTest, ConvertsSecondsToNanoseconds) {
  const ServerOptions o =
      parse({"--longpoll-timeout", "2.5", "--ws-ping", "0.01", "--warmup", "3", "--duration", "12",
             "--epoch-mono-ns", "5", "--port", "0", "--queue-cap", "1"});
  EXPECT_EQ(o.longpoll_timeout_ns, 2'500'000'000);
  EXPECT_EQ(o.ws_ping_interval_ns, 10'000'000);
  EXPECT_EQ(o.warmup_ns, 3'000'000'000);
  EXPECT_EQ(o.workload.duration_ns, 15'000'000'000);
  EXPECT_EQ(o.epoch_mono_ns, 5);
  EXPECT_EQ(o.port, 0);
  EXPECT_EQ(o.queue_cap, 1);
}

TEST(ServerOptionsTest, DurationsWithUnitsAndShortOptions) {
  const ServerOptions o =
      parse({"--longpoll-timeout", "2500ms", "--ws-ping", "10ms", "-w", "3s", "-d", "1m",
             "--idle-timeout", "2m", "--dead-peer", "5s", "--sse-heartbeat", "0s", "-c", "9"});
  EXPECT_EQ(o.longpoll_timeout_ns, 2'500'000'000);
  EXPECT_EQ(o.ws_ping_interval_ns, 10'000'000);
  EXPECT_EQ(o.warmup_ns, 3'000'000'000);
  EXPECT_EQ(o.workload.duration_ns, 63'000'000'000);
  EXPECT_EQ(o.idle_timeout_s, 120);
  EXPECT_EQ(o.dead_peer_s, 5);
  EXPECT_EQ(o.sse_heartbeat_s, 0);
  EXPECT_EQ(o.workload.clients, 9);
  EXPECT_EQ(refusal({"--idle-timeout", "1500ms"}),
            "--idle-timeout: '1500ms' is not a whole number of seconds");
  EXPECT_EQ(refusal({"--warmup", "3 s"}),
            "--warmup: '3 s' is not a duration (e.g. 500ms, 15s, 2m, 1h; a bare number is in "
            "seconds)");
}

TEST(ServerOptionsTest, NamesTheLoops) {
  EXPECT_EQ(parse({"--loop", "uv"}).loop, LoopKind::kLibuv);
  EXPECT_EQ(parse({"--loop", "libuv"}).loop, LoopKind::kLibuv);
  EXPECT_EQ(parse({"--loop", "ev"}).loop, LoopKind::kLibev);
  EXPECT_EQ(parse({"--loop", "poll"}).loop, LoopKind::kPoll);
  EXPECT_EQ(name(LoopKind::kPoll), "poll");
  EXPECT_EQ(refusal({"--loop", "kqueue"}), "unknown --loop 'kqueue' (known: libev, libuv, poll)");
  EXPECT_TRUE(parse({}).keepalive_rearm);
  EXPECT_FALSE(parse({"--keepalive-rearm", "off"}).keepalive_rearm);
  EXPECT_TRUE(parse({"--keepalive-rearm", "on"}).keepalive_rearm);
  EXPECT_EQ(refusal({"--keepalive-rearm", "yes"}), "--keepalive-rearm takes on or off (got 'yes')");
}

TEST(ServerOptionsTest, AcceptsEveryLimitItself) {
  EXPECT_EQ(refusal({"--port", "65535", "--longpoll-timeout", "3600", "--ws-ping", "3600",
                     "--idle-timeout", "1", "--dead-peer", "3", "--sse-heartbeat", "0"}),
            "");
  EXPECT_EQ(refusal({"--idle-timeout", "3600", "--dead-peer", "3600", "--sse-heartbeat", "3600",
                     "--duration", "0", "--warmup", "0"}),
            "");
  EXPECT_EQ(refusal({"--warmup", "10000000", "--duration", "10000000"}), "");
}

TEST(ServerOptionsTest, RefusesEachLimitJustPastIt) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--port=-1"}, "--port must be 0..65535 (got -1)"},
      {{"--port", "65536"}, "--port must be 0..65535 (got 65536)"},
      {{"--queue-cap", "0"}, "--queue-cap must be at least 1 (got 0)"},
      {{"--duration=-1"}, "--duration must be a number of seconds >= 0 (got -1)"},
      {{"--duration", "10000001"}, "--duration must be a number of seconds >= 0 (got 10000001)"},
      {{"--duration", "1e-10"},
       "--duration must be 0 (publish until stopped) or at least 1 ns (got 1e-10)"},
      {{"--warmup=-0.5"}, "--warmup must be a number of seconds >= 0 (got -0.5)"},
      {{"--warmup", "10000001"}, "--warmup must be a number of seconds >= 0 (got 10000001)"},
      {{"--longpoll-timeout", "0"}, "--longpoll-timeout must be > 0 and <= 3600 seconds (got 0)"},
      {{"--longpoll-timeout", "3601"},
       "--longpoll-timeout must be > 0 and <= 3600 seconds (got 3601)"},
      {{"--ws-ping", "0.005"}, "--ws-ping must be 0 (none) or 0.01..3600 seconds (got 0.005)"},
      {{"--ws-ping", "3601"}, "--ws-ping must be 0 (none) or 0.01..3600 seconds (got 3601)"},
      {{"--ws-ping=-1"}, "--ws-ping must be 0 (none) or 0.01..3600 seconds (got -1)"},
      {{"--idle-timeout", "0"}, "--idle-timeout must be 1..3600 seconds (got 0)"},
      {{"--idle-timeout", "3601"}, "--idle-timeout must be 1..3600 seconds (got 3601)"},
      {{"--dead-peer", "2"}, "--dead-peer must be 3..3600 seconds (got 2)"},
      {{"--sse-heartbeat=-1"}, "--sse-heartbeat must be 0 (none) or 1..3600 seconds (got -1)"},
      {{"--sse-heartbeat", "3601"},
       "--sse-heartbeat must be 0 (none) or 1..3600 seconds (got 3601)"},
      {{"--epoch-mono-ns=-1"}, "--epoch-mono-ns must not be negative"},
      {{"--clients", "0"}, "--clients must be at least 1 (got 0)"},
  };
  for (const auto& [args, reason] : cases) {
    EXPECT_EQ(refusal(args), reason) << args.front();
  }
}

TEST(ServerOptionsTest, RefusesAnUnknownOptionOrAValueThatIsNoNumber) {
  EXPECT_NE(refusal({"--no-such-option"}), "");
  EXPECT_NE(refusal({"--port", "http"}), "");
  EXPECT_NE(refusal({"--queue-cap", "1.5"}), "");
}

// --warmup and --duration mean what they mean on pushbench-client: the window, after the
// warm-up; the schedule runs to the window's end, derived as the client derives it.
TEST(ServerOptionsTest, WarmupAndDurationAreTheWindowAsOnTheClient) {
  const ServerOptions o = parse({"--warmup", "0.1", "--duration", "0.2", "--epoch-mono-ns", "7"});
  EXPECT_EQ(o.warmup_ns, 100'000'000);
  EXPECT_EQ(o.workload.duration_ns, 300'000'000);  // 0.1 + 0.2 s, not 0.30000000000000004 s
  EXPECT_EQ(o.workload.duration_ns,
            schedule_ns(seconds_to_ns(0.1, "--warmup"), seconds_to_ns(0.2, "--duration")));
  EXPECT_FALSE(o.in_window(7 + 99'999'999));
  EXPECT_TRUE(o.in_window(7 + 100'000'000));
  EXPECT_TRUE(o.in_window(7 + 299'999'999));
  EXPECT_FALSE(o.in_window(7 + 300'000'000));
  // A warm-up with no end: the window opens after it and stays open; nothing ends the schedule.
  const ServerOptions open = parse({"--warmup", "2", "--epoch-mono-ns", "7"});
  EXPECT_EQ(open.workload.duration_ns, 0);
  EXPECT_FALSE(open.in_window(7 + 1'999'999'999));
  EXPECT_TRUE(open.in_window(INT64_MAX));
}

TEST(ServerOptionsTest, TheWindowIsHalfOpenFromTheEpoch) {
  ServerOptions o;
  o.epoch_mono_ns = 1000;
  o.warmup_ns = 100;
  o.workload.duration_ns = 500;
  EXPECT_FALSE(o.in_window(1099));
  EXPECT_TRUE(o.in_window(1100));
  EXPECT_TRUE(o.in_window(1499));
  EXPECT_FALSE(o.in_window(1500));
  o.workload.duration_ns = 0;  // unbounded
  EXPECT_TRUE(o.in_window(INT64_MAX));
  EXPECT_FALSE(o.in_window(1099));
}

}  // namespace
}  // namespace pushbench
