// --http-engine lean against curl on one scenario: one pushbench-server, and for each of poll,
// poll-close and longpoll two client processes side by side, 50 clients with libcurl and 50 with
// the lean engine (ids of the same width: their requests are byte for byte the same size). Both
// engines must deliver every expected event with no error, with the same requests, empty
// responses and header bytes per request, and the same bytes up per request (the same request
// bytes on the wire). What may differ, and why, is in each expectation.
#include <signal.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clock.h"
#include "server_fixture.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

constexpr int kPerEngine = 50;
constexpr int kFirstId = 100;  // ids 100..399: every client id has three digits

class LeanEngineTest : public ServerFixture {};

TEST_F(LeanEngineTest, DeliversWhatCurlDeliversWithTheSameRequests) {
  // 3 s of warm-up and a 2 s window, 10 broadcast events per second to 400 clients (ids 0..99
  // never connect: the server queues for them and nothing else). Each client's poll phase is
  // its own, so the schedule is chosen for every in-window request and response to have the same
  // size whatever the phase: a poll every second brings exactly 10 events (a 4-digit
  // Content-Length), and after 3 s every cursor has two digits (after=19..39).
  const std::vector<std::string> schedule{"--clients", "400", "--rate", "10", "--seed", "5"};
  std::vector<std::string> server_argv{"--warmup", "3", "--duration", "2"};
  server_argv.insert(server_argv.end(), schedule.begin(), schedule.end());
  ASSERT_NO_FATAL_FAILURE(start_server(server_argv));
  const int64_t epoch = epoch_;
  TempDir& dir = dir_;

  struct Client {
    std::string transport, engine, result;
    std::unique_ptr<Spawned> process;
  };
  std::vector<Client> clients;
  int first = kFirstId;
  for (const std::string transport : {"poll", "poll-close", "longpoll"}) {
    for (const std::string engine : {"curl", "lean"}) {
      Client c{transport, engine, dir.file(transport + "-" + engine + ".json"), nullptr};
      std::vector<std::string> argv{PUSHBENCH_CLIENT_BIN,
                                    "--transport",
                                    transport,
                                    "--http-engine",
                                    engine,
                                    "--port",
                                    std::to_string(port_),
                                    "--epoch-mono-ns",
                                    std::to_string(epoch),
                                    "--warmup",
                                    "3",
                                    "--duration",
                                    "2",
                                    "--first-client",
                                    std::to_string(first),
                                    "--count",
                                    std::to_string(kPerEngine),
                                    "--result",
                                    c.result};
      argv.insert(argv.end(), schedule.begin(), schedule.end());
      c.process = std::make_unique<Spawned>(argv, dir.path(), dir.path());
      clients.push_back(std::move(c));
      first += kPerEngine;
    }
  }
  // Past the window's end (epoch + 5 s) and a poll interval more: the last events planned in the
  // window are fetched by polls up to a second later.
  std::this_thread::sleep_for(
      std::chrono::nanoseconds(std::max<int64_t>(0, epoch + 6200 * kNsPerMs - mono_ns())));
  std::map<std::string, nlohmann::json> results;  // "transport/engine"
  for (Client& c : clients) {
    ASSERT_EQ(kill(c.process->pid(), SIGTERM), 0);
    const ProcessResult r = c.process->wait(std::chrono::seconds(10));
    ASSERT_EQ(r.exit_code, 0) << c.transport << " " << c.engine << ": " << r.describe();
    results[c.transport + "/" + c.engine] = nlohmann::json::parse(read_file(c.result));
  }
  stop_server();

  for (const std::string transport : {"poll", "poll-close", "longpoll"}) {
    SCOPED_TRACE(transport);
    const nlohmann::json& curl = results.at(transport + "/curl");
    const nlohmann::json& lean = results.at(transport + "/lean");
    auto count = [](const nlohmann::json& j, const std::string& key) {
      return j.at(key).get<int64_t>();
    };
    for (const nlohmann::json* j : {&curl, &lean}) {
      EXPECT_TRUE(j->at("window_complete").get<bool>());
      EXPECT_EQ(j->at("ready_clients").get<int>(), kPerEngine);
      EXPECT_EQ(j->at("delivery").at("delivered"), j->at("delivery").at("expected")) << j->dump();
      for (const auto& [kind, n] : j->at("errors").items()) {
        EXPECT_EQ(n.get<int64_t>(), 0) << kind << " errors: " << j->at("errors").dump();
      }
    }
    // The same schedule for the same number of clients.
    EXPECT_GT(count(curl.at("delivery"), "expected"), 0);
    EXPECT_EQ(curl.at("delivery").at("expected"), lean.at("delivery").at("expected"));
    EXPECT_EQ(count(curl, "empty_responses"), count(lean, "empty_responses"));
    const int64_t requests = count(curl, "requests");
    ASSERT_GT(requests, 0);
    if (transport == "longpoll") {
      // One answer per event (10 per second, each answered within a millisecond): exact.
      EXPECT_EQ(count(lean, "requests"), requests);
    } else {
      // Two polls per client in the window; a poll whose response straddles a window edge
      // (each engine's clients have their own seeded phases) moves one request in or out.
      EXPECT_LE(std::abs(count(lean, "requests") - requests), 2);
    }
    // Byte for byte the same request, the same response headers: per request, the same header
    // bytes (libcurl's REQUEST_SIZE + HEADER_SIZE against the lean engine's count: both are
    // counted when a request completes) and the same bytes up (TCP_INFO's count by the time they
    // were sent: a request sent just before the window's end and answered after it counts in
    // bytes, not in requests; within a byte per request).
    const auto per_request = [&](const nlohmann::json& j, const std::string& key) {
      return static_cast<double>(count(j, key)) / static_cast<double>(count(j, "requests"));
    };
    EXPECT_DOUBLE_EQ(per_request(lean, "http_header_bytes"),
                     per_request(curl, "http_header_bytes"));
    EXPECT_NEAR(per_request(lean, "app_bytes_up"), per_request(curl, "app_bytes_up"), 1.0);
    // Down: the same responses (within the requests' edge effect above): within 2 %.
    EXPECT_NEAR(static_cast<double>(count(lean, "app_bytes_down")),
                static_cast<double>(count(curl, "app_bytes_down")),
                0.02 * static_cast<double>(count(curl, "app_bytes_down")));
    // poll and longpoll keep the connection of their first request (opened before the window);
    // poll-close opens one per request.
    EXPECT_LE(std::abs(count(lean, "connections_opened") - count(curl, "connections_opened")), 2);
  }
}

// `pushbench run --http-engine lean` hands the engine to the polling clients only, and says so in
// each row (empty where no HTTP engine applies) and in meta.json.
TEST(LeanEngineRunTest, RowsAndMetaNameTheEngine) {
  TempDir dir;
  const std::string out = dir.file("out");
  auto rows =
      run_rows_by_transport({PUSHBENCH_CLI_BIN, "run", "--transports", "poll,ws", "--http-engine",
                             "lean", "--clients", "20", "--warmup", "1", "--duration", "1",
                             "--drain", "1", "--no-plots", "--quiet", "--out", out},
                            dir.path(), out);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows["poll"]["http_engine"], "lean");
  EXPECT_EQ(rows["ws"]["http_engine"], "");
  EXPECT_EQ(rows["poll"]["notifications_lost"], "0");
  EXPECT_EQ(rows["poll"]["client_errors"], "0");
  const nlohmann::json meta = nlohmann::json::parse(read_file(out + "/meta.json"));
  EXPECT_EQ(meta.at("scenario").at("http_engine"), "lean");
}

}  // namespace
}  // namespace pushbench::test
