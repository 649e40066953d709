// The upstream pacer (upstream_pacer.h): every send of this process's clients in the plan, each
// at its planned time and not before, in plan order, as the exact message the server expects.
#include "upstream_pacer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "client_options.h"
#include "event.h"
#include "upstream_plan.h"

namespace pushbench {
namespace {

constexpr int64_t kEpoch = 7'000'000'000;

ClientOptions options(Workload w, int first_client, int count) {
  ClientOptions o;
  o.epoch_mono_ns = kEpoch;
  o.first_client = first_client;
  o.count = count;
  o.workload.workload = w;
  o.workload.clients = 30;
  o.workload.rate_hz = w == Workload::kGame ? 20 : 100;
  o.workload.payload_bytes = 128;
  o.workload.input_bytes = 96;
  o.workload.room_size = 10;
  o.workload.seed = 11;
  o.workload.duration_ns = 2'000'000'000;
  return o;
}

struct Sent {
  int client;
  int64_t planned_ns;
  std::string message;
};

std::vector<Sent> sent_by(UpstreamPacer& pacer, int64_t now) {
  std::vector<Sent> out;
  pacer.send_due(now, [&](int client, int64_t planned_ns, std::string_view message) {
    out.push_back({client, planned_ns, std::string(message)});
  });
  return out;
}

TEST(UpstreamPacerTest, SendsThePlanAtItsPlannedTimes) {
  for (Workload w : {Workload::kChat, Workload::kGame}) {
    const ClientOptions o = options(w, 10, 12);
    UpstreamPacer pacer(o);
    UpstreamPlan plan(o.workload, 10, 12);
    ASSERT_TRUE(pacer.active());
    size_t sends = 0;
    while (const auto s = plan.next()) {
      const int64_t due = kEpoch + s->offset_ns;
      EXPECT_EQ(pacer.next_due_ns(), due);
      EXPECT_TRUE(sent_by(pacer, due - 1).empty());  // not before its time
      // Sends planned for the same instant go together, in plan order.
      std::vector<Sent> got = sent_by(pacer, due);
      ASSERT_FALSE(got.empty());
      for (size_t i = 0; i < got.size(); ++i) {
        const PlannedSend p = i == 0 ? *s : *plan.next();
        EXPECT_EQ(got[i].client, p.client);
        EXPECT_EQ(got[i].planned_ns, kEpoch + p.offset_ns);
        ASSERT_EQ(got[i].message.size(), static_cast<size_t>(o.workload.upstream_bytes()));
        const auto ev = parse_event(got[i].message);
        ASSERT_TRUE(ev);
        EXPECT_EQ(ev->length, got[i].message.size());
        EXPECT_EQ(ev->fields.seq, p.id);
        EXPECT_EQ(ev->fields.from, p.client);
        EXPECT_EQ(ev->fields.to, p.to);
        EXPECT_EQ(ev->fields.t_ns, kEpoch + p.offset_ns);
        EXPECT_EQ(ev->fields.msg, -1);
        EXPECT_GE(p.client, 10);
        EXPECT_LT(p.client, 22);
        ++sends;
      }
    }
    EXPECT_GT(sends, 0u);
    EXPECT_FALSE(pacer.active());
    EXPECT_EQ(pacer.next_due_ns(), std::numeric_limits<int64_t>::max());
  }
}

TEST(UpstreamPacerTest, ALateCallSendsEverythingDueInOrder) {
  const ClientOptions o = options(Workload::kChat, 0, 30);
  UpstreamPacer pacer(o);
  const std::vector<Sent> got = sent_by(pacer, kEpoch + 1'000'000'000);
  EXPECT_EQ(got.size(), 100u);  // 100 messages a second, all clients together
  for (size_t i = 1; i < got.size(); ++i) {
    EXPECT_LE(got[i - 1].planned_ns, got[i].planned_ns);
  }
  EXPECT_EQ(sent_by(pacer, kEpoch + 3'000'000'000).size(), 100u);  // the plan ends at 2 s
  EXPECT_FALSE(pacer.active());
}

TEST(UpstreamPacerTest, AWorkloadWithoutUpstreamSendsNothing) {
  UpstreamPacer pacer(options(Workload::kBroadcast, 0, 30));
  EXPECT_FALSE(pacer.active());
  EXPECT_EQ(pacer.next_due_ns(), std::numeric_limits<int64_t>::max());
  EXPECT_TRUE(sent_by(pacer, std::numeric_limits<int64_t>::max()).empty());
}

}  // namespace
}  // namespace pushbench
