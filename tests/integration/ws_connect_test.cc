// WebSocket connects in bulk (bench/scenarios/handshakes.sh's invariants, at a size CI runs): one
// pushbench-server, clients of both engines (the lws client and --ws-engine lean) connecting at
// once. Every client must connect with no error and the server must accept every one and refuse
// none; the lean engine must deliver what the lws client delivers and answer the server's pings.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "clock.h"
#include "server_fixture.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

class WsConnectTest : public ServerFixture {
 protected:
  struct Client {
    std::string engine, result;
    std::unique_ptr<ChildProcess> process;
  };

  // `count` clients from `first` with `engine`, on the server's schedule (`schedule`).
  Client start_client(const std::string& engine, int first, int count,
                      const std::vector<std::string>& schedule) {
    Client c{engine, dir_.file(engine + ".json"), nullptr};
    std::vector<std::string> argv{PUSHBENCH_CLIENT_BIN,
                                  "--transport",
                                  "ws",
                                  "--ws-engine",
                                  engine,
                                  "--port",
                                  std::to_string(port_),
                                  "--epoch-mono-ns",
                                  std::to_string(epoch_),
                                  "--first-client",
                                  std::to_string(first),
                                  "--count",
                                  std::to_string(count),
                                  "--result",
                                  c.result};
    argv.insert(argv.end(), schedule.begin(), schedule.end());
    c.process = std::make_unique<ChildProcess>(argv, -1, dir_.file(engine + ".stderr"));
    return c;
  }

  // SIGTERM, exit 0, the result JSON.
  nlohmann::json finish(Client& c) {
    EXPECT_TRUE(c.process->terminate(20 * kNsPerSec)) << c.engine << ": " << c.process->describe();
    return nlohmann::json::parse(read_file(c.result), nullptr, false);
  }
};

TEST_F(WsConnectTest, EveryClientOfBothEnginesConnectsAndNoneIsRefused) {
  constexpr int kPerEngine = 2000;
  const std::vector<std::string> schedule{"--workload", "idle", "--clients",  "4000",
                                          "--warmup",   "600",  "--duration", "600"};
  ASSERT_NO_FATAL_FAILURE(start_server(schedule));
  std::vector<Client> clients;
  clients.push_back(start_client("lws", 0, kPerEngine, schedule));
  clients.push_back(start_client("lean", kPerEngine, kPerEngine, schedule));
  for (Client& c : clients) {
    // The ready line once all of its clients are connected (well under a second each here).
    const auto line = c.process->read_line(mono_ns() + 60 * kNsPerSec);
    ASSERT_TRUE(line.has_value()) << c.engine << ": not all connected in 60 s, "
                                  << c.process->describe();
  }
  for (Client& c : clients) {
    SCOPED_TRACE(c.engine);
    const nlohmann::json r = finish(c);
    ASSERT_FALSE(r.is_discarded());
    EXPECT_EQ(r.at("ready_clients").get<int>(), kPerEngine);
    EXPECT_EQ(r.at("ws_established").get<int>(), kPerEngine) << "a connection was made twice";
    for (const auto& [kind, n] : r.at("errors").items()) {
      EXPECT_EQ(n.get<int64_t>(), 0) << kind << " errors: " << r.at("errors").dump();
    }
  }
  const nlohmann::json stats = stop_server();
  EXPECT_EQ(stats.at("ws_accepted").get<int>(), 2 * kPerEngine);
  EXPECT_EQ(stats.at("ws_rejected").get<int>(), 0);
  EXPECT_EQ(stats.at("bad_requests").get<int>(), 0);
  EXPECT_EQ(stats.at("accepts_refused").get<int>(), 0);
  // The span the scenario's rate is measured over, in order. (Not bounded by the clients' ready
  // lines: lws writes the 101 before its ESTABLISHED callback stamps it.)
  const auto first_accept = stats.at("first_accept_mono_ns").get<int64_t>();
  const auto last_established = stats.at("last_ws_established_mono_ns").get<int64_t>();
  EXPECT_GT(first_accept, epoch_);
  EXPECT_LT(first_accept, last_established);
}

TEST_F(WsConnectTest, LeanEngineDeliversWhatLwsDeliversAndAnswersPings) {
  // 10 broadcast events per second to 100 clients, a 2 s window after 2 s of warm-up; the server
  // pings every client once a second.
  constexpr int kPerEngine = 50;
  const std::vector<std::string> schedule{"--clients", "100", "--rate",     "10",
                                          "--warmup",  "2",   "--duration", "2"};
  std::vector<std::string> server_argv = schedule;
  server_argv.insert(server_argv.end(), {"--ws-ping", "1"});
  ASSERT_NO_FATAL_FAILURE(start_server(server_argv));
  std::vector<Client> clients;
  clients.push_back(start_client("lws", 0, kPerEngine, schedule));
  clients.push_back(start_client("lean", kPerEngine, kPerEngine, schedule));
  // Past the window's end and its drain.
  while (mono_ns() < epoch_ + 4500 * kNsPerMs) {
    ::usleep(50'000);
  }
  std::vector<nlohmann::json> results;
  for (Client& c : clients) {
    results.push_back(finish(c));
    const nlohmann::json& r = results.back();
    SCOPED_TRACE(c.engine);
    ASSERT_FALSE(r.is_discarded());
    EXPECT_TRUE(r.at("window_complete").get<bool>());
    EXPECT_GT(r.at("delivery").at("expected").get<int64_t>(), 0);
    EXPECT_EQ(r.at("delivery").at("delivered"), r.at("delivery").at("expected")) << r.dump();
    for (const auto& [kind, n] : r.at("errors").items()) {
      EXPECT_EQ(n.get<int64_t>(), 0) << kind << " errors: " << r.at("errors").dump();
    }
  }
  // The same events, the same frames: the same bytes down (the pings' share as well).
  EXPECT_EQ(results[0].at("delivery").at("expected"), results[1].at("delivery").at("expected"));
  const auto down = [](const nlohmann::json& r) {
    return static_cast<double>(r.at("app_bytes_down").get<int64_t>());
  };
  EXPECT_NEAR(down(results[1]), down(results[0]), 0.02 * down(results[0]));
  const nlohmann::json stats = stop_server();
  const nlohmann::json& pings = stats.at("ws_pings");
  EXPECT_GT(pings.at("sent").get<int64_t>(), 2 * kPerEngine);
  // Every ping answered (the last ones may be in flight as the clients stop).
  EXPECT_GE(pings.at("pongs").get<int64_t>(), pings.at("sent").get<int64_t>() - 2 * kPerEngine);
}

}  // namespace
}  // namespace pushbench::test
