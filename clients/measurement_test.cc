// What every client session records (measurement.h), driven by hand: the window's edges and what
// is counted only inside it, delivery and latency against the schedule, the errors an event off
// the schedule is, the first client's digest (the same bytes on any epoch), the upstream hooks by
// planned time, and the give-up clock. No socket is opened.
#include "measurement.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "client_options.h"
#include "clock.h"
#include "event.h"
#include "schedule.h"
#include "stop_flag.h"

namespace pushbench {
namespace {

constexpr int64_t kSec = 1'000'000'000;

// Broadcast to 2 clients, 10 events a second for 3 s (seq 0..29, at 50 ms, 150 ms, ...); the
// window is [1 s, 3 s) from the epoch: seq 10..29.
ClientOptions options(int64_t epoch) {
  ClientOptions o;
  o.count = 2;
  o.epoch_mono_ns = epoch;
  o.warmup_ns = 1 * kSec;
  o.window_ns = 2 * kSec;
  o.give_up_ns = 10 * kSec;
  o.workload.clients = 2;
  o.workload.rate_hz = 10;
  o.workload.payload_bytes = 96;
  o.workload.duration_ns = 3 * kSec;
  return o;
}

// The schedule's events as the server encodes them for this epoch.
std::vector<std::string> schedule_events(const ClientOptions& o) {
  std::vector<std::string> out;
  ScheduleGenerator gen(o.workload);
  while (const auto ev = gen.next()) {
    std::string json;
    EXPECT_TRUE(encode_event({.seq = ev->seq, .t_ns = o.epoch_mono_ns + ev->offset_ns, .to = -1},
                             o.workload.payload_bytes, o.workload.seed, json));
    out.push_back(std::move(json));
  }
  return out;
}

void receive(Measurement& m, int client, const std::string& json, int64_t delay_ns) {
  const auto ev = parse_event(json);
  ASSERT_TRUE(ev);
  m.on_event(client, *ev, ev->fields.t_ns + delay_ns);
}

nlohmann::json result(Measurement& m) { return nlohmann::json::parse(m.result_json()); }

TEST(MeasurementTest, TheWindowOpensAndClosesAtItsEdges) {
  const int64_t epoch = 100 * kSec;
  Measurement m(options(epoch));
  const int64_t start = epoch + 1 * kSec;
  const int64_t end = epoch + 3 * kSec;
  EXPECT_EQ(m.next_edge_ns(), start);
  m.tick(start - 1);
  EXPECT_FALSE(m.window_open());
  m.on_request(false);  // before the window: not counted
  m.on_header_bytes(100);
  m.tick(start);
  EXPECT_TRUE(m.window_open());
  EXPECT_EQ(m.next_edge_ns(), end);
  m.on_request(true);
  m.on_request(false);
  m.on_header_bytes(40);
  m.tick(end - 1);
  EXPECT_TRUE(m.window_open());
  m.tick(end);
  EXPECT_FALSE(m.window_open());
  EXPECT_EQ(m.next_edge_ns(), std::numeric_limits<int64_t>::max());
  m.on_request(false);  // after it: not counted either
  m.on_header_bytes(1000);
  EXPECT_EQ(m.counters().requests, 2u);
  EXPECT_EQ(m.counters().empty_responses, 1u);
  EXPECT_EQ(m.counters().http_header_bytes, 40u);
  EXPECT_FALSE(m.in_window(start - 1));
  EXPECT_TRUE(m.in_window(start));
  EXPECT_FALSE(m.in_window(end));
  const nlohmann::json r = result(m);
  EXPECT_EQ(r["window_complete"], true);
  EXPECT_EQ(r["requests"], 2);
}

TEST(MeasurementTest, CountsDeliveryAndLatencyOfTheWindowsEvents) {
  const ClientOptions o = options(200 * kSec);
  Measurement m(o);
  const std::vector<std::string> events = schedule_events(o);
  ASSERT_EQ(events.size(), 30u);
  for (const std::string& ev : events) {
    receive(m, 0, ev, 1500);
  }
  receive(m, 0, events[12], 9'000);  // a duplicate: not a second latency sample
  for (size_t seq = 10; seq < 20; ++seq) {
    receive(m, 1, events[seq], 2500);
  }
  const nlohmann::json r = result(m);
  EXPECT_EQ(r["delivery"]["expected"], 40);
  EXPECT_EQ(r["delivery"]["delivered"], 30);
  EXPECT_EQ(r["delivery"]["lost"], 10);
  EXPECT_EQ(r["delivery"]["duplicated"], 1);
  EXPECT_EQ(r["latency_ns"]["count"], 30);
  EXPECT_EQ(r["latency_ns"]["min"], 1500);
  EXPECT_EQ(r["latency_ns"]["max"], 2500);
  for (const char* e : {"connect", "status", "protocol", "payload", "schedule"}) {
    EXPECT_EQ(r["errors"][e], 0) << e;
  }
}

TEST(MeasurementTest, AServerOnAnotherHostsClockIsTakenIntoThisOne) {
  // The server's clock is 7 s ahead of this host's (pushbench-mpi measured it): its events carry
  // its times; the epoch given is time zero in this host's clock.
  constexpr int64_t kOffset = 7 * kSec;
  ClientOptions server_side = options(300 * kSec + kOffset);
  ClientOptions o = options(300 * kSec);
  o.clock_offset_ns = kOffset;
  Measurement m(o);
  const std::vector<std::string> events = schedule_events(server_side);
  const auto ev = parse_event(events[12]);
  ASSERT_TRUE(ev);
  m.on_event(0, *ev, ev->fields.t_ns - kOffset + 4'000);  // received 4 µs after, this clock
  EXPECT_EQ(m.counters().err_schedule, 0u);
  const nlohmann::json r = result(m);
  EXPECT_EQ(r["latency_ns"]["count"], 1);
  EXPECT_EQ(r["latency_ns"]["max"], 4'000);
}

TEST(MeasurementTest, AnEventOffTheScheduleOrOfTheWrongSizeIsAnError) {
  const ClientOptions o = options(300 * kSec);
  Measurement m(o);
  std::string moved;  // seq 15 with a publish time 1 ns off its schedule
  ASSERT_TRUE(encode_event({.seq = 15, .t_ns = o.epoch_mono_ns + 1'550'000'001, .to = -1},
                           o.workload.payload_bytes, o.workload.seed, moved));
  receive(m, 0, moved, 0);
  std::string small;  // seq 16 at its time, 80 bytes instead of 96
  ASSERT_TRUE(encode_event({.seq = 16, .t_ns = o.epoch_mono_ns + 1'650'000'000, .to = -1}, 80,
                           o.workload.seed, small));
  receive(m, 0, small, 0);
  EXPECT_EQ(m.counters().err_schedule, 1u);
  EXPECT_EQ(m.counters().err_payload, 1u);
  const nlohmann::json r = result(m);
  EXPECT_EQ(r["errors"]["schedule"], 1);
  EXPECT_EQ(r["errors"]["payload"], 1);
}

TEST(MeasurementTest, TheFirstClientsDigestIsTheSameOnAnyEpoch) {
  auto digest = [](int64_t epoch, const std::vector<size_t>& order, int client) {
    const ClientOptions o = options(epoch);
    Measurement m(o);
    const std::vector<std::string> events = schedule_events(o);
    for (size_t seq : order) {
      receive(m, client, events[seq], 1000 + static_cast<int64_t>(seq));
    }
    return result(m)["first_client_digest"].get<std::string>();
  };
  std::vector<size_t> in_order;
  for (size_t seq = 10; seq < 30; ++seq) {
    in_order.push_back(seq);
  }
  const std::string a = digest(400 * kSec, in_order, 0);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(digest(987'654'321'123, in_order, 0), a);  // another epoch, the same bytes
  std::vector<size_t> swapped = in_order;
  std::swap(swapped[3], swapped[4]);
  EXPECT_NE(digest(400 * kSec, swapped, 0), a);  // the order is part of it
  in_order.pop_back();
  EXPECT_NE(digest(400 * kSec, in_order, 0), a);  // so is every event
  const std::string none = digest(400 * kSec, {}, 0);
  EXPECT_EQ(digest(400 * kSec, in_order, 1), none);  // only the first client's events count
  // Warm-up events are not part of it.
  std::vector<size_t> with_warmup = {0, 1, 2};
  with_warmup.insert(with_warmup.end(), in_order.begin(), in_order.end());
  EXPECT_EQ(digest(400 * kSec, with_warmup, 0), digest(400 * kSec, in_order, 0));
}

TEST(MeasurementTest, UpstreamIsCountedByPlannedTime) {
  const int64_t epoch = 500 * kSec;
  Measurement m(options(epoch));
  const int64_t start = epoch + 1 * kSec;
  const int64_t end = epoch + 3 * kSec;
  m.on_message_sent(start - 1, start + 5);  // planned before the window: not counted
  m.on_message_sent(start, start + 700);
  m.on_message_sent(end - 1, end + 300);  // sent after the window, planned inside: counted
  m.on_message_sent(end, end);
  m.on_upstream_request(start, true);
  m.on_upstream_request(end - 1, false);
  m.on_upstream_request(end, false);
  m.on_upstream_bytes(start, 300);
  m.on_upstream_bytes(end, 5000);
  EXPECT_EQ(m.counters().messages_sent, 2u);
  EXPECT_EQ(m.counters().upstream_requests, 1u);
  EXPECT_EQ(m.counters().upstream_failed, 1u);
  EXPECT_EQ(m.counters().upstream_bytes, 300u);
  const nlohmann::json r = result(m);
  EXPECT_EQ(r["upstream"]["send_lag_ns"]["count"], 2);
  EXPECT_EQ(r["upstream"]["send_lag_ns"]["max"], 700);
}

TEST(MeasurementTest, GivesUpWhenConnectionsKeepFailingForGiveUpSecondsWithoutAnAnswer) {
  Measurement m(options(600 * kSec));
  const int64_t t0 = mono_ns();
  m.on_connect_error(t0);
  m.on_connect_error(t0 + 10 * kSec - 1);  // failing for less than --give-up
  m.tick(t0 + 60 * kSec);
  EXPECT_EQ(m.gave_up(), "") << "failures, then silence (a rare poller), are not a dead server";
  m.on_server_answered();              // the clock stops...
  m.on_connect_error(t0 + 70 * kSec);  // ...and starts again at the next failure
  m.tick(t0 + 90 * kSec);
  EXPECT_EQ(m.gave_up(), "");
  EXPECT_FALSE(stop_requested());
  m.on_connect_error(t0 + 80 * kSec);  // still failing --give-up after the first failure
  m.tick(t0 + 90 * kSec);
  EXPECT_NE(m.gave_up().find("has not answered for 20 s"), std::string::npos) << m.gave_up();
  EXPECT_NE(m.gave_up().find("(4 connection errors)"), std::string::npos) << m.gave_up();
  EXPECT_TRUE(stop_requested());  // the session loops end
}

}  // namespace
}  // namespace pushbench
