// Unit tests for the upstream plan (chat messages, game inputs): deterministic, time-ordered,
// every sender's messages addressed to its own room, every game client once per tick.
#include "upstream_plan.h"

#include <map>
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include "clock.h"
#include "event.h"

namespace pushbench {
namespace {

std::vector<PlannedSend> all(const WorkloadSpec& spec, int first, int count) {
  UpstreamPlan plan(spec, first, count);
  std::vector<PlannedSend> out;
  while (auto s = plan.next()) {
    out.push_back(*s);
  }
  return out;
}

WorkloadSpec chat_spec() {
  return WorkloadSpec{.workload = Workload::kChat,
                      .clients = 25,
                      .rate_hz = 200,
                      .payload_bytes = 128,
                      .room_size = 10,
                      .seed = 7,
                      .duration_ns = 2 * kNsPerSec};
}

TEST(UpstreamPlan, ChatIsTheScheduleSplitBySender) {
  const WorkloadSpec spec = chat_spec();
  std::vector<ScheduledEvent> schedule;
  ScheduleGenerator gen(spec);
  while (auto ev = gen.next()) {
    schedule.push_back(*ev);
  }
  ASSERT_EQ(schedule.size(), 400u);
  // Two processes with disjoint client ranges together send every message exactly once.
  auto a = all(spec, 0, 12);
  auto b = all(spec, 12, 13);
  EXPECT_EQ(a.size() + b.size(), schedule.size());
  std::set<int64_t> ids;
  for (const auto* part : {&a, &b}) {
    int64_t prev = -1;
    for (const PlannedSend& s : *part) {
      EXPECT_TRUE(ids.insert(s.id).second) << "message " << s.id << " planned twice";
      const ScheduledEvent& ev = schedule[static_cast<size_t>(s.id)];
      EXPECT_EQ(s.client, ev.from);
      EXPECT_EQ(s.offset_ns, ev.offset_ns);
      EXPECT_EQ(s.to, s.client / 10);  // the sender's room
      EXPECT_GE(s.offset_ns, prev);
      prev = s.offset_ns;
    }
  }
  // The last room holds clients 20..24 only.
  EXPECT_EQ(spec.room_members(2), 5);
  EXPECT_EQ(spec.room_members(3), 0);
}

TEST(UpstreamPlan, GameSendsEveryClientOncePerTickInTimeOrder) {
  WorkloadSpec spec{.workload = Workload::kGame,
                    .clients = 50,
                    .rate_hz = 20,
                    .payload_bytes = 256,
                    .seed = 3,
                    .duration_ns = kNsPerSec};
  const auto sends = all(spec, 10, 30);
  ASSERT_EQ(sends.size(), 20u * 30u);  // 20 ticks in one second, 30 clients
  std::map<int, std::vector<int64_t>> ticks;
  int64_t prev = -1;
  for (const PlannedSend& s : sends) {
    EXPECT_GE(s.offset_ns, prev);
    prev = s.offset_ns;
    EXPECT_EQ(s.to, -1);
    EXPECT_GE(s.client, 10);
    EXPECT_LT(s.client, 40);
    // Tick k is sent inside [k, k+1) periods at the client's own phase.
    EXPECT_EQ(s.offset_ns, s.id * 50 * kNsPerMs + game_input_phase_ns(spec, s.client));
    ticks[s.client].push_back(s.id);
  }
  for (const auto& [client, ids] : ticks) {
    ASSERT_EQ(ids.size(), 20u);
    for (size_t k = 0; k < ids.size(); ++k) {
      EXPECT_EQ(ids[k], static_cast<int64_t>(k));
    }
  }
  // Phases are spread over the tick, not one herd.
  std::set<int64_t> phases;
  for (int c = 0; c < 50; ++c) {
    const int64_t p = game_input_phase_ns(spec, c);
    EXPECT_GE(p, 0);
    EXPECT_LT(p, 50 * kNsPerMs);
    phases.insert(p / kNsPerMs);
  }
  EXPECT_GT(phases.size(), 25u);
}

TEST(UpstreamPlan, BroadcastAndIdleSendNothing) {
  for (Workload w : {Workload::kBroadcast, Workload::kNotify, Workload::kIdle}) {
    WorkloadSpec spec{.workload = w, .clients = 5, .duration_ns = kNsPerSec};
    EXPECT_TRUE(all(spec, 0, 5).empty()) << name(w);
  }
}

TEST(UpstreamPlan, MessagesAreExactlyTheirSizeAndParse) {
  const WorkloadSpec chat = chat_spec();
  WorkloadSpec game{.workload = Workload::kGame,
                    .clients = 5,
                    .rate_hz = 20,
                    .input_bytes = 80,
                    .seed = 1,
                    .duration_ns = kNsPerSec};
  const int64_t epoch = 123'456'789'000'000;
  for (const WorkloadSpec* spec : std::vector<const WorkloadSpec*>{&chat, &game}) {
    for (const PlannedSend& s : all(*spec, 0, spec->clients)) {
      std::string out;
      ASSERT_TRUE(encode_upstream(*spec, s, epoch, out));
      ASSERT_EQ(out.size(), static_cast<size_t>(spec->upstream_bytes()));
      const auto ev = parse_event(out);
      ASSERT_TRUE(ev);
      EXPECT_EQ(ev->length, out.size());
      EXPECT_EQ(ev->fields.seq, s.id);
      EXPECT_EQ(ev->fields.t_ns, epoch + s.offset_ns);
      EXPECT_EQ(ev->fields.to, s.to);
      EXPECT_EQ(ev->fields.from, s.client);
      EXPECT_EQ(ev->fields.msg, -1);
    }
  }
}

}  // namespace
}  // namespace pushbench
