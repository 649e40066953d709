// A pushbench-client whose server went away gives up: once its connections have failed with no
// answer from the server for --give-up seconds it exits 1 with one line naming the reason,
// instead of retrying for as long as it is left running (seen: 10 minutes at 9 % CPU).
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "clock.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr int kClients = 5;
constexpr double kGiveUpS = 2;  // --give-up 2

class ClientGiveUpTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ClientGiveUpTest, ExitsWithTheReasonWhenItsServerIsKilled) {
  const std::string transport = GetParam();
  TempDir dir;
  ChildProcess server({PUSHBENCH_SERVER_BIN, "--port", "0", "--clients", std::to_string(kClients),
                       "--stats", dir.file("stats.json")},
                      -1, dir.file("server.stderr"));
  const auto line = server.read_line(mono_ns() + 10 * kNsPerSec);
  ASSERT_TRUE(line.has_value()) << "no ready line: server " << server.describe();
  const nlohmann::json ready = nlohmann::json::parse(*line);
  const int port = ready.at(transport == "tcp" ? "tcp_port" : "port").get<int>();

  Spawned client({PUSHBENCH_CLIENT_BIN, "--transport", transport, "--port", std::to_string(port),
                  "--clients", std::to_string(kClients), "--epoch-mono-ns",
                  std::to_string(ready.at("epoch_mono_ns").get<int64_t>()), "--warmup", "0",
                  "--duration", "600", "--give-up", "2", "--result", dir.file("client.json")},
                 dir.path(), dir.path());
  // Connected and served for a moment, then the server vanishes without a goodbye.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ASSERT_EQ(kill(server.pid(), SIGKILL), 0);
  const int64_t killed = mono_ns();
  const ProcessResult r = client.wait(std::chrono::seconds(30));
  const double gave_up_s = static_cast<double>(mono_ns() - killed) / 1e9;
  ASSERT_FALSE(r.timed_out) << "the client kept retrying: " << r.describe();
  EXPECT_EQ(r.signal, 0) << r.describe();
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_GE(gave_up_s, kGiveUpS - 0.1) << "gave up before --give-up passed";
  EXPECT_LT(gave_up_s, kGiveUpS + 10) << "--give-up is the bound";
  const std::vector<std::string> lines = split_lines(r.err);
  ASSERT_EQ(lines.size(), 1U) << r.describe();
  EXPECT_NE(lines[0].find("--give-up"), std::string::npos) << r.describe();
  EXPECT_NE(lines[0].find(std::to_string(port)), std::string::npos) << r.describe();
  // No tight retry loop meanwhile (a long poller once retried 45,000 times in 2 s): at most 20
  // attempts per client per second (they retry after 100 ms), with the give-up time plus 1 s.
  const size_t open = lines[0].find(" connection errors");
  const size_t start = lines[0].rfind('(', open);
  ASSERT_TRUE(open != std::string::npos && start != std::string::npos) << lines[0];
  const long errors = std::stol(lines[0].substr(start + 1, open - start - 1));
  EXPECT_LE(errors, static_cast<long>(kClients * 20 * (kGiveUpS + 1))) << lines[0];
}

INSTANTIATE_TEST_SUITE_P(Transports, ClientGiveUpTest,
                         ::testing::Values("poll", "longpoll", "sse", "ws", "tcp"),
                         [](const auto& p) { return p.param; });

}  // namespace
}  // namespace pushbench::test
