// Full duplex (issue 3): one real `pushbench run --transports all` of the chat workload and one
// of the game workload on loopback, then what must hold for every transport: every relayed chat
// message reaches every other member of its sender's room exactly once, every message sent up
// arrives, upstream and end-to-end latency are measured, the upstream goes up the open
// connection on ws and tcp (exact bytes per message) and as one POST /send per message on HTTP.
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "clock.h"
#include "schedule.h"
#include "test_support.h"
#include "upstream_plan.h"

namespace pushbench::test {
namespace {

using Row = std::map<std::string, std::string>;

const std::vector<std::string> kAll = {"poll", "poll-close", "longpoll", "sse",
                                       "ws",   "ws-deflate", "tcp"};
constexpr double kWarmupS = 1;
constexpr double kDurationS = 2;

// One `pushbench run --transports all` of `spec`; rows by transport.
std::map<std::string, Row> run_all(const WorkloadSpec& spec, TempDir& dir, std::string& problem) {
  const std::string out = dir.file(std::string(name(spec.workload)));
  const ProcessResult r = run_process({PUSHBENCH_CLI_BIN,
                                       "run",
                                       "--transports",
                                       "all",
                                       "--workload",
                                       std::string(name(spec.workload)),
                                       "--clients",
                                       std::to_string(spec.clients),
                                       "--rate",
                                       fmt::format("{}", spec.rate_hz),
                                       "--payload",
                                       std::to_string(spec.payload_bytes),
                                       "--room-size",
                                       std::to_string(spec.room_size),
                                       "--input-bytes",
                                       std::to_string(spec.input_bytes),
                                       "--seed",
                                       std::to_string(spec.seed),
                                       "--poll-interval",
                                       "250",
                                       "--longpoll-timeout",
                                       "5",
                                       "--warmup",
                                       fmt::format("{}", kWarmupS),
                                       "--duration",
                                       fmt::format("{}", kDurationS),
                                       "--drain",
                                       "1",
                                       "--no-plots",
                                       "--out",
                                       out},
                                      dir.path(), dir.path(), std::chrono::seconds(150));
  if (r.timed_out || r.exit_code != 0) {
    problem = r.describe();
  }
  std::map<std::string, Row> rows;
  for (Row& row : read_results(out + "/results.csv")) {
    rows[row["transport"]] = row;
  }
  return rows;
}

WorkloadSpec with_schedule_bounds(WorkloadSpec spec) {
  spec.duration_ns = std::llround((kWarmupS + kDurationS) * 1e9);
  return spec;
}

bool in_window(int64_t offset_ns) {
  return offset_ns >= std::llround(kWarmupS * 1e9) &&
         offset_ns < std::llround((kWarmupS + kDurationS) * 1e9);
}

class DuplexTest : public ::testing::Test {
 protected:
  // 48 clients in 6 full rooms of 8, 60 messages/s in all (1.25 per client per second).
  static WorkloadSpec chat_spec() {
    return with_schedule_bounds(WorkloadSpec{.workload = Workload::kChat,
                                             .clients = 48,
                                             .rate_hz = 60,
                                             .payload_bytes = 128,
                                             .room_size = 8,
                                             .seed = 11});
  }
  // 30 clients, 20 Hz ticks, 80-byte inputs, 128-byte state.
  static WorkloadSpec game_spec() {
    return with_schedule_bounds(WorkloadSpec{.workload = Workload::kGame,
                                             .clients = 30,
                                             .rate_hz = 20,
                                             .payload_bytes = 128,
                                             .input_bytes = 80,
                                             .seed = 5});
  }

  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    chat_ = run_all(chat_spec(), *dir_, chat_problem_);
    game_ = run_all(game_spec(), *dir_, game_problem_);
  }
  static void TearDownTestSuite() {
    dir_.reset();
    chat_.clear();
    game_.clear();
  }

  static Row row(const std::map<std::string, Row>& rows, const std::string& t) {
    const auto it = rows.find(t);
    if (it == rows.end()) {
      ADD_FAILURE() << "no row for " << t;
      return Row{{"transport", t}};
    }
    return it->second;
  }

