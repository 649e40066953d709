// Unit tests for delivery accounting: expected from the schedule, delivered + lost == expected,
// duplicates, reordering and misdelivery.
#include "delivery.h"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "clock.h"
#include "config_error.h"
#include "schedule.h"

namespace pushbench {
namespace {

using Outcome = DeliveryTracker::Outcome;

// 10 s at 10 Hz: seqs 0..99 at offsets 0, 0.1 s, ..., 9.9 s. The window [2 s, 8 s) holds the
// 60 seqs 20..79.
constexpr int64_t kWindowStart = 2 * kNsPerSec;
constexpr int64_t kWindowEnd = 8 * kNsPerSec;
constexpr int64_t kFirstInWindow = 20;
constexpr int64_t kLastInWindow = 79;
constexpr uint64_t kEventsInWindow = 60;

WorkloadSpec spec_for(Workload workload, int clients) {
  return WorkloadSpec{.workload = workload,
                      .arrival = Arrival::kFixed,
                      .clients = clients,
                      .rate_hz = 10,
                      .payload_bytes = 256,
                      .seed = 3,
                      .duration_ns = 10 * kNsPerSec};
}

std::vector<ScheduledEvent> schedule_of(const WorkloadSpec& spec) {
  std::vector<ScheduledEvent> events;
  ScheduleGenerator gen(spec);
  while (auto ev = gen.next()) {
    events.push_back(*ev);
  }
  return events;
}

bool in_window(const ScheduledEvent& ev) {
  return ev.offset_ns >= kWindowStart && ev.offset_ns < kWindowEnd;
}

void expect_invariant(const DeliveryTracker& t) {
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered + c.lost, c.expected);
}

// The in-window notify events addressed to client `client`.
std::vector<int64_t> notify_seqs_for(const std::vector<ScheduledEvent>& events, int client) {
  std::vector<int64_t> seqs;
  for (const ScheduledEvent& ev : events) {
    if (in_window(ev) && ev.to == client) {
      seqs.push_back(ev.seq);
    }
  }
  return seqs;
}

TEST(DeliveryTrackerTest, ExpectsHandCountForBroadcast) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 5), 0, 5, kWindowStart, kWindowEnd);
  ASSERT_EQ(t.schedule_size(), 100u);
  EXPECT_EQ(t.offset_of(kFirstInWindow), kWindowStart + 50'000'000);  // mid-period arrivals
  EXPECT_EQ(t.offset_of(kLastInWindow), 7'950'000'000);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.expected, 5 * kEventsInWindow);
  EXPECT_EQ(c.delivered, 0u);
  EXPECT_EQ(c.lost, 5 * kEventsInWindow);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_EQ(c.misdelivered, 0u);
}

TEST(DeliveryTrackerTest, ExpectsHandCountForNotify) {
  // Every event has exactly one recipient among the 10 clients.
  DeliveryTracker t(spec_for(Workload::kNotify, 10), 0, 10, kWindowStart, kWindowEnd);
  ASSERT_EQ(t.schedule_size(), 100u);
  EXPECT_EQ(t.counts().expected, kEventsInWindow);
  EXPECT_EQ(t.counts().lost, kEventsInWindow);
}

TEST(DeliveryTrackerTest, ExpectsNothingWhenWindowIsEmpty) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 5), 0, 5, kWindowStart, kWindowStart);
  EXPECT_EQ(t.counts().expected, 0u);
  EXPECT_EQ(t.on_receive(0, kFirstInWindow, -1), Outcome::kOutsideWindow);
  EXPECT_EQ(t.counts().delivered, 0u);
}

TEST(DeliveryTrackerTest, CountsAllDeliveredWhenEveryBroadcastArrives) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 5), 0, 5, kWindowStart, kWindowEnd);
  for (int client = 0; client < 5; ++client) {
    for (int64_t seq = kFirstInWindow; seq <= kLastInWindow; ++seq) {
      ASSERT_EQ(t.on_receive(client, seq, -1), Outcome::kCounted)
          << "client=" << client << " seq=" << seq;
    }
  }
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, c.expected);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_EQ(c.misdelivered, 0u);
}

