// pushbench-client --url (and `pushbench run --target`, which runs it) against servers that are
// not pushbench's, as a user would aim it at their own: a 20-line Python SSE server (CRLF line
// ends, id, retry:, a comment: the WHATWG parser's job) and a node `ws` broadcaster. Messages are
// counted at about the rate the server sends them, and latency is measured exactly when a timestamp
// field is given (and said to be "not measured" otherwise).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "child_process.h"
#include "clock.h"
#include "parse.h"
#include "test_support.h"

namespace pushbench::test {
namespace {

namespace fs = std::filesystem;

const std::string kEndpoints = std::string(PUSHBENCH_SOURCE_DIR) + "/tests/integration/endpoints";
constexpr int kClients = 4;

// A directory with node's `ws` package in it: NODE_PATH's, the browser test's node_modules
// (npm install there), or the global ones; nullopt when there is none.
std::optional<std::string> node_modules_with_ws() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("NODE_PATH"); env != nullptr) {
    for (const std::string& d : split_list(env, ':')) {
      dirs.push_back(d);
    }
  }
  dirs.push_back(std::string(PUSHBENCH_SOURCE_DIR) + "/tests/browser/node_modules");
  dirs.push_back("/usr/lib/node_modules");
  dirs.push_back("/usr/local/lib/node_modules");
  for (const std::string& d : dirs) {
    if (!d.empty() && fs::exists(d + "/ws/package.json")) {
      return d;
    }
  }
  return std::nullopt;
}

// A server started from tests/integration/endpoints/, its port from its first stdout line.
struct ForeignServer {
  ChildProcess process;
  int port = 0;

  ForeignServer(const std::vector<std::string>& argv, const std::string& log)
      : process(argv, -1, log) {
    const auto line = process.read_line(mono_ns() + 20 * kNsPerSec);
    if (line) {
      port = std::atoi(line->c_str());
    }
  }
};

struct ClientRun {
  ProcessResult process;
  nlohmann::json result;
};

ClientRun run_client(const TempDir& dir, const std::string& url,
                     const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {PUSHBENCH_CLIENT_BIN,
                                   "--url",
                                   url,
                                   "-c",
                                   std::to_string(kClients),
                                   "-w",
                                   "1s",
                                   "-d",
                                   "3s",
                                   "-o",
                                   dir.file("result.json")};
  argv.insert(argv.end(), extra.begin(), extra.end());
  ClientRun r;
  r.process = run_process(argv, dir.path(), dir.path(), std::chrono::seconds(30));
  if (r.process.exit_code == 0) {
    r.result = nlohmann::json::parse(read_file(dir.file("result.json")));
  }
  return r;
}

// Per client: messages at about `per_client_hz` (a loaded machine sends late, never early), one
// connection each, no reconnect.
void expect_counts(const ClientRun& r, double per_client_hz, bool quiet = false) {
  ASSERT_EQ(r.process.exit_code, 0) << r.process.describe();
  const nlohmann::json& j = r.result;
  const double expected = per_client_hz * kClients;
  EXPECT_GT(j["messages"].get<uint64_t>(), 0U);
  EXPECT_GT(j["messages_per_s"].get<double>(), 0.6 * expected) << j.dump();
  EXPECT_LT(j["messages_per_s"].get<double>(), 1.15 * expected) << j.dump();
  EXPECT_EQ(j["connections"].get<uint64_t>(), static_cast<uint64_t>(kClients)) << j.dump();
  EXPECT_EQ(j["reconnects"].get<uint64_t>(), 0U) << j.dump();
  EXPECT_EQ(j["errors"].get<uint64_t>(), 0U) << j.dump();
  EXPECT_GT(j["bytes"].get<uint64_t>(), j["messages"].get<uint64_t>() * 10) << j.dump();
  EXPECT_GT(j["inter_arrival_p50_ms"].get<double>(), 0.5 * 1000 / per_client_hz) << j.dump();
  EXPECT_LT(j["inter_arrival_p50_ms"].get<double>(), 2.0 * 1000 / per_client_hz) << j.dump();
  // The table on stdout, nothing but the progress line on stderr (none with --quiet).
  EXPECT_NE(r.process.out.find("messages      "), std::string::npos) << r.process.out;
  EXPECT_EQ(split_lines(r.process.err).size(), quiet ? 0U : 1U) << r.process.err;
}

TEST(EndpointUrlTest, SseServerOfOurOwnWithAndWithoutTimestamps) {
  TempDir dir;
  ForeignServer server({"/usr/bin/env", "python3", kEndpoints + "/sse_server.py"},
                       dir.file("sse.log"));
  ASSERT_GT(server.port, 0) << "the SSE server did not start: " << server.process.describe();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port) + "/sse";

  const ClientRun with = run_client(dir, url, {"--timestamp-field", "/ts"});
  expect_counts(with, 20);  // an event every 50 ms
  EXPECT_TRUE(with.result["latency_measured"].get<bool>()) << with.result.dump();
  EXPECT_EQ(with.result["timestamp_clock"], "wall-ms");
  EXPECT_EQ(with.result["messages_without_timestamp"], 0);
  // The server stamps the ms before it writes: 0..1 ms, plus scheduling on a busy machine.
  EXPECT_GE(with.result["latency_p50_ms"].get<double>(), -1) << with.result.dump();
  EXPECT_LT(with.result["latency_p50_ms"].get<double>(), 50) << with.result.dump();
  EXPECT_NE(with.process.out.find("on wall-ms"), std::string::npos) << with.process.out;

  const ClientRun without = run_client(dir, url, {"--quiet"});
  expect_counts(without, 20, /*quiet=*/true);
  EXPECT_FALSE(without.result["latency_measured"].get<bool>());
  EXPECT_NE(without.process.out.find("latency       not measured"), std::string::npos)
      << without.process.out;
}