  static std::unique_ptr<TempDir> dir_;
  static std::map<std::string, Row> chat_, game_;
  static std::string chat_problem_, game_problem_;
};

std::unique_ptr<TempDir> DuplexTest::dir_;
std::map<std::string, Row> DuplexTest::chat_, DuplexTest::game_;
std::string DuplexTest::chat_problem_, DuplexTest::game_problem_;

TEST_F(DuplexTest, RunsEveryTransportToCompletionForChatAndGame) {
  EXPECT_EQ(chat_problem_, "") << "pushbench run --workload chat failed";
  EXPECT_EQ(game_problem_, "") << "pushbench run --workload game failed";
  EXPECT_EQ(chat_.size(), kAll.size());
  EXPECT_EQ(game_.size(), kAll.size());
}

TEST_F(DuplexTest, BalancesEveryRowWithoutLossOrErrors) {
  for (const auto* rows : {&chat_, &game_}) {
    for (const std::string& t : kAll) {
      Row r = row(*rows, t);
      const double expected = number(r, "notifications_expected");
      EXPECT_GT(expected, 0) << t;
      EXPECT_EQ(number(r, "notifications_delivered") + number(r, "notifications_lost"), expected)
          << t << " " << r["workload"];
      for (const char* column :
           {"notifications_lost", "notifications_duplicated", "notifications_out_of_order",
            "notifications_misdelivered", "client_errors", "server_queue_drops", "upstream_lost",
            "upstream_rejected"}) {
        EXPECT_EQ(number(r, column), 0) << t << " " << r["workload"] << ": " << column;
      }
    }
  }
}

// The schedule, recomputed here, says how many (message, other member) pairs the window holds:
// every transport must deliver exactly those, none twice, none to the sender or another room
// (the tracker counts a pair once and calls anything else misdelivered).
TEST_F(DuplexTest, RelaysEveryChatMessageToEveryOtherRoomMemberExactlyOnce) {
  const WorkloadSpec spec = chat_spec();
  uint64_t messages = 0;
  uint64_t pairs = 0;
  ScheduleGenerator gen(spec);
  while (auto ev = gen.next()) {
    if (in_window(ev->offset_ns)) {
      ++messages;
      pairs += static_cast<uint64_t>(spec.room_members(static_cast<int>(ev->to)) - 1);
    }
  }
  ASSERT_GT(messages, 100u);
  for (const std::string& t : kAll) {
    const Row r = row(chat_, t);
    EXPECT_EQ(number(r, "notifications_expected"), static_cast<double>(pairs)) << t;
    EXPECT_EQ(number(r, "notifications_delivered"), static_cast<double>(pairs)) << t;
    EXPECT_EQ(number(r, "messages_sent"), static_cast<double>(messages)) << t;
    EXPECT_EQ(number(r, "messages_received"), static_cast<double>(messages)) << t;
    EXPECT_EQ(number(r, "room_size"), spec.room_size) << t;
  }
}

// Every full room, so each message's upstream latency stands behind room_size - 1 end-to-end
// samples that each include it: the end-to-end median cannot be below the upstream median.
TEST_F(DuplexTest, MeasuresUpstreamAndEndToEndLatencyForChat) {
  for (const std::string& t : kAll) {
    const Row r = row(chat_, t);
    const double up = number(r, "upstream_latency_p50_us");
    const double e2e = number(r, "e2e_latency_p50_us");
    EXPECT_GT(up, 0) << t;
    EXPECT_GE(e2e, up) << t;
    EXPECT_EQ(e2e, number(r, "latency_p50_us")) << t << ": for chat latency is end to end";
    EXPECT_LE(number(r, "upstream_latency_p50_us"), number(r, "upstream_latency_p99_us")) << t;
  }
}

// ws and tcp send up the connection they already hold: nothing but the messages goes up, so
// the bytes per message are exact (a masked client frame of 126..65535 bytes has an 8-byte
// header; a tcp line one '\n'), and no request or connection is added. HTTP transports send one
// POST /send per message.
TEST_F(DuplexTest, SendsUpTheOpenConnectionOnWsAndTcpAndOnePostPerMessageOnHttp) {
  const WorkloadSpec spec = chat_spec();
  const std::map<std::string, double> exact = {{"ws", spec.payload_bytes + 8.0},
                                               {"tcp", spec.payload_bytes + 1.0}};
  for (const auto& [t, bytes] : exact) {
    const Row r = row(chat_, t);
    // A message in flight at a window edge may put its bytes on the other side: one per edge.
    EXPECT_NEAR(number(r, "app_bytes_up"), number(r, "messages_sent") * bytes, 2 * bytes) << t;
    EXPECT_EQ(r.at("upstream_requests"), "") << t;
    EXPECT_EQ(number(r, "connections_open"), spec.clients) << t << ": one connection per client";
    EXPECT_EQ(number(r, "requests_total"), 0) << t;
  }
  EXPECT_LT(number(row(chat_, "ws-deflate"), "app_bytes_up"),
            number(row(chat_, "ws"), "app_bytes_up"));
  for (const std::string t : {"poll", "poll-close", "longpoll", "sse"}) {
    const Row r = row(chat_, t);
    EXPECT_NEAR(number(r, "upstream_requests"), number(r, "messages_sent"), 2) << t;
  }
  // Every HTTP message carries request and response headers; a frame or a line does not.
  for (const std::string t : {"poll", "poll-close", "longpoll", "sse"}) {
    EXPECT_GT(number(row(chat_, t), "upstream_bytes_per_message"),
              number(row(chat_, "ws"), "upstream_bytes_per_message") + 50)
        << t;
  }
  // A held long poll or event stream cannot carry a request: the sends need a second connection.
  for (const std::string t : {"longpoll", "sse"}) {
    EXPECT_GT(number(row(chat_, t), "connections_open"), spec.clients) << t;
  }
}

// Game: every client sends one input per tick (the plan, recomputed here, says how many fall in
// the window), the server receives them all, and both directions have latency percentiles.
TEST_F(DuplexTest, SendsEveryGameInputAndMeasuresBothDirections) {
  const WorkloadSpec spec = game_spec();
  UpstreamPlan plan(spec, 0, spec.clients);
  uint64_t inputs = 0;
  while (auto s = plan.next()) {
    inputs += in_window(s->offset_ns) ? 1 : 0;
  }
  ASSERT_EQ(inputs, static_cast<uint64_t>(spec.clients * spec.rate_hz * kDurationS));
  for (const std::string& t : kAll) {
    const Row r = row(game_, t);
    EXPECT_EQ(number(r, "messages_sent"), static_cast<double>(inputs)) << t;
    EXPECT_EQ(number(r, "messages_received"), static_cast<double>(inputs)) << t;
    EXPECT_GT(number(r, "upstream_latency_p50_us"), 0) << t;
    EXPECT_GT(number(r, "latency_p50_us"), 0) << t;
    EXPECT_EQ(number(r, "upstream_message_bytes"), spec.input_bytes) << t;
    EXPECT_EQ(r.at("e2e_latency_p50_us"), "") << t << ": end to end is a chat figure";
    // Broadcast state at the tick: every client gets every in-window tick.
    EXPECT_EQ(number(r, "notifications_expected"), spec.clients * spec.rate_hz * kDurationS) << t;
  }
}

}  // namespace
}  // namespace pushbench::test