TEST(DeliveryTrackerTest, CountsAllDeliveredWhenEveryNotificationArrives) {
  const WorkloadSpec spec = spec_for(Workload::kNotify, 10);
  DeliveryTracker t(spec, 0, 10, kWindowStart, kWindowEnd);
  for (const ScheduledEvent& ev : schedule_of(spec)) {
    if (in_window(ev)) {
      ASSERT_EQ(t.on_receive(static_cast<int>(ev.to), ev.seq, ev.to), Outcome::kCounted)
          << "seq=" << ev.seq;
    }
  }
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, kEventsInWindow);
  EXPECT_EQ(c.delivered, c.expected);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_EQ(c.misdelivered, 0u);
}

TEST(DeliveryTrackerTest, IgnoresReceiptsOutsideWindow) {
  const WorkloadSpec spec = spec_for(Workload::kNotify, 10);
  DeliveryTracker t(spec, 0, 10, kWindowStart, kWindowEnd);
  for (const ScheduledEvent& ev : schedule_of(spec)) {
    const Outcome o = t.on_receive(static_cast<int>(ev.to), ev.seq, ev.to);
    EXPECT_EQ(o, in_window(ev) ? Outcome::kCounted : Outcome::kOutsideWindow) << "seq=" << ev.seq;
    expect_invariant(t);
  }
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, kEventsInWindow);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_EQ(c.misdelivered, 0u);
}

TEST(DeliveryTrackerTest, IgnoresBroadcastReceiptsBeforeAndAfterWindow) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 2), 0, 2, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(0, kFirstInWindow - 1, -1), Outcome::kOutsideWindow);
  EXPECT_EQ(t.on_receive(0, kLastInWindow + 1, -1), Outcome::kOutsideWindow);
  EXPECT_EQ(t.on_receive(1, 0, -1), Outcome::kOutsideWindow);
  EXPECT_EQ(t.on_receive(1, 99, -1), Outcome::kOutsideWindow);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, 0u);
  EXPECT_EQ(c.lost, c.expected);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.misdelivered, 0u);
}

TEST(DeliveryTrackerTest, CountsSkippedNotificationsAsLost) {
  const WorkloadSpec spec = spec_for(Workload::kNotify, 10);
  DeliveryTracker t(spec, 0, 10, kWindowStart, kWindowEnd);
  uint64_t skipped = 0;
  for (const ScheduledEvent& ev : schedule_of(spec)) {
    if (!in_window(ev)) {
      continue;
    }
    if (ev.seq % 3 == 0) {
      ++skipped;
    } else {
      EXPECT_EQ(t.on_receive(static_cast<int>(ev.to), ev.seq, ev.to), Outcome::kCounted);
    }
    expect_invariant(t);
  }
  ASSERT_GT(skipped, 0u);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.lost, skipped);
  EXPECT_EQ(c.delivered, kEventsInWindow - skipped);
  EXPECT_EQ(c.delivered + c.lost, c.expected);
}

TEST(DeliveryTrackerTest, CountsSkippedBroadcastsAsLostPerClient) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 4), 0, 4, kWindowStart, kWindowEnd);
  uint64_t skipped = 0;
  for (int client = 0; client < 4; ++client) {
    for (int64_t seq = kFirstInWindow; seq <= kLastInWindow; ++seq) {
      if ((seq + client) % 7 == 0) {
        ++skipped;
        continue;
      }
      EXPECT_EQ(t.on_receive(client, seq, -1), Outcome::kCounted);
      expect_invariant(t);
    }
  }
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.lost, skipped);
  EXPECT_EQ(c.delivered + c.lost, c.expected);
  EXPECT_EQ(c.expected, 4 * kEventsInWindow);
}

TEST(DeliveryTrackerTest, CountsRepeatAsDuplicateNotDelivery) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 3), 0, 3, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(1, 30, -1), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(1, 30, -1), Outcome::kDuplicate);
  EXPECT_EQ(t.on_receive(1, 30, -1), Outcome::kDuplicate);
  // The same seq for another client is that client's first copy.
  EXPECT_EQ(t.on_receive(2, 30, -1), Outcome::kCounted);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, 2u);
  EXPECT_EQ(c.duplicated, 2u);
  EXPECT_EQ(c.out_of_order, 0u);
  EXPECT_EQ(c.lost, c.expected - 2);
}

TEST(DeliveryTrackerTest, CountsRepeatedNotificationAsDuplicate) {
  const WorkloadSpec spec = spec_for(Workload::kNotify, 10);
  DeliveryTracker t(spec, 0, 10, kWindowStart, kWindowEnd);
  const auto events = schedule_of(spec);
  const ScheduledEvent& ev = events[kFirstInWindow + 5];
  const int client = static_cast<int>(ev.to);
  EXPECT_EQ(t.on_receive(client, ev.seq, ev.to), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(client, ev.seq, ev.to), Outcome::kDuplicate);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, 1u);
  EXPECT_EQ(c.duplicated, 1u);
  expect_invariant(t);
}

