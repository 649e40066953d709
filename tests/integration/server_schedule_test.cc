// --warmup and --duration mean the same on pushbench-server as on pushbench-client (issue 12):
// both binaries started by hand with the same two arguments run the same schedule and measure
// the same window. The game workload sends both ways: the ticks coming down are the server's
// schedule, the inputs going up are timed against the server's window.
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "clock.h"
#include "run_window.h"
#include "schedule.h"
#include "test_support.h"
#include "upstream_plan.h"

namespace pushbench::test {
namespace {

TEST(ServerScheduleTest, TheServersScheduleAndWindowAreTheClientsForTheSameWarmupAndDuration) {
  TempDir dir;
  // 10 clients, a 10 Hz tick: 15 ticks of warm-up and 20 in the window, each input planned at
  // its tick. 1.5 s leaves the clients time to connect before the window opens.
  const std::string warmup = "1.5";
  const std::string duration = "2";
  const int64_t epoch = mono_ns() + kNsPerSec;
  const std::vector<std::string> common = {
      "--workload", "game", "--clients",     "10",   "--rate",          "10",
      "--seed",     "3",    "--warmup",      warmup, "--duration",      duration,
      "--payload",  "128",  "--input-bytes", "80",   "--epoch-mono-ns", std::to_string(epoch)};
  std::vector<std::string> server_argv = {PUSHBENCH_SERVER_BIN, "--port", "0", "--stats",
                                          dir.file("server.json")};
  server_argv.insert(server_argv.end(), common.begin(), common.end());
  ChildProcess server(server_argv, -1, dir.file("server.log"));
  const auto ready = server.read_line(mono_ns() + 10 * kNsPerSec);
  ASSERT_TRUE(ready.has_value()) << server.describe();
  std::vector<std::string> client_argv = {
      PUSHBENCH_CLIENT_BIN,
      "--transport",
      "ws",
      "--port",
      std::to_string(nlohmann::json::parse(*ready).at("port").get<int>()),
      "--result",
      dir.file("client.json")};
  client_argv.insert(client_argv.end(), common.begin(), common.end());
  ChildProcess client(client_argv, -1, dir.file("client.log"));

  // What the schedule holds, recomputed here from the same arguments.
  WorkloadSpec spec{.workload = Workload::kGame,
                    .clients = 10,
                    .rate_hz = 10,
                    .payload_bytes = 128,
                    .input_bytes = 80,
                    .seed = 3};
  const int64_t warmup_ns = seconds_to_ns(1.5, "--warmup");
  spec.duration_ns = schedule_ns(warmup_ns, seconds_to_ns(2, "--duration"));
  ASSERT_EQ(spec.duration_ns, 3'500'000'000);
  uint64_t ticks = 0;
  uint64_t ticks_in_window = 0;
  ScheduleGenerator gen(spec);
  while (auto ev = gen.next()) {
    ++ticks;
    ticks_in_window += ev->offset_ns >= warmup_ns ? 1 : 0;
  }
  uint64_t inputs_in_window = 0;
  UpstreamPlan plan(spec, 0, spec.clients);
  while (auto s = plan.next()) {
    inputs_in_window += s->offset_ns >= warmup_ns && s->offset_ns < spec.duration_ns ? 1 : 0;
  }
  ASSERT_EQ(ticks, 35U);
  ASSERT_EQ(ticks_in_window, 20U);
  ASSERT_EQ(inputs_in_window, 200U);

  ASSERT_TRUE(client.read_line(epoch + warmup_ns).has_value()) << client.describe();
  // The schedule's end and a second for the last tick and inputs in flight.
  while (mono_ns() < epoch + spec.duration_ns + kNsPerSec) {
    usleep(50'000);
  }
  ASSERT_TRUE(client.terminate(10 * kNsPerSec)) << client.describe();
  ASSERT_TRUE(server.terminate(10 * kNsPerSec)) << server.describe();
  const auto result = nlohmann::json::parse(read_file(dir.file("client.json")));
  const auto stats = nlohmann::json::parse(read_file(dir.file("server.json")));

  // Down: every tick of the client's window arrived at every client, and none from outside the
  // client's schedule; the server published the whole schedule, warm-up included, and no more.
  const nlohmann::json& d = result.at("delivery");
  EXPECT_EQ(d.at("expected").get<uint64_t>(), ticks_in_window * 10) << d.dump();
  EXPECT_EQ(d.at("delivered"), d.at("expected")) << d.dump();
  EXPECT_EQ(d.at("lost").get<uint64_t>(), 0U) << d.dump();
  EXPECT_EQ(result.at("errors").at("schedule").get<uint64_t>(), 0U) << result.dump();
  EXPECT_EQ(stats.at("events_published").get<uint64_t>(), ticks) << stats.dump();
  // Published from the loop's timerfd (precise_timer.h), never before its planned time.
  EXPECT_EQ(stats.at("publish_timer"), "timerfd") << stats.dump();
  EXPECT_GE(stats.at("publish_lag").at("p50_us").get<double>(), 0) << stats.dump();
  // Up: the inputs the client sent in its window are the ones the server counted in its own.
  EXPECT_EQ(result.at("upstream").at("messages_sent").get<uint64_t>(), inputs_in_window);
  EXPECT_EQ(stats.at("upstream").at("in_window").get<uint64_t>(), inputs_in_window) << stats.dump();
  EXPECT_EQ(stats.at("upstream").at("rejected").get<uint64_t>(), 0U) << stats.dump();
}

}  // namespace
}  // namespace pushbench::test