namespace pushbench::test {
namespace {

// For one seed every transport delivers the same events, in the same order, with the same bytes:
// each client process folds the bytes of every in-window notification its first client received
// into a digest (FNV-1a, in arrival order). The game's state is a broadcast, identical for all.
TEST_F(DuplexTest, DeliversTheSameBytesInTheSameOrderOnEveryTransport) {
  std::map<std::string, std::vector<std::string>> by_digest;
  for (const std::string& t : kAll) {
    const std::string path = dir_->file("game") + "/raw/" + t + "-r1.client.json";
    const nlohmann::json j = nlohmann::json::parse(read_file(path), nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "no client result in " << path;
    by_digest[j.value("first_client_digest", std::string("missing"))].push_back(t);
  }
  EXPECT_EQ(by_digest.size(), 1u) << [&] {
    std::string groups;
    for (const auto& [digest, transports] : by_digest) {
      groups += digest + ":";
      for (const auto& t : transports) {
        groups += " " + t;
      }
      groups += "; ";
    }
    return groups;
  }();
  EXPECT_EQ(by_digest.count("missing"), 0u);
  EXPECT_EQ(by_digest.count("cbf29ce484222325"), 0u) << "the FNV-1a basis: no event was folded";
}

}  // namespace
}  // namespace pushbench::test