TEST(DeliveryTrackerTest, DoesNotCountRepeatOutsideWindowAsDuplicate) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 3), 0, 3, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(0, 5, -1), Outcome::kOutsideWindow);
  EXPECT_EQ(t.on_receive(0, 5, -1), Outcome::kOutsideWindow);
  EXPECT_EQ(t.counts().duplicated, 0u);
  EXPECT_EQ(t.counts().delivered, 0u);
}

TEST(DeliveryTrackerTest, CountsOutOfOrderWhenLowerSeqArrivesLater) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 2), 0, 2, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(0, 27, -1), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(0, 25, -1), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(0, 26, -1), Outcome::kCounted);  // still below 27
  EXPECT_EQ(t.on_receive(0, 28, -1), Outcome::kCounted);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.out_of_order, 2u);
  EXPECT_EQ(c.delivered, 4u);
  EXPECT_EQ(c.duplicated, 0u);
  expect_invariant(t);
}

TEST(DeliveryTrackerTest, CountsSeqFiveAfterSevenAsOutOfOrder) {
  // A window from the epoch so that seqs 5 and 7 (0.5 s, 0.7 s) are inside it.
  DeliveryTracker t(spec_for(Workload::kBroadcast, 1), 0, 1, 0, kWindowEnd);
  EXPECT_EQ(t.on_receive(0, 7, -1), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(0, 5, -1), Outcome::kCounted);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.out_of_order, 1u);
  EXPECT_EQ(c.delivered, 2u);
  EXPECT_EQ(c.expected, 80u);
  EXPECT_EQ(c.lost, 78u);
}

TEST(DeliveryTrackerTest, TracksOrderPerClient) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 2), 0, 2, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(0, 40, -1), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(1, 30, -1), Outcome::kCounted);  // lower, but a different client
  EXPECT_EQ(t.counts().out_of_order, 0u);
}

TEST(DeliveryTrackerTest, CountsOutOfOrderForNotifyClient) {
  const WorkloadSpec spec = spec_for(Workload::kNotify, 2);
  DeliveryTracker t(spec, 0, 2, kWindowStart, kWindowEnd);
  const auto seqs = notify_seqs_for(schedule_of(spec), 0);
  ASSERT_GE(seqs.size(), 2u);
  EXPECT_EQ(t.on_receive(0, seqs[1], 0), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(0, seqs[0], 0), Outcome::kCounted);
  EXPECT_EQ(t.counts().out_of_order, 1u);
  EXPECT_EQ(t.counts().delivered, 2u);
}

TEST(DeliveryTrackerTest, CountsMisdeliveredWhenNotificationIsForAnotherClient) {
  const WorkloadSpec spec = spec_for(Workload::kNotify, 10);
  DeliveryTracker t(spec, 0, 10, kWindowStart, kWindowEnd);
  const auto events = schedule_of(spec);
  const ScheduledEvent& ev = events[kFirstInWindow + 3];
  const int recipient = static_cast<int>(ev.to);
  const int other = (recipient + 1) % 10;
  // Another client got it, with the event's own "to".
  EXPECT_EQ(t.on_receive(other, ev.seq, ev.to), Outcome::kMisdelivered);
  // The event claims a different recipient than the schedule does.
  EXPECT_EQ(t.on_receive(other, ev.seq, other), Outcome::kMisdelivered);
  EXPECT_EQ(t.on_receive(recipient, ev.seq, other), Outcome::kMisdelivered);
  // A notify event cannot be a broadcast.
  EXPECT_EQ(t.on_receive(recipient, ev.seq, -1), Outcome::kMisdelivered);
  DeliveryCounts c = t.counts();
  EXPECT_EQ(c.misdelivered, 4u);
  EXPECT_EQ(c.delivered, 0u);
  EXPECT_EQ(c.duplicated, 0u);
  // The rightful recipient still gets it counted.
  EXPECT_EQ(t.on_receive(recipient, ev.seq, ev.to), Outcome::kCounted);
  c = t.counts();
  EXPECT_EQ(c.delivered, 1u);
  EXPECT_EQ(c.misdelivered, 4u);
  expect_invariant(t);
}

