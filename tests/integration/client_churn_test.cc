// --churn: clients that drop their held stream and reconnect every second lose nothing (sse
// resumes with Last-Event-ID, longpoll with after=SEQ), and cost the server only the new
// connections: a stream whose client hung up used to keep lws' loop spinning until it was
// closed (measured for 100 clients at 20 % churn: 36 % of a server core for longpoll, 100 % for
// sse; now 1-3 %).
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "clock.h"
#include "proc_stats.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr int kClients = 100;

class ClientChurnTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ClientChurnTest, LosesNothingAndCostsTheServerOnlyTheReconnects) {
  const std::string transport = GetParam();
  TempDir dir;
  // The schedule: 1 s of warm-up and a 4 s window, 10 broadcast events per second.
  const std::vector<std::string> schedule{
      "--clients", std::to_string(kClients), "--rate", "10", "--seed", "5"};
  std::vector<std::string> server_argv{
      PUSHBENCH_SERVER_BIN,  "--port", "0", "--warmup", "1", "--duration", "4", "--stats",
      dir.file("stats.json")};
  server_argv.insert(server_argv.end(), schedule.begin(), schedule.end());
  ChildProcess server(server_argv, -1, dir.file("server.stderr"));
  const auto line = server.read_line(mono_ns() + 10 * kNsPerSec);
  ASSERT_TRUE(line.has_value()) << "no ready line: server " << server.describe();
  const nlohmann::json ready = nlohmann::json::parse(*line);
  const int64_t epoch = ready.at("epoch_mono_ns").get<int64_t>();
  const int baseline_fds = open_fds(server.pid());

  std::vector<std::string> client_argv{PUSHBENCH_CLIENT_BIN,
                                       "--transport",
                                       transport,
                                       "--port",
                                       std::to_string(ready.at("port").get<int>()),
                                       "--epoch-mono-ns",
                                       std::to_string(epoch),
                                       "--warmup",
                                       "1",
                                       "--duration",
                                       "4",
                                       "--churn",
                                       "20",
                                       "--result",
                                       dir.file("client.json")};
  client_argv.insert(client_argv.end(), schedule.begin(), schedule.end());
  Spawned client(client_argv, dir.path(), dir.path());

  auto sleep_until = [](int64_t t) {
    std::this_thread::sleep_for(std::chrono::nanoseconds(std::max<int64_t>(0, t - mono_ns())));
  };
  sleep_until(epoch + 2 * kNsPerSec);  // connected and churning
  const auto before = sample_process(server.pid());
  sleep_until(epoch + 4 * kNsPerSec);
  const auto after = sample_process(server.pid());
  sleep_until(epoch + 6 * kNsPerSec);  // window and a 1 s drain
  ASSERT_EQ(kill(client.pid(), SIGTERM), 0);
  const ProcessResult r = client.wait(std::chrono::seconds(20));
  ASSERT_EQ(r.exit_code, 0) << r.describe();

  const nlohmann::json result = nlohmann::json::parse(read_file(dir.file("client.json")));
  const nlohmann::json& d = result.at("delivery");
  EXPECT_GT(d.at("expected").get<int64_t>(), 0);
  EXPECT_EQ(d.at("delivered"), d.at("expected")) << d.dump();
  EXPECT_EQ(d.at("lost").get<int64_t>(), 0) << d.dump();
  EXPECT_EQ(d.at("duplicated").get<int64_t>(), 0) << d.dump();
  EXPECT_EQ(d.at("misdelivered").get<int64_t>(), 0) << d.dump();
  // 20 % of 100 clients per second over the ~6 s the client ran (seeded, fixed timeline).
  const int64_t churned = result.at("churn_reconnects").get<int64_t>();
  EXPECT_GE(churned, 60) << "too few reconnects for --churn 20";
  EXPECT_LE(churned, 200) << "more reconnects than --churn 20 asks for";

  ASSERT_TRUE(before && after);
  EXPECT_LT(cpu_share(*before, *after), 0.25)
      << "server CPU while clients churn (1,000 notifications, 20 reconnects per second)";
  int fds = 0;
  for (int tries = 0; tries < 20; ++tries) {  // up to 2 s for the last closes
    fds = open_fds(server.pid());
    if (fds <= baseline_fds) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_LE(fds, baseline_fds) << "the server kept descriptors of clients that left";
  EXPECT_TRUE(server.terminate(10 * kNsPerSec)) << server.describe();
}

INSTANTIATE_TEST_SUITE_P(Transports, ClientChurnTest, ::testing::Values("sse", "longpoll"),
                         [](const auto& p) { return p.param; });

// Only transports that resume by contract may churn; and a percentage is 0..100.
TEST(ClientChurnOptionTest, RefusesTransportsThatCannotResumeAndOutOfRangePercentages) {
  TempDir dir;
  for (const auto& [transport, pct, says] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"ws", "10", "--churn needs a transport that resumes"},
           {"poll", "10", "--churn needs a transport that resumes"},
           {"sse", "101", "--churn must be 0..100"},
           {"sse", "-1", "--churn must be 0..100"}}) {
    const ProcessResult r = run_process({PUSHBENCH_CLIENT_BIN, "--transport", transport, "--port",
                                         "1", "--epoch-mono-ns", "1", "--churn", pct},
                                        dir.path(), dir.path(), std::chrono::seconds(10));
    EXPECT_NE(r.exit_code, 0) << transport << " " << pct << ": " << r.describe();
    EXPECT_EQ(split_lines(r.err).size(), 1U) << r.describe();
    EXPECT_NE(r.err.find(says), std::string::npos) << r.describe();
  }
}

}  // namespace
}  // namespace pushbench::test