// `pushbench run --target`: a row per --clients value and repetition in target.csv (and typed
// in target.json), the server's CPU and memory with --target-pid and "not measured" (empty)
// without, the client's CPU always.
TEST(EndpointUrlTest, RunTargetWritesARowPerClientsValueAndRepetition) {
  TempDir dir;
  ForeignServer server({"/usr/bin/env", "python3", kEndpoints + "/sse_server.py"},
                       dir.file("sse.log"));
  ASSERT_GT(server.port, 0) << "the SSE server did not start: " << server.process.describe();
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port) + "/sse";
  const std::vector<std::string> common = {PUSHBENCH_CLI_BIN, "run", "--target", url, "-w",
                                           "300ms",           "-d",  "1s",       "-q"};
  std::vector<std::string> with = common;
  with.insert(with.end(), {"-c", "2,6", "--repeat", "2", "--timestamp-field", "/ts", "--target-pid",
                           std::to_string(server.process.pid()), "-o", dir.file("with")});
  const ProcessResult r = run_process(with, dir.path(), dir.path(), std::chrono::seconds(60));
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.err, "") << "--quiet";
  EXPECT_NE(r.out.find("latency p50 ms"), std::string::npos) << r.out;
  const nlohmann::json j = nlohmann::json::parse(read_file(dir.file("with/target.json")));
  EXPECT_EQ(j["schema_version"], "target-1");
  EXPECT_EQ(j["meta"]["target"]["mode"], "sse");
  ASSERT_EQ(j["rows"].size(), 4U) << j.dump();
  for (size_t i = 0; i < 4; ++i) {
    const nlohmann::json& row = j["rows"][i];
    const int clients = i < 2 ? 2 : 6;
    EXPECT_EQ(row["clients"], clients);
    EXPECT_EQ(row["repetition"], static_cast<int>(i % 2) + 1);
    EXPECT_EQ(row["connections"], clients) << row.dump();
    EXPECT_EQ(row["errors"], 0) << row.dump();
    // 20 messages a second each; a loaded machine sends late, never early.
    EXPECT_GT(row["messages_per_client_per_s"].get<double>(), 12) << row.dump();
    EXPECT_LT(row["messages_per_client_per_s"].get<double>(), 23) << row.dump();
    EXPECT_TRUE(row["latency_p50_ms"].is_number()) << row.dump();
    EXPECT_GT(row["client_cpu_pct"].get<double>(), 0) << row.dump();
    EXPECT_GT(row["target_cpu_pct"].get<double>(), 0) << row.dump();
    EXPECT_GT(row["target_rss_kb"].get<double>(), 0) << row.dump();
  }
  EXPECT_EQ(split_lines(read_file(dir.file("with/target.csv"))).size(), 5U);

  std::vector<std::string> without = common;
  without.insert(without.end(), {"-c", "3", "-o", dir.file("without")});
  const ProcessResult w = run_process(without, dir.path(), dir.path(), std::chrono::seconds(60));
  ASSERT_EQ(w.exit_code, 0) << w.describe();
  const nlohmann::json row =
      nlohmann::json::parse(read_file(dir.file("without/target.json")))["rows"].at(0);
  EXPECT_EQ(row["clients"], 3);
  EXPECT_TRUE(row["latency_p50_ms"].is_null()) << row.dump();
  EXPECT_TRUE(row["target_cpu_pct"].is_null()) << row.dump();
  EXPECT_GT(row["messages"].get<uint64_t>(), 0U) << row.dump();
}

TEST(EndpointUrlTest, NodeWsBroadcasterWithMonotonicTimestamps) {
  const std::optional<std::string> modules = node_modules_with_ws();
  if (!modules || access("/usr/bin/node", X_OK) != 0) {
    GTEST_SKIP() << "no node or no `ws` package (npm install in tests/browser, or NODE_PATH)";
  }
  TempDir dir;
  ForeignServer server(
      {"/usr/bin/env", "NODE_PATH=" + *modules, "node", kEndpoints + "/ws_broadcaster.cjs"},
      dir.file("ws.log"));
  ASSERT_GT(server.port, 0) << "the broadcaster did not start: " << server.process.describe();
  const ClientRun r = run_client(dir, "ws://127.0.0.1:" + std::to_string(server.port) + "/",
                                 {"--timestamp-field", "/sent_ns", "--timestamp-clock", "mono-ns"});
  expect_counts(r, 100);  // a message every 10 ms
  EXPECT_TRUE(r.result["latency_measured"].get<bool>()) << r.result.dump();
  EXPECT_EQ(r.result["timestamp_clock"], "mono-ns");
  EXPECT_GE(r.result["latency_p50_ms"].get<double>(), 0) << r.result.dump();
  EXPECT_LT(r.result["latency_p50_ms"].get<double>(), 50) << r.result.dump();
}

TEST(EndpointUrlTest, NoServerIsExitOneWithTheReason) {
  TempDir dir;
  const ProcessResult r = run_process(
      {PUSHBENCH_CLIENT_BIN, "--url", "ws://127.0.0.1:1/", "-w", "0", "-d", "1500ms", "-q"},
      dir.path(), dir.path(), std::chrono::seconds(20));
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.err.find("no connection to ws://127.0.0.1:1/ opened"), std::string::npos)
      << r.describe();
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace pushbench::test