TEST(DeliveryTrackerTest, CountsMisdeliveredWhenBroadcastCarriesRecipient) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 3), 0, 3, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(1, 30, 1), Outcome::kMisdelivered);
  EXPECT_EQ(t.counts().misdelivered, 1u);
  EXPECT_EQ(t.counts().delivered, 0u);
}

TEST(DeliveryTrackerTest, CountsMisdeliveredWhenSeqIsUnknown) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 3), 0, 3, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(0, 100, -1), Outcome::kMisdelivered);  // schedule is seqs 0..99
  EXPECT_EQ(t.on_receive(0, -1, -1), Outcome::kMisdelivered);
  EXPECT_EQ(t.on_receive(0, 1'000'000'000'000, -1), Outcome::kMisdelivered);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.misdelivered, 3u);
  EXPECT_EQ(c.delivered, 0u);
  expect_invariant(t);
}

TEST(DeliveryTrackerTest, CountsMisdeliveredWhenClientIsOutsideTrackedRange) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 10), 3, 4, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.on_receive(2, 30, -1), Outcome::kMisdelivered);
  EXPECT_EQ(t.on_receive(7, 30, -1), Outcome::kMisdelivered);
  EXPECT_EQ(t.on_receive(-1, 30, -1), Outcome::kMisdelivered);
  EXPECT_EQ(t.on_receive(3, 30, -1), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(6, 30, -1), Outcome::kCounted);
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.misdelivered, 3u);
  EXPECT_EQ(c.delivered, 2u);
  expect_invariant(t);
}

TEST(DeliveryTrackerTest, CountsOnlySubsetOfClientsForBroadcast) {
  DeliveryTracker t(spec_for(Workload::kBroadcast, 10), 3, 4, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.counts().expected, 4 * kEventsInWindow);
  for (int client = 0; client < 10; ++client) {
    for (int64_t seq = 0; seq < 100; ++seq) {
      t.on_receive(client, seq, -1);
    }
  }
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, 4 * kEventsInWindow);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.misdelivered, 6u * 100u);  // clients 0-2 and 7-9
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
}

TEST(DeliveryTrackerTest, CountsOnlySubsetOfClientsForNotify) {
  const WorkloadSpec spec = spec_for(Workload::kNotify, 10);
  const auto events = schedule_of(spec);
  uint64_t in_subset = 0;
  uint64_t elsewhere = 0;
  for (const ScheduledEvent& ev : events) {
    if (ev.to >= 3 && ev.to < 7) {
      in_subset += in_window(ev) ? 1u : 0u;
    } else {
      ++elsewhere;
    }
  }
  ASSERT_GT(in_subset, 0u);
  ASSERT_LT(in_subset, kEventsInWindow);

  DeliveryTracker t(spec, 3, 4, kWindowStart, kWindowEnd);
  EXPECT_EQ(t.counts().expected, in_subset);
  for (const ScheduledEvent& ev : events) {
    t.on_receive(static_cast<int>(ev.to), ev.seq, ev.to);
    expect_invariant(t);
  }
  const DeliveryCounts c = t.counts();
  EXPECT_EQ(c.delivered, in_subset);
  EXPECT_EQ(c.lost, 0u);
  EXPECT_EQ(c.misdelivered, elsewhere);
  EXPECT_EQ(c.duplicated, 0u);
  EXPECT_EQ(c.out_of_order, 0u);
}

TEST(DeliveryTrackerTest, ThrowsWhenScheduleIsUnbounded) {
  WorkloadSpec spec = spec_for(Workload::kBroadcast, 3);
  spec.duration_ns = 0;
  EXPECT_THROW({ DeliveryTracker t(spec, 0, 3, kWindowStart, kWindowEnd); }, ConfigError);
}

}  // namespace
}  // namespace pushbench

namespace pushbench {
namespace {

// Chat: 25 clients in rooms of 10 (the last room holds 5), 20 messages/s for 10 s.
WorkloadSpec chat_spec() {
  WorkloadSpec spec = spec_for(Workload::kChat, 25);
  spec.rate_hz = 20;
  spec.room_size = 10;
  return spec;
}

// The relayed event of message `ev` as the server sends it (seq = its relay order).
EventFields relayed(const ScheduledEvent& ev, int64_t relay_seq) {
  return EventFields{.seq = relay_seq, .t_ns = 0, .to = ev.to, .from = ev.from, .msg = ev.seq};
}

TEST(DeliveryChatTest, EveryOtherRoomMemberGetsEachMessageExactlyOnce) {
  const WorkloadSpec spec = chat_spec();
  const auto events = schedule_of(spec);
  // Two processes, clients 0..12 and 13..24 (room 1 is split between them).
  DeliveryTracker a(spec, 0, 13, kWindowStart, kWindowEnd);
  DeliveryTracker b(spec, 13, 12, kWindowStart, kWindowEnd);
  uint64_t notifications = 0;
  int64_t relay = 0;
  for (const ScheduledEvent& ev : events) {
    const int first = spec.room_first(static_cast<int>(ev.to));
    for (int c = first; c < first + spec.room_members(static_cast<int>(ev.to)); ++c) {
      if (c == ev.from) {
        continue;
      }
      DeliveryTracker& t = c < 13 ? a : b;
      const Outcome o = t.on_receive(c, relayed(ev, relay));
      EXPECT_EQ(o, in_window(ev) ? Outcome::kCounted : Outcome::kOutsideWindow);
      notifications += in_window(ev) ? 1 : 0;
    }
    ++relay;
  }
  EXPECT_GT(notifications, 0u);
  EXPECT_EQ(a.counts().expected + b.counts().expected, notifications);
  EXPECT_EQ(a.counts().delivered + b.counts().delivered, notifications);
  EXPECT_EQ(a.counts().lost + b.counts().lost, 0u);
  EXPECT_EQ(a.counts().misdelivered + b.counts().misdelivered, 0u);
  expect_invariant(a);
  expect_invariant(b);
}

TEST(DeliveryChatTest, SenderOtherRoomsAndForgedSendersAreMisdeliveries) {
  const WorkloadSpec spec = chat_spec();
  const auto events = schedule_of(spec);
  DeliveryTracker t(spec, 0, 25, kWindowStart, kWindowEnd);
  const ScheduledEvent* ev = nullptr;
  for (const ScheduledEvent& e : events) {
    if (in_window(e) && e.to == 0) {
      ev = &e;
      break;
    }
  }
  ASSERT_NE(ev, nullptr);
  const int sender = static_cast<int>(ev->from);
  const int other = sender == 0 ? 1 : 0;                                     // same room
  EXPECT_EQ(t.on_receive(sender, relayed(*ev, 0)), Outcome::kMisdelivered);  // its own message
  EXPECT_EQ(t.on_receive(15, relayed(*ev, 0)), Outcome::kMisdelivered);      // room 1
  EventFields forged = relayed(*ev, 0);
  forged.from = sender == 2 ? 3 : 2;
  EXPECT_EQ(t.on_receive(other, forged), Outcome::kMisdelivered);
  EventFields wrong_room = relayed(*ev, 0);
  wrong_room.to = 1;
  EXPECT_EQ(t.on_receive(other, wrong_room), Outcome::kMisdelivered);
  EXPECT_EQ(t.on_receive(other, relayed(*ev, 0)), Outcome::kCounted);
  EXPECT_EQ(t.on_receive(other, relayed(*ev, 1)), Outcome::kDuplicate);
  EXPECT_EQ(t.counts().misdelivered, 4u);
  EXPECT_EQ(t.counts().duplicated, 1u);
  expect_invariant(t);
}

TEST(DeliveryChatTest, OrderIsTheServersRelayOrderNotTheMessageIds) {
  const WorkloadSpec spec = chat_spec();
  const auto events = schedule_of(spec);
  std::vector<const ScheduledEvent*> room0;
  for (const ScheduledEvent& e : events) {
    if (in_window(e) && e.to == 0 && e.from != 9) {
      room0.push_back(&e);
    }
  }
  ASSERT_GE(room0.size(), 3u);
  DeliveryTracker t(spec, 0, 25, kWindowStart, kWindowEnd);
  // Messages relayed in the reverse of their planned order (the server's arrival order) arrive
  // in relay order: not out of order.
  int64_t relay = 100;
  for (auto it = room0.rbegin(); it != room0.rend(); ++it) {
    EXPECT_EQ(t.on_receive(9, relayed(**it, relay++)), Outcome::kCounted);
  }
  EXPECT_EQ(t.counts().out_of_order, 0u);
  // A relay seq below one already received is out of order.
  DeliveryTracker u(spec, 0, 25, kWindowStart, kWindowEnd);
  EXPECT_EQ(u.on_receive(9, relayed(*room0[0], 5)), Outcome::kCounted);
  EXPECT_EQ(u.on_receive(9, relayed(*room0[1], 4)), Outcome::kCounted);
  EXPECT_EQ(u.counts().out_of_order, 1u);
}

}  // namespace
}  // namespace pushbench
